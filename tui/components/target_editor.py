"""The English editor: a TextArea where enter and escape mean "done", not a new line.

A segment's English is one sentence, so a line break would only corrupt the
export; pasted line breaks are turned into spaces when the edit is stored.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import TextArea

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
