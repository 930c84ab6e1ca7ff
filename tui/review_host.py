"""What the review's controllers may ask of the app, written down as a Protocol.

``tui.app.ReviewApp`` provides it; the controllers (glossary, export, unknown
names, translation queue) are typed against this list instead of importing the
app module, which imports them: no import cycle, and what a controller may do
to the screen is in one place.  Everything else a controller needs it gets in
its constructor (the ``ReviewState``, the memory, the queue).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from textual.message import Message
    from textual.screen import Screen

    from glossary.termbase import Glossary
    from translator.memory.store import TranslationMemory
    from tui.components.memory_panel import MemoryPanel
    from tui.project import Project


class MemoryReader(Protocol):
    """What the translation worker reads of the review's memory (``tui.review_memory``)."""

    def reader(self) -> TranslationMemory | None: ...

    def report(self, message: str) -> None: ...


class ReviewHost(Protocol):
    """The review app, as its controllers see it."""

    # Textual's own App API
    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None: ...

    def push_screen(
        self, screen: Screen[Any], callback: Callable[[Any], Any] | None = None
    ) -> Any: ...

    def run_worker(self, work: Any, *args: Any, **kwargs: Any) -> Any: ...

    def post_message(self, message: Message) -> bool: ...

    def refresh_bindings(self) -> None: ...

    # what the review adds
    @property
    def project(self) -> Project: ...

    @property
    def glossary(self) -> Glossary | None: ...

    @property
    def memory(self) -> MemoryReader: ...

    @property
    def current(self) -> int:
        """The selected segment."""
        ...

    def go_to(self, index: int) -> None:
        """Select segment ``index`` in the list."""

    def focus_list(self) -> None:
        """The segment list gets the keys."""

    @property
    def memory_panel(self) -> MemoryPanel: ...

    def save(self) -> bool: ...

    def stop(self, message: str) -> None:
        """End the review with an error (``message``: one line for the user)."""

    def commit_editor(self) -> None:
        """Store what is typed in the editor into its segment first."""

    def refresh_segment(self, index: int) -> None:
        """Check segment ``index``'s names again and redraw it."""

    def redraw(self, index: int) -> None:
        """Segment ``index``'s row (already checked), the pane if it is current, the header."""

    def show_segment(self, index: int) -> None:
        """Point the editor and the Arabic view at segment ``index``."""

    def show_changed(self, index: int) -> None:
        """Segment ``index`` changed (already checked): redraw it, save, show it in the editor."""

    def show_translated(self, index: int) -> None:
        """Redraw a segment the model just filled, and the editor unless it is being typed in."""

    def update_context(self) -> None:
        """The status line's glossary, memory and model."""

    def glossary_switched(self) -> None:
        """Every segment re-checked against the glossary now in use: redraw them all."""

    def request_translation(self, indices: list[int], front: bool = False) -> None: ...

    def show_activity(self, text: str) -> None:
        """A short line in the status bar about what is going on ("" clears it)."""

    def selected_source_form(self) -> tuple[int, str]:
        """The current segment's number and the Arabic words picked in it."""
        ...
