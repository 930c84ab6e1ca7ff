"""``tsv``: Arabic and English side by side; a review adds its number, status and machine output.

Tabs and line breaks inside text become spaces.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from translator.writers.base import Option, ReviewSource, StreamWriter, flat

if TYPE_CHECKING:
    from translator.engine import Block, SentenceTranslation

EXTENSION = ".tsv"
OPTIONS: tuple[Option, ...] = ()


def _tsv_cell(text: str) -> str:
    return text.replace("\t", " ").replace("\n", " ")


def as_tsv(sentences: list[SentenceTranslation]) -> str:
    return "".join(f"{_tsv_cell(s.source)}\t{_tsv_cell(s.target)}\n" for s in sentences)


def render(source: str, sentences: list[SentenceTranslation], **_: object) -> str:
    return as_tsv(sentences)


class TsvWriter(StreamWriter):
    def block(self, block: Block) -> str:
        return as_tsv(block.sentences)


def stream_writer(**_: object) -> StreamWriter:
    return TsvWriter()


def render_review(review: ReviewSource, **_: object) -> str:
    """A header, then per segment: number, paragraph, status, Arabic, English, machine."""
    rows = ["segment\tparagraph\tstatus\tarabic\tenglish\tmachine"]
    for number, seg in enumerate(review.segments, start=1):
        cells = [
            str(number),
            str(seg.paragraph + 1),
            seg.status,
            flat(seg.source),
            flat(seg.target),
            flat(seg.machine or ""),
        ]
        rows.append("\t".join(cells))
    return "\n".join(rows) + "\n"
