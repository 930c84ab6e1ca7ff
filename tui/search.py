"""Finding text in the review: which segments contain the searched text, and where.

Search ignores case, Arabic diacritics and tatweel, so ``نولاند`` finds
``نُولاند``.  Spans are offsets into the text as stored, so a match can be
highlighted in both columns.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from tui.bidi import display

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
    """The searched text, its marks in the rows, and moving between matching segments."""

    def __init__(self, app: ReviewApp) -> None:
        self.app = app
        self.query = ""

    def submitted(self, query: str) -> None:
        """Enter in the search box: mark and go to the first match; empty: stop searching."""
        if not query.strip():
            self.clear()
            return
        self.query = query.strip()
        self.app.segment_list.highlight(self.query)
        self.app.source_view.highlight(self.query)
        self.find(1, include_current=True)

    def clear(self) -> None:
        self.query = ""
        self.app.segment_list.highlight("")
        self.app.source_view.highlight("")
        self.app.status.search = ""

    def matches(self) -> list[int]:
        """Segments whose Arabic or English contains the searched text, in order."""
        wanted = fold(self.query)
        return [
            i
            for i, seg in enumerate(self.app.project.segments)
            if wanted in fold(seg.source) or wanted in fold(seg.target)
        ]

    def find(self, step: int, include_current: bool = False) -> None:
        """Go to the next (``step`` 1) or previous (-1) matching segment, wrapping around."""
        app = self.app
        if not self.query:
            app.action_search()
            return
        found = self.matches()
        shown = display(self.query, app.bidi)
        if not found:
            app.status.search = f"“{shown}”: no match"
            app.notify(f"No segment contains “{self.query}”.", severity="warning")
            return
        current = app.segment_list.current
        if include_current and current in found:
            target = current
        elif step > 0:
            target = next((i for i in found if i > current), found[0])
        else:
            target = next((i for i in reversed(found) if i < current), found[-1])
        app.segment_list.select(target)
        app.status.search = (
            f"“{shown}”: {found.index(target) + 1} of {len(found)} (n next, N previous, esc clears)"
        )
