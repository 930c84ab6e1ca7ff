"""The glossary at hand: search, add, edit and delete names without leaving the review.

Every change is saved to the glossary file at once (atomically) and applied to
the review's highlights and warnings; the review app then offers to
re-translate the segments the change affects.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
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
    from tui.app import ReviewApp


FORMS_WIDTH = 40  # a long list of variants must not push the other columns off screen
NOTE_WIDTH = 40


def _fold(text: str) -> str:
    try:
        return normalize(text).folded.casefold()
    except Exception:  # a search string the Arabic normalizer cannot read
        return text.casefold()


class GlossaryScreen(Screen[None]):
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

    def __init__(self) -> None:
        super().__init__()
        self.filter = ""

    @property
    def review(self) -> ReviewApp:
        return self.app  # type: ignore[return-value]

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
        review = self.review
        glossary = review.glossary
        counts = review.glossaries.name_counts()
        path = review.glossary_path
        entries = list(glossary.entries) if glossary is not None else []
        shown = [e for e in entries if self._keep(e)]
        title = (
            f"Glossary · {path.name if path is not None else '(none yet)'} · {len(entries)} names"
        )
        title = display(title, review.bidi)  # the file name and the search: from outside
        if self.filter:
            title += f" · {len(shown)} match “{display(self.filter, review.bidi)}”"
        self.query_one("#glossary-title", Static).update(Text(title))
        hint = (
            "a add · e/enter edit · d delete · t add name from the current segment · "
            "r re-translate affected segments · esc back"
        )
        if glossary is None:
            hint = display(
                f"no glossary yet: names you add are saved to {review.glossaries.default_path()}",
                review.bidi,
            )
        self.query_one("#glossary-hint", Static).update(hint)
        table = self.query_one(DataTable)
        current = select if select is not None else self._cursor_key()
        table.clear()
        mode = review.bidi
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
        glossary = self.review.glossary
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

    def _saved(self, draft: EntryDraft | None) -> None:
        if draft is not None:
            self.review.glossaries.change(draft)
            self.reload(select=draft.target)

    def _open_form(self, form: EntryForm) -> None:
        self.app.push_screen(form, self._saved)

    def action_add(self) -> None:
        self._open_form(EntryForm("Add a name", check=self.review.glossaries.check_draft))

    def action_add_from_segment(self) -> None:
        self.review.glossaries.add_from_segment(self._saved)

    def action_edit(self) -> None:
        entry = self._selected_entry()
        if entry is not None:
            check = self.review.glossaries.check_draft
            self._open_form(EntryForm(f"Edit {entry.target}", entry, check=check))

    def action_delete(self) -> None:
        entry = self._selected_entry()
        if entry is None:
            return

        def done(answer: str | None) -> None:
            if answer == "delete":
                self.review.glossaries.delete(entry.target)
                self.reload()

        question = f"Delete {entry.target} ({' | '.join(entry.forms)}) from the glossary?"
        self.app.push_screen(
            ConfirmScreen(question, [("delete", "Delete"), ("cancel", "Keep")], "cancel"), done
        )

    def action_retranslate(self) -> None:
        self.review.glossaries.offer_retranslation(self.review.glossaries.last_affected)
