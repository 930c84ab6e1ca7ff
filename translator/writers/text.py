"""``text``: the English paragraphs, one line per Arabic paragraph."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from translator.writers.base import Option, ReviewSource, StreamWriter, flat

if TYPE_CHECKING:
    from translator.engine import Block, SentenceTranslation

EXTENSION = ".en.txt"
OPTIONS = (
    Option(
        "--approved-only",
        frozenset({"export"}),
        {"action": "store_true", "help": "text: leave out segments not approved yet"},
    ),
)
LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def render(source: str, sentences: list[SentenceTranslation], **_: object) -> str:
    """English paragraphs on the same lines as the Arabic ones, blank lines kept."""
    # lazy: loads when written; `translate --help` loads the writers table
    from translator.segment import paragraphs

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


class TextWriter(StreamWriter):
    """``render`` a block at a time: each paragraph's breaks, then its English on one line."""

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


def stream_writer(**_: object) -> StreamWriter:
    return TextWriter()


def render_review(review: ReviewSource, *, approved_only: bool = False, **_: object) -> str:
    """One English line per Arabic paragraph (line N is paragraph N of the source); pending
    segments give nothing, and with ``approved_only`` neither do those not approved yet."""
    count = max((s.paragraph for s in review.segments), default=-1) + 1
    paragraphs: list[list[str]] = [[] for _ in range(count)]
    for seg in review.segments:
        if seg.status == "pending" or (approved_only and seg.status != "approved"):
            continue
        if seg.target.strip():
            paragraphs[seg.paragraph].append(flat(seg.target))
    return "".join(" ".join(p) + "\n" for p in paragraphs)
