"""One line under the editor: translation progress, search, save state, glossary and model.

Its parts quote file names and error messages; each is drawn through ``visible``
(already-displayed text passes unchanged), so none can carry a control character.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from glossary.safe_text import visible


class StatusBar(Static):
    DEFAULT_CSS = """
    StatusBar { height: 1; padding: 0 1; background: $panel; color: $text-muted; }
    """

    activity: reactive[str] = reactive("")
    search: reactive[str] = reactive("")  # "“query” 2 of 5", already in display order
    saved: reactive[str] = reactive("saved")
    context: reactive[str] = reactive("")

    def render(self) -> Text:
        text = Text()
        if self.activity:
            text.append(visible(self.activity), style="bold yellow")
            text.append("  ")
        if self.search:
            text.append(visible(self.search), style="black on yellow")
            text.append("  ")
        style = "bold red" if self.saved.startswith("NOT") else ""
        text.append(visible(self.saved), style=style)
        if self.context:
            text.append("  ·  " + visible(self.context))
        return text
