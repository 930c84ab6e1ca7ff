"""``jsonl``: one JSON object per sentence (translate) or per review segment (export)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from translator.writers.base import Option, ReviewSource, StreamWriter, post_edit_ter

if TYPE_CHECKING:
    from translator.engine import Block, SentenceTranslation

EXTENSION = ".jsonl"
OPTIONS: tuple[Option, ...] = ()


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
            # ``Origin``: "tm" reused from the translation memory (``origin``, ``memory_id``),
            # "mt" the model
            "status": str(s.via),
        }
        if s.reused:
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


def render(
    source: str, sentences: list[SentenceTranslation], *, with_terms: bool, **_: object
) -> str:
    return as_jsonl(sentences, with_terms)


class JsonlWriter(StreamWriter):
    def __init__(self, with_terms: bool) -> None:
        self.with_terms = with_terms

    def block(self, block: Block) -> str:
        return as_jsonl(block.sentences, self.with_terms)


def stream_writer(*, with_terms: bool, **_: object) -> StreamWriter:
    return JsonlWriter(with_terms)


def render_review(review: ReviewSource, **_: object) -> str:
    """Spans, status, machine and final English, ``ter`` (the post-editing effort: TER from
    the machine output to the final English, null when untranslated) and, with a glossary,
    the names each segment requires and those its English lacks."""
    lines = []
    for number, seg in enumerate(review.segments, start=1):
        record = {
            "segment": number,
            "paragraph": seg.paragraph + 1,
            "start": seg.start,
            "end": seg.end,
            "status": seg.status,
            "source": seg.source,
            "machine": seg.machine,
            "target": seg.target,
            "ter": post_edit_ter(seg.machine, seg.target),
        }
        names = review.names(number - 1)
        if names is not None:
            record["names"], record["missing"] = list(names[0]), list(names[1])
        lines.append(json.dumps(record, ensure_ascii=False))
    return "".join(line + "\n" for line in lines)
