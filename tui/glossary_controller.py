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
from tui import glossary_edit
from tui.name_forms import name_forms
from tui.opening import default_glossary_path
from tui.screens.confirm import ConfirmScreen
from tui.screens.entry_form import EntryDraft, EntryForm
from tui.term_check import TermChecker

if TYPE_CHECKING:
    from tui.app import ReviewApp


class GlossaryController:
    """The glossary in use, and the review's side of changing it."""

    def __init__(self, app: ReviewApp) -> None:
        self.app = app
        self.last_affected: list[int] = []  # segments the last change affected

    def default_path(self) -> Path:
        return default_glossary_path(self.app.project)

    def name_counts(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for terms in self.app.terms:
            counts.update(terms.required)
        return counts

    def check_draft(self, draft: EntryDraft) -> str | None:
        try:
            glossary_edit.apply_draft(self.app.glossary, draft)
        except GlossaryError as err:
            return str(err)
        return None

    def change(self, draft: EntryDraft) -> None:
        try:
            updated = glossary_edit.apply_draft(self.app.glossary, draft)
        except GlossaryError as err:
            self.app.notify(str(err), severity="error")
            return
        verb = "Changed" if draft.original is not None else "Added"
        self._use(updated, f"{verb} {draft.target}")

    def delete(self, target: str) -> None:
        if self.app.glossary is None:
            return
        try:
            updated = glossary_edit.remove_entry(self.app.glossary, target)
        except GlossaryError as err:
            self.app.notify(str(err), severity="error")
            return
        self._use(updated, f"Deleted {target}")

    def _use(self, updated: Glossary, what: str) -> None:
        """Save the new glossary, then re-check every segment and offer re-translation."""
        app = self.app
        path = app.glossary_path or self.default_path()
        try:
            glossary_edit.save(updated, path)
        except GlossaryError as err:
            app.notify(str(err), title="Glossary not saved", severity="error", timeout=20)
            return
        before = [app.checker.signature(s.source) for s in app.project.segments]
        app.glossary = updated
        app.glossary_path = path
        if app.project.glossary_path != path:
            app.project.glossary_path = path
            app.save()
        app.checker = TermChecker(updated)
        app.queue.use_glossary(updated)
        affected = []
        for index, seg in enumerate(app.project.segments):
            if app.checker.signature(seg.source) != before[index]:
                affected.append(index)
            app.refresh_segment(index)
        app.update_context()
        self.last_affected = affected
        note = f"{what}; glossary saved to {path.name}."
        if affected:
            note += f" It changes {len(affected)} segment(s); r in the glossary re-translates them."
        app.notify(note)

    def offer_retranslation(self, indices: list[int]) -> None:
        """Re-translate affected segments: the unedited ones, or all of them if asked to."""
        app = self.app
        if not indices:
            app.notify("No segments are affected by the last glossary change.")
            return
        segments = app.project.segments
        machine = [i for i in indices if segments[i].status in ("machine", "pending")]
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
                app.status.activity = "reading the picked words…"
                try:
                    forms = await asyncio.to_thread(name_forms, picked)
                finally:
                    app.status.activity = ""
            form = EntryForm(
                f"Add a name from segment {number}", picked=forms, check=self.check_draft
            )
            app.push_screen(form, done or saved)

        app.run_worker(open_form(), group="add-name", exclusive=True)
