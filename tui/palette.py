"""Review commands in the command palette (ctrl+p), each with the key that also runs it.

A command the app says is unavailable here (``App.check_action`` returns False, e.g.
taking a memory match in a review without a memory) is not offered at all.
"""

from __future__ import annotations

from functools import partial

from textual.actions import parse
from textual.command import DiscoveryHit, Hit, Hits, Provider

# (title, key shown, help, app action)
COMMANDS: list[tuple[str, str, str, str]] = [
    (
        "Edit the English",
        "enter / e",
        "Put the cursor in the editor; enter or esc when done",
        "edit",
    ),
    ("Approve and move on", "a / ctrl+o", "Sign off the segment and go to the next one", "approve"),
    (
        "Re-translate segment",
        "r",
        "Replace the English with a fresh machine translation (undo restores)",
        "retranslate",
    ),
    (
        "Re-translate all machine segments",
        "",
        "Fresh machine output for every unedited segment",
        "retranslate_machine",
    ),
    ("Undo", "ctrl+z", "Undo the last change to a segment", "undo"),
    ("Search", "/", "Find text in the Arabic or the English", "search"),
    ("Next search match", "n", "Go to the next segment with the searched text", "search_next"),
    ("Glossary", "g", "Search and edit the names", "glossary"),
    (
        "Add a name from the segment",
        "t",
        "The selected Arabic words become a glossary name",
        "add_term",
    ),
    (
        "Add the unknown name under the cursor",
        "u",
        "A name the glossary does not know yet, with its proposed spelling",
        "add_unknown_name",
    ),
    (
        "Next segment lacking a name",
        "w",
        "Go to the next segment with a glossary warning",
        "next_warning",
    ),
    (
        "Take the translation memory's match",
        "m / 1",
        "The best memory match's English becomes the segment's, as an edit (ctrl+z restores)",
        "take_match(1)",
    ),
    ("Take memory match 2", "2", "The second match's English, as an edit", "take_match(2)"),
    ("Take memory match 3", "3", "The third match's English, as an edit", "take_match(3)"),
    ("Summary and post-editing effort", "s", "Counts and TER per segment", "summary"),
    (
        "Export",
        "x",
        "Write English text, bilingual TSV, JSON lines, XLIFF 2.1/1.2 or TMX",
        "export",
    ),
    ("Save", "ctrl+s", "Save the review now (it is also saved after every change)", "save"),
    ("Quit", "ctrl+q", "Save and quit", "quit"),
]


class ReviewCommands(Provider):
    """Offered on the review screen only; other screens have their own keys."""

    def _available(self) -> bool:
        return getattr(self.screen, "id", None) == "review"

    def _commands(self) -> list[tuple[str, str, str, str]]:
        """The commands the app does not rule out here."""
        offered = []
        for command in COMMANDS:
            _, name, params = parse(command[3])
            if self.app.check_action(name, params) is not False:
                offered.append(command)
        return offered

    def _title(self, title: str, key: str) -> str:
        return f"{title}  ({key})" if key else title

    async def discover(self) -> Hits:
        if not self._available():
            return
        for title, key, help_text, action in self._commands():
            yield DiscoveryHit(
                self._title(title, key), partial(self.app.run_action, action), help=help_text
            )

    async def search(self, query: str) -> Hits:
        if not self._available():
            return
        matcher = self.matcher(query)
        for title, key, help_text, action in self._commands():
            text = self._title(title, key)
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(text),
                    partial(self.app.run_action, action),
                    help=help_text,
                )
