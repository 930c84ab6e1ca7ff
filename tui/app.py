"""The review app: holds the project, the glossary and the model, and keeps them saved.

Work flows one way: widgets post messages, the app changes the project and
saves it, then refreshes the rows it touched.  The model runs in one thread
worker at a time that drains a queue of segments in small chunks, so results
appear as they are done and the screen never waits for it.

Saving: every change to a segment (an edit, approval, re-translation, undo) is
written at once, atomically.  While typing, the editor's text is stored after
``EDIT_DEBOUNCE`` seconds without a keystroke, and again when leaving the
editor, approving or quitting, so a crash or kill -9 loses at most the last
half second of typing.  Cursor moves are saved with a short delay (they only
restore where you were).
"""

from __future__ import annotations

import copy
import threading
import unicodedata
from collections import Counter
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import get_current_worker

from glossary.errors import GlossaryError
from glossary.termbase import Glossary
from tui import glossary_edit
from tui.components.search_bar import SearchBar
from tui.components.segment_list import SegmentList
from tui.components.source_view import SourceView
from tui.components.status_bar import StatusBar
from tui.components.target_editor import TargetEditor
from tui.errors import ProjectError
from tui.export import default_output, render, summarize, write_export
from tui.messages import (
    CurrentChanged,
    EditorChanged,
    EditorDone,
    SearchSubmitted,
    SegmentClicked,
    SegmentsTranslated,
    TranslationFailed,
    TranslationProgress,
)
from tui.opening import Opened, default_glossary_path
from tui.palette import ReviewCommands
from tui.project import Project, Segment, save_project
from tui.screens.confirm import ConfirmScreen
from tui.screens.entry_form import EntryDraft, EntryForm
from tui.screens.export_screen import ExportRequest, ExportScreen
from tui.screens.glossary_screen import GlossaryScreen
from tui.screens.review_screen import ReviewScreen
from tui.screens.summary_screen import SummaryScreen
from tui.term_check import SegmentTerms, TermChecker

EDIT_DEBOUNCE = 0.5  # seconds without a keystroke before the editor's text is saved
POSITION_SAVE_DELAY = 1.0
CHUNK = 4  # sentences per model call: small enough that rows fill in steadily
UNDO_LIMIT = 500


class _Cancelled(Exception):
    """The app is closing while the model works."""


def _fold(text: str) -> str:
    """Search key: case, Arabic diacritics and tatweel ignored."""
    stripped = "".join(c for c in text if not unicodedata.combining(c) and c != "ـ")
    return stripped.casefold()


def _term_dicts(terms: list[Any]) -> list[dict[str, Any]]:
    keys = ("source", "start", "end", "target", "status")
    return [{k: getattr(t, k, None) for k in keys} for t in terms]


class ReviewApp(App[int]):
    """``tarjama review``: side-by-side post-editing with the glossary at hand."""

    CSS_PATH = "review.tcss"
    TITLE = "tarjama review"
    COMMANDS = App.COMMANDS | {ReviewCommands}
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("ctrl+o", "approve", "Approve", show=False),
    ]

    def __init__(
        self,
        opened: Opened,
        *,
        bidi: str = "app",
        device: str = "auto",
        beam: int = 4,
    ) -> None:
        super().__init__()
        self.project: Project = opened.project
        self.glossary: Glossary | None = opened.glossary
        self.glossary_path: Path | None = opened.project.glossary_path
        self.model_id = opened.model_id
        self.notes = list(opened.notes)
        self.created = opened.created
        self.bidi = bidi
        self.device = device
        self.beam = beam
        self.checker = TermChecker(self.glossary)
        self.terms: list[SegmentTerms] = []
        self.error_message: str | None = None  # set when the app must stop with an error
        self.last_affected: list[int] = []
        self._undo: list[tuple[int, Segment]] = []
        self._revisions = [0] * len(self.project.segments)
        self._editor_index = self.project.current
        self._editor_session_saved = False
        self._edit_timer: Timer | None = None
        self._position_timer: Timer | None = None
        self._last_save_error: str | None = None
        self._search = ""
        # model worker state; the lock guards the queue and the running flag
        self._lock = threading.Lock()
        self._queue: list[tuple[int, int]] = []
        self._worker_running = False
        self._requested = 0
        self._finished = 0
        self._loaded_model: Any = None  # touched only in the worker thread
        self._translator: Any = None
        self._translator_version = -1
        self._glossary_snapshot: tuple[int, Glossary | None] = (0, copy.deepcopy(self.glossary))

    # ----------------------------------------------------------------- setup

    def get_default_screen(self) -> Screen:
        return ReviewScreen(self.bidi)

    @property
    def segment_list(self) -> SegmentList:
        return self.screen_stack[0].query_one(SegmentList)

    @property
    def editor(self) -> TargetEditor:
        return self.screen_stack[0].query_one(TargetEditor)

    @property
    def source_view(self) -> SourceView:
        return self.screen_stack[0].query_one(SourceView)

    @property
    def status(self) -> StatusBar:
        return self.screen_stack[0].query_one(StatusBar)

    def start_review(self) -> None:
        """Called by the review screen once its widgets exist."""
        self.title = self.project.name
        self.terms = [self._check(s) for s in self.project.segments]
        self.segment_list.fill(self.project.segments, self.terms, self.project.current)
        self._show_current(self.segment_list.current)
        self._focus(self.segment_list)
        self._update_header()
        self._update_context()
        for note in self.notes:
            self.notify(note, severity="warning", timeout=12)
        if self.created:
            self.save()
        pending = self.project.pending()
        if pending:
            self.request_translation(pending)

    @staticmethod
    def _focus(widget: Any) -> None:
        """Focus now, not after queued keys: fast typing after a key like "/" must land there."""
        widget.screen.set_focus(widget)

    def _check(self, seg: Segment) -> SegmentTerms:
        return self.checker.check(seg.source, seg.target, seg.status != "pending")

    # ------------------------------------------------------------- refreshes

    def _update_header(self) -> None:
        counts = self.project.counts()
        total = len(self.project.segments)
        parts = [f"{counts['approved']}/{total} approved"]
        if counts["edited"]:
            parts.append(f"{counts['edited']} edited")
        if counts["pending"]:
            parts.append(f"{counts['pending']} to translate")
        warnings = sum(1 for t in self.terms if t.missing)
        if warnings:
            parts.append(f"{warnings} ⚠ missing names")
        self.sub_title = " · ".join(parts)

    def _update_context(self) -> None:
        glossary = "no glossary"
        if self.glossary_path is not None:
            count = len(self.glossary) if self.glossary is not None else 0
            glossary = f"glossary {self.glossary_path.name} ({count} names)"
        self.status.context = f"{glossary} · model {Path(self.model_id).name or self.model_id}"

    def _refresh_segment(self, index: int) -> None:
        seg = self.project.segments[index]
        self.terms[index] = self._check(seg)
        self.segment_list.update_row(index, seg, self.terms[index])
        if index == self.segment_list.current:
            self._update_pane(index)
        self._update_header()

    def _update_pane(self, index: int) -> None:
        seg = self.project.segments[index]
        pane = self.screen_stack[0].query_one("#editor-pane")
        pane.border_title = f"Segment {index + 1} of {len(self.project.segments)} · {seg.status}"
        terms = self.terms[index]
        notes = [f"⚠ missing: {', '.join(terms.missing)}"] if terms.missing else []
        notes += [f"extra: {', '.join(terms.extra)}"] if terms.extra else []
        pane.border_subtitle = " · ".join(notes)
        self.source_view.show(seg.source, terms)

    def _show_current(self, index: int) -> None:
        """Point the editor and the Arabic view at segment ``index``."""
        if not self.project.segments:
            return
        self._editor_index = index
        self._editor_session_saved = False
        self.editor.show(self.project.segments[index].target)
        self._update_pane(index)

    # ---------------------------------------------------------------- saving

    def save(self) -> bool:
        try:
            save_project(self.project)
        except ProjectError as err:
            message = str(err)
            self.status.saved = "NOT SAVED: " + message
            if message != self._last_save_error:
                self.notify(message, title="Not saved", severity="error", timeout=20)
            self._last_save_error = message
            return False
        self._last_save_error = None
        self.status.saved = "saved"
        return True

    def _save_position_later(self) -> None:
        if self._position_timer is not None:
            self._position_timer.stop()
        self._position_timer = self.set_timer(POSITION_SAVE_DELAY, self.save)

    def _push_undo(self, index: int) -> None:
        self._undo.append((index, self.project.segments[index].copy()))
        del self._undo[:-UNDO_LIMIT]

    def _changed(self, index: int) -> None:
        """After any change to segment ``index``: bump its revision, redraw, save."""
        self._revisions[index] += 1
        self._refresh_segment(index)
        self.save()

    # --------------------------------------------------------------- editing

    @on(EditorChanged)
    def _editor_changed(self, event: EditorChanged) -> None:
        segments = self.project.segments
        if segments and " ".join(event.text.splitlines()) == segments[self._editor_index].target:
            return  # the editor was loaded, not edited
        self.status.saved = "editing…"
        if self._edit_timer is not None:
            self._edit_timer.stop()
        self._edit_timer = self.set_timer(EDIT_DEBOUNCE, self.commit_editor)

    def commit_editor(self) -> None:
        """Store the editor's text in its segment (if it changed) and save."""
        if self._edit_timer is not None:
            self._edit_timer.stop()
            self._edit_timer = None
        if not self.project.segments:
            return
        index = self._editor_index
        seg = self.project.segments[index]
        text = " ".join(self.editor.text.splitlines())
        if text == seg.target:
            if self.status.saved == "editing…":
                self.status.saved = "saved"
            return
        if not self._editor_session_saved:
            self._push_undo(index)
            self._editor_session_saved = True
        seg.target = text
        seg.status = "machine" if seg.machine is not None and text == seg.machine else "edited"
        self._changed(index)

    @on(EditorDone)
    def _editor_done(self) -> None:
        self.commit_editor()
        self._focus(self.segment_list)

    @on(CurrentChanged)
    def _current_changed(self, event: CurrentChanged) -> None:
        self.commit_editor()
        self.project.current = event.index
        self._show_current(event.index)
        self._save_position_later()

    @on(SegmentClicked)
    def _segment_clicked(self, event: SegmentClicked) -> None:
        self.segment_list.select(event.index)
        self._focus(self.segment_list)

    def action_focus_list(self) -> None:
        self.commit_editor()
        self._focus(self.segment_list)

    def action_edit(self) -> None:
        editor = self.editor
        self._focus(editor)
        editor.move_cursor(editor.document.end)

    def action_approve(self) -> None:
        if not isinstance(self.screen, ReviewScreen):
            return
        self.commit_editor()
        index = self.segment_list.current
        seg = self.project.segments[index]
        if seg.status == "pending" or not seg.target.strip():
            self.notify("Nothing to approve yet: the segment has no English.", severity="warning")
            return
        missing = self.terms[index].missing
        if missing:
            question = (
                f"The English of segment {index + 1} lacks the glossary name"
                f"{'s' if len(missing) > 1 else ''} {', '.join(missing)}. Approve anyway?"
            )
            answers = [("approve", "Approve anyway"), ("cancel", "Go back and fix")]

            def done(answer: str | None) -> None:
                if answer == "approve":
                    self._approve(index)

            self.push_screen(ConfirmScreen(question, answers, "cancel"), done)
            return
        self._approve(index)

    def _approve(self, index: int) -> None:
        seg = self.project.segments[index]
        if seg.status != "approved":
            self._push_undo(index)
            seg.status = "approved"
            seg.target = seg.target.strip()
            self._changed(index)
        if index + 1 < len(self.project.segments):
            self.segment_list.select(index + 1)

    def action_undo(self) -> None:
        self.commit_editor()
        if not self._undo:
            self.notify("Nothing to undo.")
            return
        index, previous = self._undo.pop()
        self.project.segments[index] = previous
        self._revisions[index] += 1
        self.segment_list.select(index)
        self._refresh_segment(index)
        self._show_current(index)
        self.save()
        self.notify(f"Undone: segment {index + 1} is back to {previous.status}.")

    # ------------------------------------------------------------ navigation

    def action_search(self) -> None:
        self.screen_stack[0].query_one(SearchBar).open()

    @on(SearchSubmitted)
    def _search_submitted(self, event: SearchSubmitted) -> None:
        self._focus(self.segment_list)
        if event.query.strip():
            self._search = event.query.strip()
            self._find(1, include_current=True)

    def action_search_next(self) -> None:
        self._find(1)

    def action_search_previous(self) -> None:
        self._find(-1)

    def _find(self, step: int, include_current: bool = False) -> None:
        if not self._search:
            self.action_search()
            return
        wanted = _fold(self._search)
        count = len(self.project.segments)
        start = self.segment_list.current
        offsets = range(0 if include_current else 1, count + 1)
        for offset in offsets:
            index = (start + step * offset) % count
            seg = self.project.segments[index]
            if wanted in _fold(seg.source) or wanted in _fold(seg.target):
                self.segment_list.select(index)
                return
        self.notify(f"No segment contains {self._search!r}.", severity="warning")

    def action_next_warning(self) -> None:
        count = len(self.project.segments)
        start = self.segment_list.current
        for offset in range(1, count + 1):
            index = (start + offset) % count
            if self.terms[index].missing:
                self.segment_list.select(index)
                return
        self.notify("No segment lacks a glossary name.")

    # ------------------------------------------------------------ the model

    def request_translation(self, indices: list[int], front: bool = False) -> None:
        """Queue segments for the model; starts the worker unless it is running."""
        with self._lock:
            queued = {i for i, _ in self._queue}
            items = [(i, self._revisions[i]) for i in indices if i not in queued]
            self._queue = items + self._queue if front else self._queue + items
            self._requested += len(items)
            start = not self._worker_running
            if start:
                self._worker_running = True
        self._show_progress()
        if start:
            self._translate_queue()

    def _show_progress(self, note: str = "") -> None:
        if self._requested and self._finished < self._requested:
            label = note or "translating"
            self.status.activity = f"{label} {self._finished}/{self._requested}…"
        else:
            self.status.activity = note

    @work(thread=True, exclusive=True, group="model", exit_on_error=False)
    def _translate_queue(self) -> None:
        """Drain the queue: load the model once, then translate CHUNK segments at a time."""
        worker = get_current_worker()
        from translator.errors import TranslatorError

        while not worker.is_cancelled:
            with self._lock:
                if not self._queue:
                    self._worker_running = False
                    return
                chunk = self._queue[:CHUNK]
                del self._queue[:CHUNK]
            sources = [self.project.segments[i].source for i, _ in chunk]
            try:
                call = partial(self._run_model, sources)
                translator, results = self._in_model_thread(worker, call)
            except _Cancelled:
                return  # quitting: the model thread is a daemon and dies with the app
            except Exception as err:  # the user's model or a bug: report it, keep the work
                message = (
                    str(err) if isinstance(err, TranslatorError) else f"{type(err).__name__}: {err}"
                )
                with self._lock:
                    failed = [i for i, _ in chunk] + [i for i, _ in self._queue]
                    self._queue.clear()
                    self._worker_running = False
                self.post_message(TranslationFailed(message, failed))
                return
            self.post_message(
                SegmentsTranslated(
                    [i for i, _ in chunk], results, translator.model_id, [r for _, r in chunk]
                )
            )
        with self._lock:
            self._worker_running = False

    def _run_model(self, sources: list[str]) -> tuple[Any, list[Any]]:
        translator = self._current_translator()
        return translator, translator.translate(sources)

    @staticmethod
    def _in_model_thread(worker: Any, call: Any) -> Any:
        """Run ``call`` in a daemon thread, so quitting never waits for a batch to finish.

        The worker's own thread belongs to asyncio's executor, which the app waits for
        on exit; the model call cannot be interrupted, so it runs beside it instead.
        """
        box: dict[str, Any] = {}

        def run() -> None:
            try:
                box["result"] = call()
            except BaseException as err:
                box["error"] = err

        thread = threading.Thread(target=run, name="tarjama-model", daemon=True)
        thread.start()
        while thread.is_alive():
            thread.join(0.1)
            if worker.is_cancelled:
                raise _Cancelled
        if "error" in box:
            raise box["error"]
        return box["result"]

    @property
    def model_busy(self) -> bool:
        """Whether the model thread is still working (it cannot be interrupted)."""
        with self._lock:
            return self._worker_running

    def _current_translator(self) -> Any:
        """The Translator for the glossary in use; runs in the worker thread only."""
        from translator.engine import Translator

        if self._loaded_model is None:
            from translator.model_loading import configure_threads, load_marian

            self.post_message(TranslationProgress(0, 0, "loading model"))
            configure_threads()
            self._loaded_model = load_marian(self.model_id, self.device)
        version, glossary = self._glossary_snapshot
        if self._translator is None or version != self._translator_version:
            self._translator = Translator(self._loaded_model, beam=self.beam, glossary=glossary)
            self._translator_version = version
        return self._translator

    @on(TranslationProgress)
    def _progress(self, event: TranslationProgress) -> None:
        self._show_progress(event.note)

    @on(SegmentsTranslated)
    def _translated(self, event: SegmentsTranslated) -> None:
        kept: list[int] = []
        for index, result, revision in zip(
            event.indices, event.results, event.revisions, strict=True
        ):
            self._finished += 1
            if revision != self._revisions[index]:
                kept.append(index)  # changed by the translator meanwhile: theirs wins
                continue
            seg = self.project.segments[index]
            if seg.status != "pending":
                self._push_undo(index)
            seg.machine = seg.target = result.target
            seg.status = "machine"
            seg.terms = _term_dicts(result.terms)
            seg.warnings = list(result.warnings)
            self._revisions[index] += 1
            self._refresh_segment(index)
            if index == self._editor_index and not self.editor.has_focus:
                self._show_current(index)
        if self.project.model_id != event.model_id:
            self.project.model_id = event.model_id
        self.save()
        if kept:
            numbers = ", ".join(str(i + 1) for i in kept)
            self.notify(
                f"Kept your English in segment {numbers}: it changed while being re-translated."
            )
        if self._finished >= self._requested:
            self._requested = self._finished = 0
        self._show_progress()

    @on(TranslationFailed)
    def _translation_failed(self, event: TranslationFailed) -> None:
        self._requested = self._finished = 0
        self._show_progress()
        if self.project.pending() and all(s.status == "pending" for s in self.project.segments):
            self.error_message = event.message  # nothing was ever translated: stop with the error
            self.exit(1)
            return
        self.status.activity = "model failed"
        self.notify(event.message, title="Translation failed", severity="error", timeout=20)

    def action_retranslate(self) -> None:
        self.commit_editor()
        index = self.segment_list.current
        self.request_translation([index], front=True)
        self.notify(f"Re-translating segment {index + 1} (ctrl+z restores the current English).")

    def action_retranslate_machine(self) -> None:
        indices = [
            i for i, s in enumerate(self.project.segments) if s.status in ("machine", "pending")
        ]
        self.request_translation(indices)

    # ---------------------------------------------------------- the glossary

    def default_glossary_path(self) -> Path:
        return default_glossary_path(self.project)

    def name_counts(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for terms in self.terms:
            counts.update(terms.required)
        return counts

    def selected_source_form(self) -> tuple[int, str]:
        """The current segment's number and the Arabic words picked in the source view."""
        return self.segment_list.current + 1, self.source_view.selection()

    def check_draft(self, draft: EntryDraft) -> str | None:
        try:
            glossary_edit.apply_draft(self.glossary, draft)
        except GlossaryError as err:
            return str(err)
        return None

    def change_glossary(self, draft: EntryDraft) -> None:
        try:
            updated = glossary_edit.apply_draft(self.glossary, draft)
        except GlossaryError as err:
            self.notify(str(err), severity="error")
            return
        verb = "Changed" if draft.original is not None else "Added"
        self._use_glossary(updated, f"{verb} {draft.target}")

    def delete_glossary_entry(self, target: str) -> None:
        if self.glossary is None:
            return
        try:
            updated = glossary_edit.remove_entry(self.glossary, target)
        except GlossaryError as err:
            self.notify(str(err), severity="error")
            return
        self._use_glossary(updated, f"Deleted {target}")

    def _use_glossary(self, updated: Glossary, what: str) -> None:
        """Save the new glossary, then re-check every segment and offer re-translation."""
        path = self.glossary_path or self.default_glossary_path()
        try:
            glossary_edit.save(updated, path)
        except GlossaryError as err:
            self.notify(str(err), title="Glossary not saved", severity="error", timeout=20)
            return
        before = [self.checker.signature(s.source) for s in self.project.segments]
        self.glossary = updated
        self.glossary_path = path
        if self.project.glossary_path != path:
            self.project.glossary_path = path
            self.save()
        self.checker = TermChecker(updated)
        version = self._glossary_snapshot[0] + 1
        self._glossary_snapshot = (version, copy.deepcopy(updated))
        affected = []
        for index, seg in enumerate(self.project.segments):
            if self.checker.signature(seg.source) != before[index]:
                affected.append(index)
            self._refresh_segment(index)
        self._update_context()
        self.last_affected = affected
        note = f"{what}; glossary saved to {path.name}."
        if affected:
            note += f" It changes {len(affected)} segment(s); r in the glossary re-translates them."
        self.notify(note)

    def offer_retranslation(self, indices: list[int]) -> None:
        """Re-translate affected segments: the unedited ones, or all of them if asked to."""
        if not indices:
            self.notify("No segments are affected by the last glossary change.")
            return
        machine = [i for i in indices if self.project.segments[i].status in ("machine", "pending")]
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
                self.request_translation(machine)
            elif answer == "all":
                self.request_translation(indices)

        self.push_screen(ConfirmScreen(question, answers), done)

    def action_glossary(self) -> None:
        self.commit_editor()
        self.push_screen(GlossaryScreen())

    def action_add_term(self) -> None:
        self.commit_editor()
        number, form = self.selected_source_form()

        def done(draft: EntryDraft | None) -> None:
            if draft is not None:
                self.change_glossary(draft)
                if self.last_affected:
                    self.offer_retranslation(self.last_affected)

        self.push_screen(
            EntryForm(f"Add a name from segment {number}", form=form, check=self.check_draft), done
        )

    # ------------------------------------------------------ summary, export

    def action_summary(self) -> None:
        self.commit_editor()
        summary = summarize(self.project, self.checker)

        def done(index: int | None) -> None:
            if index is not None:
                self.segment_list.select(index)

        self.push_screen(
            SummaryScreen(self.project, summary, [t.missing for t in self.terms]), done
        )

    def action_export(self) -> None:
        self.commit_editor()
        defaults = {fmt: default_output(self.project, fmt) for fmt in ("text", "tsv", "jsonl")}

        def done(request: ExportRequest | None) -> None:
            if request is not None:
                self.export(request)

        self.push_screen(ExportScreen(defaults), done)

    def export(self, request: ExportRequest) -> None:
        try:
            text = render(
                self.project,
                request.format,
                approved_only=request.approved_only,
                checker=self.checker,
            )
            write_export(text, request.path)
        except ProjectError as err:
            self.notify(str(err), title="Not exported", severity="error", timeout=20)
            return
        self.notify(f"Exported {request.format} to {request.path}.")

    # ---------------------------------------------------------- save & quit

    def action_save(self) -> None:
        self.commit_editor()
        if self.save():
            self.notify(f"Saved to {self.project.path.name}.")

    async def action_quit(self) -> None:
        self.commit_editor()
        if self.save():
            self.exit(0)
            return

        def done(answer: str | None) -> None:
            if answer == "quit":
                self.exit(1)

        question = (
            f"The review could not be saved ({self._last_save_error}). "
            "Quit anyway and lose the changes since the last save?"
        )
        self.push_screen(
            ConfirmScreen(question, [("stay", "Stay"), ("quit", "Quit without saving")]), done
        )
