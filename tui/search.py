"""Finding text in the review: which segments contain the searched text, and where.

Search ignores case, Arabic diacritics and tatweel, so ``نولاند`` finds
``نُولاند``.  Spans are offsets into the text as stored, so a match can be
highlighted in both columns.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.bidi import display

if TYPE_CHECKING:
    from tui.review_state import ReviewState


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


@dataclass(frozen=True)
class SearchStep:
    """Where a search step goes: the segment to select (None: no segment matches), the
    status line, and the warning to show when nothing matches."""

    target: int | None
    line: str
    warning: str = ""


class SearchController:
    """The searched text and moving between the segments that contain it.

    It reads the segments and answers; the app marks the rows and selects.
    """

    def __init__(self, state: ReviewState) -> None:
        self.state = state
        self.query = ""

    def submit(self, query: str) -> None:
        """Enter in the search box: search for ``query`` (empty: stop searching)."""
        self.query = query.strip()

    def matches(self) -> list[int]:
        """Segments whose Arabic or English contains the searched text, in order."""
        wanted = fold(self.query)
        return [
            i
            for i, seg in enumerate(self.state.segments)
            if wanted in fold(seg.source) or wanted in fold(seg.target)
        ]

    def step(self, step: int, current: int, include_current: bool = False) -> SearchStep:
        """The next (``step`` 1) or previous (-1) matching segment from ``current``, wrapping."""
        found = self.matches()
        shown = display(self.query, self.state.bidi)
        if not found:
            return SearchStep(None, f"“{shown}”: no match", f"No segment contains “{self.query}”.")
        if include_current and current in found:
            target = current
        elif step > 0:
            target = next((i for i in found if i > current), found[0])
        else:
            target = next((i for i in reversed(found) if i < current), found[-1])
        where = f"{found.index(target) + 1} of {len(found)}"
        return SearchStep(target, f"“{shown}”: {where} (n next, N previous, esc clears)")
