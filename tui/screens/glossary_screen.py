"""The glossary at hand: search, add, edit and delete names without leaving the review.

The screen is given what it shows (a ``GlossaryView``) and a check for the entry
form; it changes nothing itself.  Each change the translator asks for is posted
as a message (``Changed``, ``Deleted``, ``AddFromSegment``, ``RetranslateAffected``);
the app saves it to the glossary file at once (atomically), applies it to the
review's highlights and warnings, and gives the screen the new view (``show``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from glossary.normalize import normalize
from tui.bidi import display, display_clipped
from tui.components.bidi_input import BidiInput
from tui.components.key_bar import KeyBar
from tui.screens.confirm import ConfirmScreen
from tui.screens.entry_form import EntryDraft, EntryForm

if TYPE_CHECKING:
    from glossary.entry import Entry
    from glossary.termbase import Glossary


FORMS_WIDTH = 40  # a long list of variants must not push the other columns off screen
NOTE_WIDTH = 40


def _fold(text: str) -> str:
    try:
        return normalize(text).folded.casefold()
    except Exception:  # a search string the Arabic normalizer cannot read
        return text.casefold()


@dataclass(frozen=True)
class GlossaryView:
    """What the glossary screen shows."""

    glossary: Glossary | None
    path: Path | None  # the glossary file (None: none yet)
    default_path: Path  # where the first name added is saved when there is none
    counts: Counter[str]  # name -> how often the document's Arabic has it
    bidi: str


class GlossaryScreen(Screen[None]):
    """Posts what the translator asks for; the app changes the glossary and calls ``show``."""

    DEFAULT_CSS = """
    GlossaryScreen #glossary-title { height: 1; padding: 0 1; background: $primary; color: $text; }
    GlossaryScreen #glossary-search { margin: 0 0; }
    GlossaryScreen DataTable { height: 1fr; }
    GlossaryScreen #glossary-hint { height: 1; padding: 0 1; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        Binding("a", "add", "Add"),
        Binding("e", "edit", "Edit"),
        Binding("d,delete", "delete", "Delete"),
        Binding("t", "add_from_segment", "Name from segment"),
        Binding("r", "retranslate", "Re-translate affected"),
        Binding("slash", "search", "Search"),
    ]

    @dataclass
    class Changed(Message):
        """A name added or edited in the form (``draft.original``: the entry it replaces)."""

        screen: GlossaryScreen
        draft: EntryDraft

    @dataclass
    class Deleted(Message):
        screen: GlossaryScreen
        target: str

    @dataclass
    class AddFromSegment(Message):
        """``t``: the words picked in the current segment become a new name."""

        screen: GlossaryScreen

    @dataclass
    class RetranslateAffected(Message):
        """``r``: re-translate the segments the last change affected."""

        screen: GlossaryScreen

    def __init__(self, view: GlossaryView, check: Callable[[EntryDraft], str | None]) -> None:
        """``check``: why a draft cannot be saved (None: it can), shown in the entry form."""
        super().__init__()
        self.view = view
        self.check = check
        self.filter = ""

    def show(self, view: GlossaryView, select: str | None = None) -> None:
        """The glossary changed: show ``view``, with the row of ``select`` highlighted."""
        self.view = view
        self.reload(select=select)

    def compose(self) -> ComposeResult:
        yield Static(id="glossary-title")
        yield BidiInput(placeholder="/ search English or Arabic", id="glossary-search")
        yield DataTable(id="glossary-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="glossary-hint")
        yield KeyBar(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("English", key="target")
        table.add_column("In text", key="count")
        table.add_column("Type", key="type")
        table.add_column("Arabic forms", key="forms")
        table.add_column("Note", key="note")
        self.reload()
        table.focus()

    def reload(self, select: str | None = None) -> None:
        """Rebuild the rows from the glossary in use (after any change)."""
        view = self.view
        glossary = view.glossary
        counts = view.counts
        path = view.path
        entries = list(glossary.entries) if glossary is not None else []
        shown = [e for e in entries if self._keep(e)]
        title = (
            f"Glossary · {path.name if path is not None else '(none yet)'} · {len(entries)} names"
        )
        title = display(title, view.bidi)  # the file name and the search: from outside
        if self.filter:
            title += f" · {len(shown)} match “{display(self.filter, view.bidi)}”"
        self.query_one("#glossary-title", Static).update(Text(title))
        hint = (
            "a add · e/enter edit · d delete · t add name from the current segment · "
            "r re-translate affected segments · esc back"
        )
        if glossary is None:
            hint = display(
                f"no glossary yet: names you add are saved to {view.default_path}",
                view.bidi,
            )
        self.query_one("#glossary-hint", Static).update(hint)
        table = self.query_one(DataTable)
        current = select if select is not None else self._cursor_key()
        table.clear()
        mode = view.bidi
        for entry in shown:
            count = counts.get(entry.target, 0)
            table.add_row(
                Text(display(entry.target, mode), style="bold"),
                Text(
                    str(count) if count else "·", justify="right", style="green" if count else "dim"
                ),
                display(entry.type or "", mode),
                Text(display_clipped(" | ".join(entry.forms), FORMS_WIDTH, mode)),
                Text(display_clipped(entry.note or "", NOTE_WIDTH, mode)),
                key=entry.target,
            )
        if current is not None and current in {e.target for e in shown}:
            table.move_cursor(row=table.get_row_index(current))

    def _keep(self, entry: Entry) -> bool:
        if not self.filter:
            return True
        wanted = _fold(self.filter)
        haystack = [entry.target, entry.type or "", entry.note or "", *entry.forms]
        return any(wanted in _fold(h) for h in haystack)

    def _cursor_key(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        try:
            return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:
            return None

    def _selected_entry(self) -> Entry | None:
        key = self._cursor_key()
        glossary = self.view.glossary
        return glossary.entry_for_target(key) if key and glossary is not None else None

    def on_input_changed(self, event: Input.Changed) -> None:
        self.filter = event.value.strip()
        self.reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.set_focus(self.query_one(DataTable))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit()

    def action_search(self) -> None:
        self.set_focus(self.query_one("#glossary-search", Input))

    def action_close(self) -> None:
        search = self.query_one("#glossary-search", Input)
        if search.has_focus:
            self.set_focus(self.query_one(DataTable))
            return
        self.dismiss(None)

    def saved(self, draft: EntryDraft | None) -> None:
        """The entry form closed: a draft to save (None: cancelled)."""
        if draft is not None:
            self.post_message(self.Changed(self, draft))

    def _open_form(self, form: EntryForm) -> None:
        self.app.push_screen(form, self.saved)

    def action_add(self) -> None:
        self._open_form(EntryForm("Add a name", check=self.check))

    def action_add_from_segment(self) -> None:
        self.post_message(self.AddFromSegment(self))

    def action_edit(self) -> None:
        entry = self._selected_entry()
        if entry is not None:
            self._open_form(EntryForm(f"Edit {entry.target}", entry, check=self.check))

    def action_delete(self) -> None:
        entry = self._selected_entry()
        if entry is None:
            return

        def done(answer: str | None) -> None:
            if answer == "delete":
                self.post_message(self.Deleted(self, entry.target))

        question = f"Delete {entry.target} ({' | '.join(entry.forms)}) from the glossary?"
        self.app.push_screen(
            ConfirmScreen(question, [("delete", "Delete"), ("cancel", "Keep")], "cancel"), done
        )

    def action_retranslate(self) -> None:
        self.post_message(self.RetranslateAffected(self))
