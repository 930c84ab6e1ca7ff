"""Write translations as text paragraphs, JSON lines, TSV or XLIFF.

``render`` writes a whole document at once; ``stream_writer`` gives the same
bytes a block at a time (``StreamWriter``), which is how ``tarjama translate``
writes, so a big file's English never sits in memory whole.
"""

from __future__ import annotations

import json
import re
from typing import Any

from translator.engine import Block, SentenceTranslation
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
            record["terms"] = [term.record() for term in s.terms]
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


# ---------------------------------------------------------------------- streaming
class StreamWriter:
    """Writes a translation block by block; the pieces joined equal ``render``'s output.

    ``begin`` / ``block`` / ``end`` return the text to append.  ``state`` is what
    a checkpoint keeps (taken only after a block that ends a paragraph) and
    ``restore`` puts it back when a run resumes.
    """

    def begin(self) -> str:
        return ""

    def block(self, block: Block) -> str:
        raise NotImplementedError

    def end(self) -> str:
        return ""

    def state(self) -> dict[str, Any]:
        return {}

    def restore(self, state: dict[str, Any]) -> None:
        """Continue after a checkpoint taken with ``state``."""


class TextWriter(StreamWriter):
    """``as_text`` a block at a time: each paragraph's breaks, then its English on one line."""

    def __init__(self) -> None:
        self.wrote = False  # any paragraph yet (the file then ends with a line break)
        self.line_open = False  # the last paragraph may go on in the next block

    def block(self, block: Block) -> str:
        english: dict[int, list[str]] = {}
        for s in block.sentences:
            english.setdefault(s.paragraph, []).append(s.target)
        out: list[str] = []
        starting = {p.index for p in block.paragraphs}
        for index, parts in english.items():  # the end of a paragraph an earlier block began
            if index not in starting:
                joined = " ".join(p for p in parts if p)
                if joined:
                    out.append((" " if self.line_open else "") + joined)
                    self.line_open = True
        for para in block.paragraphs:
            out.append("\n" * para.breaks_before)
            joined = " ".join(p for p in english.get(para.index, []) if p)
            out.append(joined)
            self.line_open = bool(joined)
            self.wrote = True
        return "".join(out)

    def end(self) -> str:
        return "\n" if self.wrote else ""

    def state(self) -> dict[str, Any]:
        return {"wrote": self.wrote}

    def restore(self, state: dict[str, Any]) -> None:
        self.wrote = bool(state.get("wrote"))
        self.line_open = False


class JsonlWriter(StreamWriter):
    def __init__(self, with_terms: bool) -> None:
        self.with_terms = with_terms

    def block(self, block: Block) -> str:
        return as_jsonl(block.sentences, self.with_terms)


class TsvWriter(StreamWriter):
    def block(self, block: Block) -> str:
        return as_tsv(block.sentences)


class XliffWriter(StreamWriter):
    """``as_xliff`` a paragraph group at a time, between a header and a footer.

    The header and footer are cut from the file ``write_xliff`` makes for the same
    document with one empty placeholder group, and each group is the same writer's
    output for that group alone, cut out the same way; so the pieces are the very
    bytes ``write_xliff`` gives for the whole document (tests compare them).  The
    units of a paragraph are held until it ends: a group is written whole.
    The header needs the text's SHA-256 before any unit: the caller's scan gives it.
    """

    def __init__(
        self, *, name: str, model: str | None, glossary: str | None, version: str, sha256: str
    ) -> None:
        from pathlib import Path

        from translator.formats.bilingual import BilingualDocument
        from translator.formats.xliff_common import VERSIONS

        if version not in VERSIONS:
            raise ValueError(f"XLIFF version {version!r}; use one of {', '.join(VERSIONS)}")
        self.version = version
        self.original = "stdin.txt" if name == "-" else Path(name).name
        self.model = model
        self.glossary = glossary
        metadata = {"source-sha256": sha256}
        if model:
            metadata["model"] = model
        if glossary:
            metadata["glossary"] = glossary
        self.doc = BilingualDocument([], original=self.original, metadata=metadata)
        self.groups = 0  # groups written so far
        self.pending: list[SentenceTranslation] = []  # units of a paragraph still going on
        self._root, self._container = self._skeleton()
        placeholder = self._render_group([], 0)
        self._prefix, self._suffix = placeholder
        self._separator = self._prefix[self._prefix.rfind(b"\n") :]

    def _skeleton(self) -> tuple[Any, Any]:
        from translator.formats import xliff_write
        from translator.formats.xliff_common import XLIFF12_NS, q

        if self.version == "2.1":
            root = xliff_write._write_2(self.doc)
            container = root[0]
            container.remove(container[-1])  # the empty group a unit-less file gets
        else:
            root = xliff_write._write_12(self.doc, "")
            container = root[0].find(q(XLIFF12_NS, "body"))
        return root, container

    def _render_group(
        self, sentences: list[SentenceTranslation], number: int
    ) -> tuple[bytes, bytes]:
        """(bytes before the group, the group) — or, for the placeholder, (header, footer)."""
        from lxml import etree

        from translator.formats import xliff_write
        from translator.formats.bilingual import from_sentences
        from translator.formats.xliff_common import XLIFF2_NS, XLIFF12_NS, q

        ns = XLIFF2_NS if self.version == "2.1" else XLIFF12_NS
        group = etree.SubElement(self._container, q(ns, "group"), id=f"p{number}")
        unit = xliff_write._unit_2 if self.version == "2.1" else xliff_write._unit_12
        segments = from_sentences("", sentences, original=self.original, model=self.model).segments
        for s, seg in zip(sentences, segments, strict=True):
            unit(group, s.index + 1, seg, self.doc)
        try:
            xliff_write._indent(self._root)
            data = etree.tostring(self._root, xml_declaration=True, encoding="UTF-8") + b"\n"
        finally:
            self._container.remove(group)
        if not sentences:
            placeholder = f'<group id="p{number}"/>'.encode()
            at = data.index(placeholder)
            return data[:at], data[at + len(placeholder) :]
        if not (data.startswith(self._prefix) and data.endswith(self._suffix)):
            raise AssertionError("XLIFF group did not serialise between the header and footer")
        return data[: len(self._prefix)], data[len(self._prefix) : len(data) - len(self._suffix)]

    def _flush(self) -> str:
        if not self.pending:
            return ""
        self.groups += 1
        _, group = self._render_group(self.pending, self.groups)
        self.pending = []
        lead = self._prefix if self.groups == 1 else self._separator
        return (lead + group).decode("utf-8")

    def block(self, block: Block) -> str:
        out: list[str] = []
        for s in block.sentences:
            if self.pending and s.paragraph != self.pending[-1].paragraph:
                out.append(self._flush())
            self.pending.append(s)
        if block.ends_paragraph:
            out.append(self._flush())
        return "".join(out)

    def end(self) -> str:
        tail = self._flush()
        if not self.groups:  # no unit at all: the file write_xliff makes for none
            from translator.formats.xliff_write import write_xliff

            return write_xliff(self.doc, self.version).decode("utf-8")
        return tail + self._suffix.decode("utf-8")

    def state(self) -> dict[str, Any]:
        return {"groups": self.groups}

    def restore(self, state: dict[str, Any]) -> None:
        self.groups = int(state.get("groups", 0))
        self.pending = []


def stream_writer(
    fmt: str,
    with_terms: bool,
    *,
    name: str = "-",
    model: str | None = None,
    glossary: str | None = None,
    xliff_version: str = "2.1",
    sha256: str = "",
) -> StreamWriter:
    """The block-by-block writer of ``fmt`` (``render``'s output, in pieces)."""
    if fmt == "xliff":
        return XliffWriter(
            name=name, model=model, glossary=glossary, version=xliff_version, sha256=sha256
        )
    if fmt == "jsonl":
        return JsonlWriter(with_terms)
    if fmt == "tsv":
        return TsvWriter()
    return TextWriter()
