"""The English editor: a TextArea where enter and escape mean "done", not a new line.

A segment's English is one sentence, so a line break would only corrupt the
export; pasted line breaks are turned into spaces when the edit is stored.

The text is edited as stored, but drawn through ``safe_text.visible``: English
imported with a control character (an ESC, a bidi override) shows it as a mark
(``␛``, ``⟨RLO⟩``) instead of sending it to the terminal.  The cursor may sit a
few cells off after such a mark, which only hostile text ever has.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import TextArea

from glossary.safe_text import visible
from tui.messages import EditorChanged, EditorDone


class TargetEditor(TextArea):
    # Shown in the footer while editing; they shadow the list's keys of the same name
    # (enter means "done" here, not "edit").
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "done", "Done", show=True, key_display="⏎"),
        Binding("escape", "done", "Done", show=False),
        Binding("ctrl+o", "app.approve", "Approve", show=True),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(soft_wrap=True, show_line_numbers=False, tab_behavior="focus", **kwargs)
        self._loading = False

    def show(self, text: str) -> None:
        """Load a segment's English without it counting as an edit."""
        self._loading = True
        self.load_text(text)
        self._loading = False

    def get_line(self, line_index: int) -> Text:
        """A line as drawn: controls from a file shown as marks, never sent raw."""
        return Text(visible(self.document.get_line(line_index)), end="", no_wrap=True)

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(EditorDone())
            return
        await super()._on_key(event)

    def action_done(self) -> None:
        self.post_message(EditorDone())

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if not self._loading:
            self.post_message(EditorChanged(self.text))
