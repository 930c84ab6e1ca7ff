"""The review's side of the model: what to queue, and what a finished chunk changes.

Results are applied on the app's thread, which is the only writer of the project:
``ReviewState.translated`` keeps the translator's English when the segment changed
after it was queued, and the translator is told.  A model that fails before any
segment was ever translated stops the review with its one-line error (the command
prints it); later failures are shown and the review goes on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.messages import SegmentsTranslated, TranslationFailed, TranslationProgress
    from tui.review_host import ReviewHost
    from tui.review_state import ReviewState
    from tui.translation_queue import TranslationQueue


class TranslationController:
    """Segments to the model's queue, and its results into the project."""

    def __init__(self, state: ReviewState, app: ReviewHost, queue: TranslationQueue) -> None:
        self.state = state
        self.app = app
        self.queue = queue

    def request(self, indices: list[int], front: bool = False) -> None:
        """Queue segments for the model; rows fill in as it finishes them.

        A segment translated for the first time may come from an exact memory match
        instead; a re-translation asked for with ``r`` (``front``) always goes to the model.
        """
        segments = self.state.segments
        memory = [] if front else [i for i in indices if segments[i].status == "pending"]
        self.queue.request(indices, self.state.revisions, front, memory)
        self.show_progress()

    def show_progress(self, note: str = "", in_call: int = 0) -> None:
        self.app.show_activity(self.queue.progress_label(note, in_call))

    def progress(self, event: TranslationProgress) -> None:
        self.show_progress(event.note, event.done)
        if event.warning:
            self.app.notify(event.warning, severity="warning", timeout=12)
        if self.queue.loaded_backend:
            self.app.update_context()

    def translated(self, event: SegmentsTranslated) -> None:
        app, state = self.app, self.state
        kept: list[int] = []
        for index, result, revision in zip(
            event.indices, event.results, event.revisions, strict=True
        ):
            if state.translated(index, result, revision):
                app.show_translated(index)
            else:
                kept.append(index)  # changed by the translator meanwhile: theirs wins
        self.queue.count_finished(len(event.indices))
        app.update_context()  # the backend the model was loaded on
        if event.model_id and state.project.model_id != event.model_id:
            state.project.model_id = event.model_id
        app.save()
        if kept:
            numbers = ", ".join(str(i + 1) for i in kept)
            app.notify(
                f"Kept your English in segment {numbers}: it changed while being re-translated."
            )
        for index, lines in event.held_back.items():
            app.notify(
                f"Segment {index + 1}: " + " ".join(lines),
                title="Memory match not reused",
                severity="warning",
                timeout=20,
            )
        self.show_progress()

    def failed(self, event: TranslationFailed) -> None:
        self.queue.reset_counts()
        self.show_progress()
        project = self.state.project
        if project.pending() and all(s.status == "pending" for s in project.segments):
            self.app.stop(event.message)  # nothing was ever translated: stop with the error
            return
        self.app.show_activity("model failed")
        self.app.notify(event.message, title="Translation failed", severity="error", timeout=20)
