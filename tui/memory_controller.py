"""The translation memory in the review: the panel's matches, taking one, undoing approvals.

Lookups run on the memory's thread (``tui.review_memory``); this module asks for
them and shows what comes back, for the segment that is current when it arrives.
A memory key (``m``/``1``, ``2``, ``3``) is offered only while its match is on the
screen.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.messages import MemoryChanged, MemoryMatchesFound
    from tui.project import Segment
    from tui.review_host import ReviewHost
    from tui.review_memory import ReviewMemory
    from tui.review_state import ReviewState


class MemoryController:
    """Fuzzy matches for the current segment, and what an approval's undo takes back."""

    def __init__(self, state: ReviewState, app: ReviewHost, memory: ReviewMemory) -> None:
        self.state = state
        self.app = app
        self.memory = memory

    def look_up(self, index: int) -> None:
        """Ask the memory's thread for fuzzy matches of segment ``index``."""
        if not self.memory.enabled:
            return
        self.app.memory_panel.set_class(True, "-stale")
        self.app.refresh_bindings()  # the shown matches are another segment's until the answer
        required = Counter(name.target for name in self.state.terms[index].names)
        self.memory.look_up(index, self.state.segments[index].source, required)

    def found(self, event: MemoryMatchesFound) -> None:
        index = self.app.current
        seg = self.state.segments[index]
        if (event.index, event.source) != (index, seg.source):
            return  # moved on: a lookup for the new row is on its way
        panel = self.app.memory_panel
        panel.show(index, seg.source, event.matches, seg.target)
        panel.set_class(False, "-stale")
        self.app.refresh_bindings()

    def changed(self, event: MemoryChanged) -> None:
        if any(s.recorded is event.record for s in self.state.segments):
            self.app.save()  # what the approval wrote, so undo can take it back after reopening
        if self.state.segments:
            self.look_up(self.app.current)

    def offered(self, number: int) -> bool:
        """Whether match ``number`` of the current segment is on the screen."""
        if not self.memory.enabled or not self.state.segments:
            return False
        index = self.app.current
        source = self.state.segments[index].source
        return self.app.memory_panel.match(number, index, source) is not None

    def take(self, number: int) -> None:
        """Put match ``number``'s English into the current segment, as an edit (undoable)."""
        app = self.app
        if not self.memory.enabled:
            app.notify("The translation memory is off in this review.", severity="warning")
            return
        index = app.current
        seg = self.state.segments[index]
        match = app.memory_panel.match(number, index, seg.source)
        if match is None:
            app.notify(f"Segment {index + 1} has no memory match {number}.", severity="warning")
            return
        app.commit_editor()
        if self.state.segments[index].target == match.target:
            app.notify(f"Segment {index + 1} already has the English of match {number}.")
            return
        self.state.take(index, match.target)
        app.show_changed(index)
        note = f"Took memory match {number} ({match.score:.0f} %, {match.origin or 'no origin'})"
        app.notify(
            f"{note} into segment {index + 1}: change what differs; ctrl+z restores the English."
        )

    def record(self, seg: Segment) -> None:
        """An approval: its pair goes into the memory, its record rides on the segment."""
        record = self.memory.record(seg)  # on the memory's thread; undo takes it back
        if record is not None:
            seg.recorded = record

    def undone(self, index: int, previous: Segment, replaced: Segment) -> None:
        """Undoing an approval takes its pair back out of the memory.

        A segment's record changes only when it is approved, so an undo that brings
        back another record (or none) undoes the approval that made this one.
        """
        record = replaced.recorded
        if record is None or record == previous.recorded:
            return
        if self.memory.enabled:
            self.memory.unrecord(record)
        elif record.changed_memory:
            self.app.notify(
                f"The translation memory is off in this review, so the pair approved in segment "
                f"{index + 1} stays in it (tarjama tm remove takes it out).",
                severity="warning",
            )
