"""The ``/`` search box: finds text in the Arabic or the English of any segment."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input

from tui.components.bidi_input import BidiInput
from tui.messages import SearchSubmitted


class SearchBar(BidiInput):
    DEFAULT_CSS = """
    SearchBar { display: none; dock: top; }
    SearchBar.-open { display: block; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close search", show=True)]

    def __init__(self, **kwargs) -> None:
        super().__init__(placeholder="search Arabic or English (enter: find, esc: close)", **kwargs)

    def open(self) -> None:
        self.add_class("-open")
        self.screen.set_focus(self)  # at once, so the keys typed next land here

    def action_close(self) -> None:
        self.remove_class("-open")
        self.post_message(SearchSubmitted(""))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.remove_class("-open")
        self.post_message(SearchSubmitted(event.value))
