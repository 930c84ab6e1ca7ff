"""The current segment's Arabic at full width, with a word cursor for picking a name.

Left/right move the cursor by words in reading direction (in Arabic "left" is
forward), shift extends the selection, a click picks the word under the mouse.
The selection (or the word under the cursor) is what "add name" preselects.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from textual import events
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.widget import Widget

from tui.bidi import ArabicText, is_rtl, layout
from tui.components.segment_row import source_spans
from tui.term_check import SegmentTerms

SELECTION_STYLE = "reverse"
UNKNOWN_STYLE = "underline magenta"  # a name the glossary does not know (u adds it)


def word_spans(text: str) -> list[tuple[int, int]]:
    """Words as (start, end); punctuation around a word is not part of it."""
    spans: list[tuple[int, int]] = []
    start = None
    for i, ch in enumerate(text):
        if ch.isalnum() or (
            start is not None and ch in "ـ\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"
        ):
            if start is None:
                start = i
        elif start is not None:
            spans.append((start, i))
            start = None
    if start is not None:
        spans.append((start, len(text)))
    return spans


class SourceView(Widget, can_focus=True):
    DEFAULT_CSS = """
    SourceView { height: auto; max-height: 5; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "step(1)", "Word ←", show=False),
        Binding("right", "step(-1)", "Word →", show=False),
        Binding("shift+left", "step(1, True)", "Extend ←", show=False),
        Binding("shift+right", "step(-1, True)", "Extend →", show=False),
    ]

    cursor: reactive[int] = reactive(0)
    anchor: reactive[int] = reactive(0)

    def __init__(self, bidi: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.bidi = bidi
        self.text = ""
        self.terms = SegmentTerms()
        self.words: list[tuple[int, int]] = []
        self.search = ""  # text to highlight
        self.unknown: list[tuple[int, int]] = []  # unknown names, marked

    def show(
        self, text: str, terms: SegmentTerms, unknown: list[tuple[int, int]] | None = None
    ) -> None:
        """``unknown``: spans of names the glossary does not know (``tui.unknown_names``)."""
        self.unknown = unknown or []
        if text != self.text:
            self.text = text
            self.words = word_spans(text)
            self.cursor = self.anchor = 0
        self.terms = terms
        self.refresh(layout=True)

    def selection(self) -> str:
        """The selected words (logical order), or the word under the cursor."""
        if not self.words:
            return ""
        low, high = sorted((self.cursor, self.anchor))
        return self.text[self.words[low][0] : self.words[high][1]]

    def _selected_span(self) -> tuple[int, int] | None:
        if not self.words or (not self.has_focus and self.cursor == self.anchor == 0):
            return None
        low, high = sorted((self.cursor, self.anchor))
        return self.words[low][0], self.words[high][1]

    def cursor_offset(self) -> int | None:
        """Where the word under the cursor starts, while the Arabic view has the focus."""
        if not self.words or not self.has_focus:
            return None
        return self.words[self.cursor][0]

    def highlight(self, search: str) -> None:
        if search != self.search:
            self.search = search
            self.refresh()

    def render(self) -> RenderableType:
        spans = source_spans(self.terms, self.search, self.text)
        spans = [*spans, *((a, b, UNKNOWN_STYLE) for a, b in self.unknown)]
        selected = self._selected_span()
        if selected is not None:
            spans = [(*selected, SELECTION_STYLE), *spans]
        return ArabicText(self.text, self.bidi, spans)

    def action_step(self, delta: int, extend: bool = False) -> None:
        if not self.words:
            return
        if self.bidi == "off" or not is_rtl(self.text):
            delta = -delta  # left-to-right display: left goes back
        self.cursor = max(0, min(self.cursor + delta, len(self.words) - 1))
        if not extend:
            self.anchor = self.cursor

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self.words:
            return
        width = self.content_size.width
        lines = layout(self.text, width, self.bidi)
        if not 0 <= offset.y < len(lines):
            return
        line = lines[offset.y]
        x = offset.x - (width - line.width)
        if not 0 <= x < len(line.indices):
            return
        index = line.indices[x]
        for number, (start, end) in enumerate(self.words):
            if start <= index < end:
                self.cursor = number
                if not event.shift:
                    self.anchor = number
                return

    def watch_cursor(self) -> None:
        self.refresh()

    def watch_anchor(self) -> None:
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
