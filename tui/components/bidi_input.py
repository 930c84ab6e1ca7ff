"""A one-line text input that draws Arabic shaped and in reading order, like the columns.

The value is stored and edited in logical order, as typed; only drawing goes
through ``tui.bidi`` (in ``app`` mode, when the value has right-to-left
letters, and in every mode when it holds a control or bidi-control character,
which is drawn as a visible mark).  The cursor is drawn on the cell that shows the character at the
logical cursor (at the end: a cell beyond the reading end, left of a
right-to-left line).  In a right-to-left value left and right move in reading
direction (left goes forward), and a click puts the cursor on the letter
under the mouse.  Anything else falls back to Textual's own Input.
"""

from __future__ import annotations

from rich.text import Text
from textual.strip import Strip
from textual.widgets import Input

from glossary.safe_text import is_unsafe
from tui.bidi import display, display_line, has_rtl, is_rtl


class BidiInput(Input):
    """Textual's Input, drawn through the review's bidi display path."""

    @property
    def _bidi_mode(self) -> str:
        return getattr(self.app, "bidi", "app")

    def on_mount(self) -> None:
        if self._bidi_mode == "app" and has_rtl(self.placeholder):
            self.placeholder = display(self.placeholder, "app")  # shown, never edited

    def _shaped(self) -> bool:
        return self._bidi_mode == "app" and has_rtl(self.value)

    def _drawn_bidi(self) -> bool:
        unsafe = any(is_unsafe(ch) for ch in self.value)
        return not self.password and (self._shaped() or unsafe)

    def _cells(self) -> tuple[Text, list[int], int]:
        """The drawn value, the logical index shown in each cell, and the cursor's cell."""
        value = self.value
        shaped = self._shaped()
        rtl = shaped and is_rtl(value)
        line = display_line(value, "app" if shaped else "off", rtl)
        text = Text(line.chars, no_wrap=True, overflow="ignore", end="")
        indices = list(line.indices)
        # The end of the text is a cell of its own, beyond its last letter in reading order.
        if rtl:
            text = Text(" ", end="") + text
            indices = [len(value), *indices]
        else:
            text.append(" ")
            indices.append(len(value))
        cursor = self.cursor_position
        if cursor in indices:
            cell = indices.index(cursor)
        else:  # the alef of a lam-alef ligature: the cell that holds it
            cell = min(range(len(indices)), key=lambda c: abs(indices[c] - cursor))
        return text, indices, cell

    def render_line(self, y: int) -> Strip:
        if y != 0 or not self._drawn_bidi():
            return super().render_line(y)
        text, indices, cursor_cell = self._cells()
        if self.has_focus:
            if not self.selection.is_empty:
                low, high = sorted(self.selection)
                style = self.get_component_rich_style("input--selection")
                for cell, index in enumerate(indices):
                    if low <= index < high:
                        text.stylize_before(style, cell, cell + 1)
            if self._cursor_visible:
                text.stylize(
                    self.get_component_rich_style("input--cursor"), cursor_cell, cursor_cell + 1
                )
        width = self.scrollable_content_region.width
        start = self._window_start(len(indices), cursor_cell, width)
        console = self.app.console
        segments = list(console.render(text, self.app.console_options.update_width(len(indices))))
        strip = Strip(segments).crop(start, start + width)
        return strip.extend_cell_length(width).apply_style(self.rich_style)

    @staticmethod
    def _window_start(cells: int, cursor_cell: int, width: int) -> int:
        """The first cell shown: the whole value if it fits, else a window around the cursor."""
        if cells <= width or width <= 0:
            return 0
        return max(0, min(cursor_cell - width // 2, cells - width))

    def _cell_offset_to_index(self, offset: int) -> int:
        if not self._drawn_bidi():
            return super()._cell_offset_to_index(offset)
        _, indices, cursor_cell = self._cells()
        width = self.scrollable_content_region.width
        cell = offset + self._window_start(len(indices), cursor_cell, width)
        return indices[max(0, min(cell, len(indices) - 1))]

    def _reading_rtl(self) -> bool:
        return self._shaped() and not self.password and is_rtl(self.value)

    def action_cursor_left(self, select: bool = False) -> None:
        if self._reading_rtl():
            super().action_cursor_right(select)
        else:
            super().action_cursor_left(select)

    def action_cursor_right(self, select: bool = False) -> None:
        if self._reading_rtl():
            super().action_cursor_left(select)
        else:
            super().action_cursor_right(select)
