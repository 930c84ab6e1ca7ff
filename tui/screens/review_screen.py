"""The main screen: segment list, the current segment's Arabic, English editor, memory, status."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header

from tui.components.key_bar import KeyBar
from tui.components.memory_panel import MemoryPanel
from tui.components.search_bar import SearchBar
from tui.components.segment_list import SegmentList
from tui.components.source_view import SourceView
from tui.components.status_bar import StatusBar
from tui.components.target_editor import TargetEditor


class ReviewScreen(Screen[None]):
    """Keys live here, so they are off while a modal or the glossary is open.

    The keys run the app's actions (``app.approve``…).  Once its widgets exist the
    screen calls ``when_ready`` (at once, not through a message: keys typed at start-up
    must find the rows filled and the list focused); it posts ``Resumed`` when it is
    back on top, and the app puts the focus back on the list.
    """

    @dataclass
    class Resumed(Message):
        """Back from a dialog or another screen."""

        screen: ReviewScreen

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,e", "app.edit", "Edit"),
        Binding("a", "app.approve", "Approve"),
        # offered (and shown) only while the memory panel has that match for this segment
        Binding("m,1", "app.take_match(1)", "TM match"),
        Binding("2", "app.take_match(2)", "TM match 2", show=False),
        Binding("3", "app.take_match(3)", "TM match 3", show=False),
        Binding("r", "app.retranslate", "Retranslate"),
        Binding("ctrl+z", "app.undo", "Undo"),
        Binding("slash", "app.search", "Search"),
        Binding("n", "app.search_next", "Next match", show=False),
        Binding("N", "app.search_previous", "Previous match", show=False),
        Binding("g", "app.glossary", "Glossary"),
        Binding("t", "app.add_term", "Add name"),
        Binding("u", "app.add_unknown_name", "Add unknown name", show=False),
        Binding("w", "app.next_warning", "Next warning", show=False),
        Binding("s", "app.summary", "Summary"),
        Binding("x", "app.export", "Export"),
        Binding("escape", "app.focus_list", "List", show=False),
    ]

    def __init__(
        self,
        bidi: str,
        memory_threshold: float | None = None,
        when_ready: Callable[[], None] | None = None,
    ) -> None:
        """``memory_threshold``: the fuzzy score matches are offered from (None: no memory);
        ``when_ready``: called once the widgets exist (the app fills them)."""
        super().__init__(id="review")
        self.bidi = bidi
        self.memory_threshold = memory_threshold
        self.when_ready = when_ready

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield SearchBar(id="search")
        yield SegmentList(self.bidi, id="segments")
        with Vertical(id="editor-pane"):
            yield SourceView(self.bidi, id="source")
            yield TargetEditor(id="editor")
            panel = MemoryPanel(self.bidi, self.memory_threshold or 0, id="memory")
            panel.display = self.memory_threshold is not None
            yield panel
        yield StatusBar(id="status")
        yield KeyBar(compact=True)

    def on_mount(self) -> None:
        if self.when_ready is not None:
            self.when_ready()

    def on_screen_resume(self) -> None:
        """Back from a dialog or another screen: the list has the focus, nothing else."""
        self.post_message(self.Resumed(self))
