"""Write translations as text paragraphs, JSON lines, TSV or XLIFF."""

from __future__ import annotations

import json
import re
from dataclasses import asdict

from translator.engine import SentenceTranslation
from translator.memory.reused import ReusedSentence
from translator.segment import paragraphs

FORMATS = ("text", "jsonl", "tsv", "xliff")
LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def as_text(source: str, sentences: list[SentenceTranslation]) -> str:
    """English paragraphs on the same lines as the Arabic ones, blank lines kept."""
    spans = paragraphs(source)
    english: list[list[str]] = [[] for _ in spans]
    for sentence in sentences:
        english[sentence.paragraph].append(sentence.target)
    out: list[str] = []
    cursor = 0
    for (start, end), parts in zip(spans, english, strict=True):
        gap = source[cursor:start]
        out.append("\n" * len(LINE_BREAK.findall(gap)))
        out.append(" ".join(p for p in parts if p))
        cursor = end
    if spans:
        out.append("\n")
    return "".join(out)


def as_jsonl(sentences: list[SentenceTranslation], with_terms: bool) -> str:
    lines = []
    for s in sentences:
        record: dict[str, object] = {
            "paragraph": s.paragraph,
            "index": s.index,
            "start": s.start,
            "end": s.end,
            "source": s.source,
            "target": s.target,
            # "tm": reused from the translation memory (``origin``, ``memory_id``); "mt": the model
            "status": "tm" if isinstance(s, ReusedSentence) else "mt",
        }
        if isinstance(s, ReusedSentence):
            record["origin"] = s.origin
            record["memory_id"] = s.memory_id
        if with_terms:
            record["terms"] = [asdict(term) for term in s.terms]
        if s.warnings:
            record["warnings"] = s.warnings
        if s.last_resort:
            record["last_resort"] = s.last_resort
        if s.names:
            record["names"] = s.names
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return "".join(lines)


def _tsv_cell(text: str) -> str:
    return text.replace("\t", " ").replace("\n", " ")


def as_tsv(sentences: list[SentenceTranslation]) -> str:
    return "".join(f"{_tsv_cell(s.source)}\t{_tsv_cell(s.target)}\n" for s in sentences)


def as_xliff(
    source: str,
    sentences: list[SentenceTranslation],
    *,
    name: str,
    model: str | None,
    glossary: str | None,
    version: str,
) -> str:
    """One unit per sentence, grouped by paragraph (see ``formats.xliff_write``)."""
    from pathlib import Path

    from translator.formats.bilingual import from_sentences
    from translator.formats.xliff_write import write_xliff

    original = "stdin.txt" if name == "-" else Path(name).name
    doc = from_sentences(source, sentences, original=original, model=model, glossary=glossary)
    return write_xliff(doc, version).decode("utf-8")


def render(
    fmt: str,
    source: str,
    sentences: list[SentenceTranslation],
    with_terms: bool,
    *,
    name: str = "-",
    model: str | None = None,
    glossary: str | None = None,
    xliff_version: str = "2.1",
) -> str:
    if fmt == "xliff":
        return as_xliff(
            source, sentences, name=name, model=model, glossary=glossary, version=xliff_version
        )
    if fmt == "jsonl":
        return as_jsonl(sentences, with_terms)
    if fmt == "tsv":
        return as_tsv(sentences)
    return as_text(source, sentences)
