"""Approving a segment and undoing the last change, from the review.

An approval of English that lacks a glossary name asks first ("Approve anyway" /
"Go back and fix"); an approved pair goes into the translation memory
(``MemoryController.record``) and undoing the approval takes it back out.  After
an approval the next segment is selected and the list has the focus: approved
from the editor (ctrl+o), keys meant for the list must not type into it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.screens.confirm import ConfirmScreen

if TYPE_CHECKING:
    from tui.memory_controller import MemoryController
    from tui.review_host import ReviewHost
    from tui.review_state import ReviewState


class ApprovalController:
    """Sign-off and undo: the state changes, the memory follows, the app redraws."""

    def __init__(self, state: ReviewState, app: ReviewHost, memories: MemoryController) -> None:
        self.state = state
        self.app = app
        self.memories = memories

    def approve(self, index: int) -> None:
        """Approve segment ``index``, asking first when its English lacks a glossary name."""
        seg = self.state.segments[index]
        if seg.status == "pending" or not seg.target.strip():
            self.app.notify(
                "Nothing to approve yet: the segment has no English.", severity="warning"
            )
            return
        missing = self.state.terms[index].missing
        if not missing:
            self._approve(index)
            return
        question = (
            f"The English of segment {index + 1} lacks the glossary name"
            f"{'s' if len(missing) > 1 else ''} {', '.join(missing)}. Approve anyway?"
        )
        answers = [("approve", "Approve anyway"), ("cancel", "Go back and fix")]

        def done(answer: str | None) -> None:
            if answer == "approve":
                self._approve(index)

        self.app.push_screen(ConfirmScreen(question, answers, "cancel"), done)

    def _approve(self, index: int) -> None:
        state, app = self.state, self.app
        if state.approve(index):
            self.memories.record(state.segments[index])
            state.changed(index)
            app.redraw(index)
            app.save()
        if index + 1 < len(state.segments):
            app.go_to(index + 1)
        app.focus_list()

    def undo(self) -> None:
        """Put the last change back (an undone approval leaves the memory too)."""
        undone = self.state.undo_last()
        if undone is None:
            self.app.notify("Nothing to undo.")
            return
        index, previous, replaced = undone
        self.memories.undone(index, previous, replaced)
        self.app.go_to(index)
        self.app.redraw(index)
        self.app.show_segment(index)
        self.app.save()
        self.app.notify(f"Undone: segment {index + 1} is back to {previous.status}.")
