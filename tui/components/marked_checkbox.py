"""A checkbox whose state shows without colour: ``✔`` when on, blank when off.

Textual's Checkbox draws the same ``X`` either way and tells on from off by colour
alone, which a monochrome terminal, a colour-blind reader or a screenshot in grey
loses.
"""

from __future__ import annotations

from textual.widgets import Checkbox as TextualCheckbox

ON_MARK = "✔"


class Checkbox(TextualCheckbox):
    """Textual's Checkbox with a visible mark for its value."""

    @property
    def BUTTON_INNER(self) -> str:  # Textual reads this class attribute at each render
        return ON_MARK if self.value else " "
