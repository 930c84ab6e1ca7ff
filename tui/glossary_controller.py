"""Glossary changes from the review: add, edit, delete, and what they do to the segments.

A change is checked and saved to the glossary file first (``tui.glossary_edit``);
only then does the review use it: every segment is re-checked, the model gets
the new glossary for its next chunk, and the segments whose names changed can
be re-translated on request.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from glossary.errors import GlossaryError
from glossary.termbase import Glossary
from translator.formats.bilingual import SegmentStatus
from tui import glossary_edit
from tui.name_forms import name_forms
from tui.opening import default_glossary_path
from tui.review_memory import ReviewMemory, reused_respellings
from tui.screens.confirm import ConfirmScreen
from tui.screens.entry_form import EntryDraft, EntryForm
from tui.screens.glossary_screen import GlossaryView

# the model's English, or English reused whole from the memory
UNEDITED = (SegmentStatus.MACHINE, SegmentStatus.TM, SegmentStatus.PENDING)

if TYPE_CHECKING:
    from tui.review_host import ReviewHost
    from tui.review_state import ReviewState
    from tui.translation_queue import TranslationQueue


class GlossaryController:
    """The glossary in use, and the review's side of changing it.

    The new glossary goes to the model's queue and the memory at once (before any
    re-translation is queued); the app is asked to redraw (``ReviewHost``).
    """

    def __init__(
        self,
        state: ReviewState,
        app: ReviewHost,
        queue: TranslationQueue,
        memory: ReviewMemory,
    ) -> None:
        self.state = state
        self.app = app
        self.queue = queue
        self.memory = memory
        self.last_affected: list[int] = []  # segments the last change affected

    def default_path(self) -> Path:
        return default_glossary_path(self.state.project)

    def name_counts(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for terms in self.state.terms:
            counts.update(terms.required)
        return counts

    def view(self) -> GlossaryView:
        """What the glossary screen shows (given to it when it opens and after each change)."""
        state = self.state
        return GlossaryView(
            state.glossary, state.glossary_path, self.default_path(), self.name_counts(), state.bidi
        )

    def check_draft(self, draft: EntryDraft) -> str | None:
        try:
            glossary_edit.apply_draft(self.state.glossary, draft)
        except GlossaryError as err:
            return str(err)
        return None

    def change(self, draft: EntryDraft) -> None:
        try:
            updated = glossary_edit.apply_draft(self.state.glossary, draft)
        except GlossaryError as err:
            self.app.notify(str(err), severity="error")
            return
        verb = "Changed" if draft.original is not None else "Added"
        self._use(updated, f"{verb} {draft.target}")

    def delete(self, target: str) -> None:
        if self.state.glossary is None:
            return
        try:
            updated = glossary_edit.remove_entry(self.state.glossary, target)
        except GlossaryError as err:
            self.app.notify(str(err), severity="error")
            return
        self._use(updated, f"Deleted {target}")

    def _use(self, updated: Glossary, what: str) -> None:
        """Save the new glossary, then re-check every segment and offer re-translation."""
        app = self.app
        path = self.state.glossary_path or self.default_path()
        try:
            glossary_edit.save(updated, path)
        except GlossaryError as err:
            app.notify(str(err), title="Glossary not saved", severity="error", timeout=20)
            return
        affected, moved = self.state.use_glossary(updated, path)
        if moved:
            app.save()
        self.queue.use_glossary(updated)
        self.memory.use_glossary(updated)
        app.glossary_switched()
        self.last_affected = affected
        note = f"{what}; glossary saved to {path.name}."
        if affected:
            note += f" It changes {len(affected)} segment(s); r in the glossary re-translates them."
        app.notify(note)
        respelled = reused_respellings(self.state, affected)
        if respelled:
            app.notify(
                "English reused from the translation memory: " + "; ".join(respelled) + ".",
                title="Memory English spells a name the old way",
                severity="warning",
                timeout=20,
            )

    def offer_retranslation(self, indices: list[int]) -> None:
        """Re-translate affected segments: the unedited ones, or all of them if asked to."""
        app = self.app
        if not indices:
            app.notify("No segments are affected by the last glossary change.")
            return
        segments = self.state.segments
        # unedited: the model's English, or English reused whole from the memory
        machine = [i for i in indices if segments[i].status in UNEDITED]
        others = [i for i in indices if i not in machine]
        answers = []
        if machine:
            answers.append(("machine", f"Unedited only ({len(machine)})"))
        answers.append(("all", f"All affected ({len(indices)})"))
        answers.append(("cancel", "Not now"))
        question = (
            f"Re-translate the {len(indices)} segment(s) the glossary change affects? "
            f"{len(others)} of them are edited or approved: re-translating those replaces your "
            "English (ctrl+z restores it)."
        )

        def done(answer: str | None) -> None:
            if answer == "machine":
                app.request_translation(machine)
            elif answer == "all":
                app.request_translation(indices)

        app.push_screen(ConfirmScreen(question, answers), done)

    def add_from_segment(self, done: Callable[[EntryDraft | None], None] | None = None) -> None:
        """The words picked in the current segment's Arabic become a new name.

        The picked text is offered without its clitics (``tui.name_forms``), which
        looks up word frequencies: the first lookup loads wordfreq's Arabic list
        (seconds), so it runs in a thread and the form opens when it is ready.
        ``done`` gets the draft; by default it is saved and re-translation offered.
        """
        app = self.app
        number, picked = app.selected_source_form()

        def saved(draft: EntryDraft | None) -> None:
            if draft is not None:
                self.change(draft)
                if self.last_affected:
                    self.offer_retranslation(self.last_affected)

        async def open_form() -> None:
            forms = None
            if picked.strip():
                app.show_activity("reading the picked words…")
                try:
                    forms = await asyncio.to_thread(name_forms, picked)
                finally:
                    app.show_activity("")
            form = EntryForm(
                f"Add a name from segment {number}", picked=forms, check=self.check_draft
            )
            app.push_screen(form, done or saved)

        app.run_worker(open_form(), group="add-name", exclusive=True)
