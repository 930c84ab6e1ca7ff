"""The scrolling list of segment rows, with the keyboard moves of a CAT tool."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.reactive import reactive

from tui.components.segment_row import SegmentRow
from tui.messages import CurrentChanged
from tui.project import Segment
from tui.term_check import SegmentTerms


class SegmentList(VerticalScroll, can_focus=True):
    """Rows in document order; ``current`` is the selected segment's index."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", "Prev", show=False),
        Binding("down,j", "move(1)", "Next", show=False),
        Binding("pageup", "move(-10)", "Page up", show=False),
        Binding("pagedown", "move(10)", "Page down", show=False),
        Binding("home", "move_to(0)", "First", show=False),
        Binding("end", "move_to(-1)", "Last", show=False),
    ]

    current: reactive[int] = reactive(0, init=False)

    def __init__(self, bidi: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.bidi = bidi
        self.rows: list[SegmentRow] = []

    def fill(self, segments: list[Segment], terms: list[SegmentTerms], current: int) -> None:
        """Create every row at once (mounting is batched, so a long story stays quick)."""
        self.rows = [
            SegmentRow(i, s, t, self.bidi)
            for i, (s, t) in enumerate(zip(segments, terms, strict=True))
        ]
        self.mount_all(self.rows)
        self.set_reactive(SegmentList.current, min(current, max(len(self.rows) - 1, 0)))
        if self.rows:
            self.rows[self.current].add_class("-current")
            self.call_after_refresh(self._scroll_current, False)

    def update_row(self, index: int, segment: Segment, terms: SegmentTerms) -> None:
        self.rows[index].update(segment, terms)

    def highlight(self, search: str) -> None:
        """Mark ``search`` in every row (empty: no marks)."""
        for row in self.rows:
            row.highlight(search)

    def watch_current(self, old: int, new: int) -> None:
        if 0 <= old < len(self.rows):
            self.rows[old].remove_class("-current")
            self.rows[old].refresh()
        if 0 <= new < len(self.rows):
            self.rows[new].add_class("-current")
            self.rows[new].refresh()
            self._scroll_current()
            self.post_message(CurrentChanged(new))

    def on_resize(self) -> None:
        """Rows re-wrap to the new width; keep the selected one in view."""
        self.call_after_refresh(self._scroll_current, False)

    def _scroll_current(self, animate: bool = False) -> None:
        if self.rows:
            self.scroll_to_widget(self.rows[self.current], animate=animate, immediate=not animate)

    def select(self, index: int) -> None:
        if self.rows:
            self.current = max(0, min(index, len(self.rows) - 1))

    def action_move(self, delta: int) -> None:
        self.select(self.current + delta)

    def action_move_to(self, index: int) -> None:
        self.select(index if index >= 0 else len(self.rows) - 1)
