"""Finding text in the review: which segments contain the searched text, and where.

Search ignores case, Arabic diacritics and tatweel, so ``نولاند`` finds
``نُولاند``.  Spans are offsets into the text as stored, so a match can be
highlighted in both columns.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.app import ReviewApp


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """The search key of ``text`` and, for each of its characters, where it came from."""
    folded: list[str] = []
    offsets: list[int] = []
    for index, ch in enumerate(text):
        if unicodedata.combining(ch) or ch == "ـ":
            continue
        for piece in ch.casefold():
            folded.append(piece)
            offsets.append(index)
    return "".join(folded), offsets


def fold(text: str) -> str:
    """Search key: case, Arabic diacritics and tatweel ignored."""
    return fold_with_offsets(text)[0]


def find_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where ``query`` occurs in ``text``, as (start, end) offsets into ``text``."""
    wanted = fold(query)
    if not wanted:
        return []
    folded, offsets = fold_with_offsets(text)
    spans: list[tuple[int, int]] = []
    at = folded.find(wanted)
    while at >= 0:
        last = at + len(wanted) - 1
        end = offsets[last] + 1
        while end < len(text) and (unicodedata.combining(text[end]) or text[end] == "ـ"):
            end += 1  # keep the marks on the last letter inside the highlight
        spans.append((offsets[at], end))
        at = folded.find(wanted, at + len(wanted))
    return spans


class SearchController:
    """The searched text, and moving between the segments that contain it."""

    def __init__(self, app: ReviewApp) -> None:
        self.app = app
        self.query = ""

    def submitted(self, query: str) -> None:
        if query.strip():
            self.query = query.strip()
            self.find(1, include_current=True)

    def find(self, step: int, include_current: bool = False) -> None:
        app = self.app
        if not self.query:
            app.action_search()
            return
        wanted = fold(self.query)
        segments = app.project.segments
        count = len(segments)
        start = app.segment_list.current
        for offset in range(0 if include_current else 1, count + 1):
            index = (start + step * offset) % count
            seg = segments[index]
            if wanted in fold(seg.source) or wanted in fold(seg.target):
                app.segment_list.select(index)
                return
        app.notify(f"No segment contains {self.query!r}.", severity="warning")
