"""The review app: wires the review's parts together and handles their messages.

Work flows one way: screens and widgets post messages (``tui.messages``, and the
screens' own, e.g. ``GlossaryScreen.Changed``); the app handles them with ``@on``,
has the state or a controller change the project, saves it, then redraws the rows
it touched.  No screen or controller imports this module.  The parts live in their
own modules: what is edited and its rules (``review_state``: the project, the
glossary in use, the names checked, undo), approving and undoing
(``approval_controller``), the model (``translation_controller`` and its queue and
worker, ``translation_queue``), glossary changes (``glossary_controller``), unknown
names (``unknown_names``), search (``search``), summary and export
(``export_controller``) and the translation memory (``memory_controller``, and its
thread, ``review_memory``).  What controllers may ask of the app is declared in
``review_host``; docs/design/architecture.md ("Review app") lists the messages.

Saving: every change to a segment (an edit, approval, re-translation, undo) is
written at once, atomically.  While typing, the editor's text is stored after
``EDIT_DEBOUNCE`` seconds without a keystroke, and again when leaving the
editor, approving or quitting, so a crash or kill -9 loses at most the last
half second of typing.  Cursor moves are saved with a short delay (they only
restore where you were).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer

from glossary.termbase import Glossary
from tui.approval_controller import ApprovalController
from tui.bidi import display
from tui.components.memory_panel import MemoryPanel
from tui.components.search_bar import SearchBar
from tui.components.segment_list import SegmentList
from tui.components.source_view import SourceView
from tui.components.status_bar import StatusBar
from tui.components.target_editor import TargetEditor
from tui.errors import ProjectError
from tui.export_controller import ExportController
from tui.glossary_controller import GlossaryController
from tui.memory_controller import MemoryController
from tui.messages import (
    CurrentChanged,
    EditorChanged,
    EditorDone,
    MemoryChanged,
    MemoryMatchesFound,
    MemoryProblem,
    SearchSubmitted,
    SegmentClicked,
    SegmentsTranslated,
    TranslationFailed,
    TranslationProgress,
)
from tui.opening import Opened
from tui.palette import ReviewCommands
from tui.project import Project, save_project
from tui.project_lock import ProjectLock
from tui.review_memory import ReviewMemory
from tui.review_state import ReviewState
from tui.screens.confirm import ConfirmScreen
from tui.screens.glossary_screen import GlossaryScreen
from tui.screens.review_screen import ReviewScreen
from tui.screens.summary_screen import SummaryScreen
from tui.search import SearchController
from tui.term_check import SegmentTerms
from tui.translation_controller import TranslationController
from tui.translation_queue import TranslationQueue
from tui.unknown_names import UnknownNames

EDIT_DEBOUNCE = 0.5  # seconds without a keystroke before the editor's text is saved
POSITION_SAVE_DELAY = 1.0
MEMORY_QUIT_WAIT = 15.0  # seconds quitting waits for approvals still being recorded


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
        backend: str = "auto",
        compute_type: str = "int8",
        memory: Path | None = None,
        fuzzy_threshold: float = 75.0,
    ) -> None:
        """``memory``: the translation memory file (None: the review runs without one)."""
        super().__init__()
        # First, before anything can be shown or saved: one review per project at a time.
        self.lock = opened.lock or ProjectLock.acquire(opened.project.path)
        self.state = ReviewState(opened.project, opened.glossary, bidi)
        self.model_id = opened.model_id
        self.notes = list(opened.notes) + ([self.lock.note] if self.lock.note else [])
        self.created = opened.created
        self.bidi = bidi
        self.error_message: str | None = None  # set when the app must stop with an error
        self._editor_index = self.project.current
        self._editor_session_saved = False
        self._edit_timer: Timer | None = None
        self._position_timer: Timer | None = None
        self._last_save_error: str | None = None
        self._started = False
        state = self.state
        self.queue = TranslationQueue(self, self.model_id, device, beam, backend, compute_type)
        self.translations = TranslationController(state, self, self.queue)
        self.memory = ReviewMemory(
            self, self.project, memory, threshold=fuzzy_threshold, glossary=self.glossary
        )
        self.memories = MemoryController(state, self, self.memory)
        self.approvals = ApprovalController(state, self, self.memories)
        self.glossaries = GlossaryController(state, self, self.queue, self.memory)
        self.unknown = UnknownNames(state, self, self.glossaries)
        self.search = SearchController(state)
        self.exports = ExportController(state, self)

    # ----------------------------------------------------------------- setup

    def get_default_screen(self) -> Screen:
        threshold = self.memory.threshold if self.memory.path is not None else None
        return ReviewScreen(self.bidi, threshold, when_ready=self.start_review)

    @property
    def project(self) -> Project:
        return self.state.project

    @property
    def glossary(self) -> Glossary | None:
        return self.state.glossary

    @property
    def terms(self) -> list[SegmentTerms]:
        return self.state.terms

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
    def memory_panel(self) -> MemoryPanel:
        return self.screen_stack[0].query_one(MemoryPanel)

    @property
    def status(self) -> StatusBar:
        return self.screen_stack[0].query_one(StatusBar)

    @property
    def current(self) -> int:
        return self.segment_list.current

    @property
    def model_busy(self) -> bool:
        """Whether the model thread is still working (it cannot be interrupted)."""
        return self.queue.busy

    def start_review(self) -> None:
        """The review screen's widgets exist: fill them, and start translating."""
        self._started = True
        self.title = display(self.project.name, self.bidi)  # a file name may be Arabic
        self.state.check_all()
        self.unknown.refresh()
        self.segment_list.fill(self.project.segments, self.terms, self.project.current)
        self.show_segment(self.current)
        self._focus(self.segment_list)
        self.sub_title = self.state.header()
        self.update_context()
        for note in self.notes:
            self.notify(note, severity="warning", timeout=12)
        if self.created:
            self.save()
        pending = self.project.pending()
        if pending:
            self.request_translation(pending)

    @on(ReviewScreen.Resumed)
    def after_dialog(self) -> None:
        """Back on the review screen from any dialog or screen: focus on the list.

        Keys typed next must not land in an editor the user no longer sees as
        open (after an export, a question, the glossary, the palette); the editor
        shows the selected segment, so enter edits what is highlighted.
        """
        if not self._started or not self.project.segments:
            return
        self.commit_editor()
        self.show_segment(self.current)
        self._focus(self.segment_list)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notifications quote Arabic (names, searches): drawn through the bidi path too.

        Messages are plain text (they quote what users typed), never markup.
        """
        super().notify(
            display(message, self.bidi, keep="\n"),
            title=display(title, self.bidi),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    @staticmethod
    def _focus(widget: Any) -> None:
        """Focus now, not after queued keys: fast typing after a key like "/" must land there."""
        widget.screen.set_focus(widget)

    def go_to(self, index: int) -> None:
        self.segment_list.select(index)

    def focus_list(self) -> None:
        self._focus(self.segment_list)

    def show_activity(self, text: str) -> None:
        self.status.activity = text

    # ------------------------------------------------------------- refreshes

    def update_context(self) -> None:
        glossary = "no glossary"
        if self.state.glossary_path is not None:
            count = len(self.glossary) if self.glossary is not None else 0
            glossary = f"glossary {self.state.glossary_path.name} ({count} names)"
        model = Path(self.model_id).name or self.model_id
        backend = self.queue.loaded_backend
        context = f"{glossary} · {self.memory.describe()} · model {model}"
        context += f" ({backend})" if backend else ""
        self.status.context = display(context, self.bidi)

    def refresh_segment(self, index: int) -> None:
        self.state.recheck(index)
        self.redraw(index)

    def redraw(self, index: int) -> None:
        """Segment ``index``'s row (and the pane, if it is the current one), and the header."""
        seg = self.project.segments[index]
        self.segment_list.update_row(index, seg, self.terms[index])
        if index == self.current:
            self._update_pane(index)
            self.memory_panel.follow(seg.target)
        self.sub_title = self.state.header()

    def glossary_switched(self) -> None:
        for index in range(len(self.project.segments)):
            self.refresh_segment(index)
        self.update_context()
        self.look_up_matches(self.current)  # the matches' names, checked anew

    def _update_pane(self, index: int) -> None:
        title, subtitle = self.state.pane_title(index)
        pane = self.screen_stack[0].query_one("#editor-pane")
        pane.border_title = display(title, self.bidi)
        pane.border_subtitle = display(subtitle, self.bidi)  # names from the glossary
        seg = self.project.segments[index]
        self.source_view.show(seg.source, self.terms[index], self.unknown.spans(index))

    def show_segment(self, index: int) -> None:
        """Point the editor and the Arabic view at segment ``index``."""
        if not self.project.segments:
            return
        self._editor_index = index
        self._editor_session_saved = False
        self.editor.show(self.project.segments[index].target)
        self._update_pane(index)
        self.look_up_matches(index)

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

    def show_changed(self, index: int) -> None:
        self.redraw(index)
        self.save()
        self.show_segment(index)

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
        text = " ".join(self.editor.text.splitlines())
        if self.state.edit(index, text, remember=not self._editor_session_saved):
            self._editor_session_saved = True
            self.redraw(index)
            self.save()
        elif self.status.saved == "editing…":
            self.status.saved = "saved"

    @on(EditorDone)
    def _editor_done(self) -> None:
        self.commit_editor()
        self._focus(self.segment_list)

    @on(CurrentChanged)
    def _current_changed(self, event: CurrentChanged) -> None:
        self.commit_editor()
        self.project.current = event.index
        self.show_segment(event.index)
        self._save_position_later()

    @on(SegmentClicked)
    def _segment_clicked(self, event: SegmentClicked) -> None:
        self.segment_list.select(event.index)
        self._focus(self.segment_list)

    def action_focus_list(self) -> None:
        """Escape: leave the editor or the Arabic view; on the list, stop searching."""
        self.commit_editor()
        if self.segment_list.has_focus and self.search.query:
            self.search.submit("")
            self._mark_search()
        self._focus(self.segment_list)

    def action_edit(self) -> None:
        editor = self.editor
        self._focus(editor)
        editor.move_cursor(editor.document.end)

    def action_approve(self) -> None:
        if isinstance(self.screen, ReviewScreen):
            self.commit_editor()
            self.approvals.approve(self.current)

    def action_undo(self) -> None:
        self.commit_editor()
        self.approvals.undo()

    # ---------------------------------------------------- translation memory

    def look_up_matches(self, index: int) -> None:
        self.memories.look_up(index)

    @on(MemoryMatchesFound)
    def _matches_found(self, event: MemoryMatchesFound) -> None:
        self.memories.found(event)

    @on(MemoryChanged)
    def _memory_changed(self, event: MemoryChanged) -> None:
        if self.screen_stack:  # else closing: quitting waited for the writes, saved their records
            self.memories.changed(event)

    @on(MemoryProblem)
    def _memory_problem(self, event: MemoryProblem) -> None:
        self.notify(event.message, title="Translation memory", severity="warning", timeout=15)
        self.update_context()

    def action_take_match(self, number: int) -> None:
        if isinstance(self.screen, ReviewScreen) and self.project.segments:
            self.memories.take(number)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A memory key is offered (footer, palette) only while its match is on the screen."""
        if action == "take_match":
            number = parameters[0] if parameters and isinstance(parameters[0], int) else 1
            return self._started and self.memories.offered(number)
        return True

    # ------------------------------------------------------------ navigation

    def action_search(self) -> None:
        self.screen_stack[0].query_one(SearchBar).open()

    @on(SearchSubmitted)
    def _search_submitted(self, event: SearchSubmitted) -> None:
        """Enter in the search box: mark and go to the first match; empty: stop searching."""
        self._focus(self.segment_list)
        self.search.submit(event.query)
        self._mark_search()
        if self.search.query:
            self._search_step(1, include_current=True)

    def _mark_search(self) -> None:
        query = self.search.query
        self.segment_list.highlight(query)
        self.source_view.highlight(query)
        if not query:
            self.status.search = ""

    def _search_step(self, step: int, include_current: bool = False) -> None:
        if not self.search.query:
            self.action_search()
            return
        found = self.search.step(step, self.current, include_current)
        if found.target is None:
            self.status.search = found.line
            self.notify(found.warning, severity="warning")
            return
        self.segment_list.select(found.target)
        self.status.search = found.line

    def action_search_next(self) -> None:
        self._search_step(1)

    def action_search_previous(self) -> None:
        self._search_step(-1)

    def action_next_warning(self) -> None:
        index = self.state.next_warning(self.current)
        if index is None:
            self.notify("No segment lacks a glossary name.")
            return
        self.segment_list.select(index)

    # ------------------------------------------------------------ the model

    def request_translation(self, indices: list[int], front: bool = False) -> None:
        self.translations.request(indices, front)

    @on(TranslationProgress)
    def _progress(self, event: TranslationProgress) -> None:
        self.translations.progress(event)

    @on(SegmentsTranslated)
    def _translated(self, event: SegmentsTranslated) -> None:
        self.translations.translated(event)

    @on(TranslationFailed)
    def _translation_failed(self, event: TranslationFailed) -> None:
        self.translations.failed(event)

    def show_translated(self, index: int) -> None:
        self.redraw(index)
        if index == self._editor_index and not self.editor.has_focus:
            self.show_segment(index)

    def stop(self, message: str) -> None:
        self.error_message = message
        self.exit(1)

    def action_retranslate(self) -> None:
        self.commit_editor()
        index = self.current
        self.request_translation([index], front=True)
        self.notify(f"Re-translating segment {index + 1} (ctrl+z restores the current English).")

    def action_retranslate_machine(self) -> None:
        indices = [
            i for i, s in enumerate(self.project.segments) if s.status in ("machine", "pending")
        ]
        self.request_translation(indices)

    # ---------------------------------------------------------- the glossary

    def selected_source_form(self) -> tuple[int, str]:
        """The current segment's number and the Arabic words picked in the source view."""
        return self.current + 1, self.source_view.selection()

    def action_glossary(self) -> None:
        self.commit_editor()
        self.push_screen(GlossaryScreen(self.glossaries.view(), self.glossaries.check_draft))

    @on(GlossaryScreen.Changed)
    def _glossary_entry_saved(self, event: GlossaryScreen.Changed) -> None:
        self.glossaries.change(event.draft)
        event.screen.show(self.glossaries.view(), select=event.draft.target)

    @on(GlossaryScreen.Deleted)
    def _glossary_entry_deleted(self, event: GlossaryScreen.Deleted) -> None:
        self.glossaries.delete(event.target)
        event.screen.show(self.glossaries.view())

    @on(GlossaryScreen.AddFromSegment)
    def _glossary_add_from_segment(self, event: GlossaryScreen.AddFromSegment) -> None:
        self.glossaries.add_from_segment(event.screen.saved)

    @on(GlossaryScreen.RetranslateAffected)
    def _glossary_retranslate(self) -> None:
        self.glossaries.offer_retranslation(self.glossaries.last_affected)

    def action_add_term(self) -> None:
        self.commit_editor()
        self.glossaries.add_from_segment()

    def action_add_unknown_name(self) -> None:
        self.commit_editor()
        self.unknown.add(self.current, self.source_view.cursor_offset())

    # ------------------------------------------------------ summary, export

    def action_summary(self) -> None:
        self.commit_editor()
        self.exports.show_summary()

    def action_export(self) -> None:
        self.commit_editor()
        self.exports.open_dialog()

    @on(SummaryScreen.ExportRequested)
    def _export_from_summary(self) -> None:
        self.exports.open_dialog()  # over the summary, back to it when the dialog closes

    # ---------------------------------------------------------- save & quit

    def on_unmount(self) -> None:
        """The app is closing: let the next review of this project open it."""
        self.memory.wait_idle(MEMORY_QUIT_WAIT)
        self.memory.close()
        self.lock.release()

    def action_save(self) -> None:
        self.commit_editor()
        if self.save():
            self.notify(f"Saved to {self.project.path.name}.")

    async def action_quit(self) -> None:
        self.commit_editor()
        self.memory.wait_idle(MEMORY_QUIT_WAIT)  # approvals being recorded: saved with their record
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
