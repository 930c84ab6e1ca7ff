"""Add or edit one glossary entry: English, Arabic forms, type, note.

The form checks with the glossary's own rules and shows the problem in place,
so a rejected entry never closes the form and loses what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from glossary.entry import TYPES, Entry
from tui.bidi import ArabicText, display
from tui.components.bidi_input import BidiInput
from tui.components.marked_checkbox import Checkbox
from tui.name_forms import NameForms


@dataclass
class EntryDraft:
    """What the form returns; ``original`` is the entry being edited (None when adding)."""

    target: str
    forms: list[str]
    type: str | None
    note: str | None
    replace: bool
    original: Entry | None


class EntryForm(ModalScreen[EntryDraft | None]):
    DEFAULT_CSS = """
    EntryForm { align: center middle; }
    EntryForm > VerticalScroll {
        width: 76; max-width: 98%; height: auto; max-height: 98%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    EntryForm Label { margin-top: 1; }
    EntryForm Input, EntryForm Select { margin: 0 0; background: $boost; }
    EntryForm Select > SelectOverlay.-textual-compact {  /* as in the export dialog */
        border: round $accent !important; background: $panel;
    }
    EntryForm #error { color: $error; height: auto; }
    EntryForm Horizontal { height: auto; margin-top: 1; }
    EntryForm Button { margin-right: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        # Not a priority binding: it must run after the keys typed before it reach the inputs.
        Binding("ctrl+s", "submit", "Save"),
    ]

    def __init__(
        self,
        title: str,
        entry: Entry | None = None,
        *,
        picked: NameForms | None = None,
        check: Callable[[EntryDraft], str | None] | None = None,
    ) -> None:
        """``picked``: Arabic picked in a segment (offered without its clitics);
        ``check(draft)`` returns an error message, or None when the draft can be saved."""
        super().__init__()
        self.title_text = title
        self.entry = entry
        self.picked = picked
        self.check = check

    def compose(self) -> ComposeResult:
        entry = self.entry
        picked = self.picked
        forms = " | ".join(entry.forms) if entry else (picked.bare if picked else "")
        mode = getattr(self.app, "bidi", "app")
        with VerticalScroll():
            yield Static(Text(display(self.title_text, mode), style="bold"))  # quotes a name
            if picked is not None and picked.stripped:
                note = (
                    f"Picked in the text: {picked.picked} — offered without "
                    f"{picked.stripped}, which the glossary finds attached anyway"
                )
                yield Static(ArabicText(note, mode, justify="auto"), id="picked")
            yield Label("English (the exact spelling to enforce)")
            yield BidiInput(
                entry.target if entry else "",
                id="target",
                placeholder="e.g. Vladimir Putin",
                compact=True,
            )
            yield Label("Arabic forms (variants separated by | )")
            yield BidiInput(
                forms, id="forms", placeholder="e.g. فلاديمير بوتين | بوتين", compact=True
            )
            if picked is not None and len(picked.options) > 1:
                yield Label("Form to save (the picked text, with or without its clitics)")
                yield Select(
                    [(Text(display(option, mode)), option) for option in picked.options],
                    value=picked.bare,
                    id="form-choice",
                    allow_blank=False,
                    compact=True,
                )
            yield Label("Type")
            yield Select(
                [(t, t) for t in TYPES],
                value=(entry.type if entry and entry.type else Select.NULL),
                id="type",
                allow_blank=True,
                prompt="(none)",
                compact=True,
            )
            yield Label("Note")
            yield BidiInput((entry.note or "") if entry else "", id="note", compact=True)
            yield Checkbox(
                "Move forms that belong to another name to this one", id="replace", compact=True
            )
            yield Static("", id="error")
            with Horizontal():
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#target", Input).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "form-choice" and isinstance(event.value, str):
            self.query_one("#forms", Input).value = event.value

    def draft(self) -> EntryDraft:
        kind = self.query_one("#type", Select).value
        note = self.query_one("#note", Input).value.strip()
        raw_forms = self.query_one("#forms", Input).value.split("|")
        return EntryDraft(
            target=self.query_one("#target", Input).value.strip(),
            forms=[f.strip() for f in raw_forms if f.strip()],
            type=kind if isinstance(kind, str) else None,
            note=note or None,
            replace=self.query_one("#replace", Checkbox).value,
            original=self.entry,
        )

    def action_submit(self) -> None:
        draft = self.draft()
        problem = None
        if not draft.target:
            problem = "give the English spelling"
        elif not draft.forms:
            problem = "give at least one Arabic form"
        elif self.check is not None:
            problem = self.check(draft)
        if problem:
            mode = getattr(self.app, "bidi", "app")
            self.query_one("#error", Static).update(Text(display(problem, mode, keep="\n")))
            return
        self.dismiss(draft)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_submit()
        else:
            self.action_cancel()
