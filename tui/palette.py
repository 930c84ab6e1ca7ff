"""Review commands in the command palette (ctrl+p), each with the key that also runs it."""

from __future__ import annotations

from functools import partial

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
        "Next segment lacking a name",
        "w",
        "Go to the next segment with a glossary warning",
        "next_warning",
    ),
    ("Summary and post-editing effort", "s", "Counts and TER per segment", "summary"),
    ("Export", "x", "Write English text, bilingual TSV or JSON lines", "export"),
    ("Save", "ctrl+s", "Save the review now (it is also saved after every change)", "save"),
    ("Quit", "ctrl+q", "Save and quit", "quit"),
]


class ReviewCommands(Provider):
    """Offered on the review screen only; other screens have their own keys."""

    def _available(self) -> bool:
        return getattr(self.screen, "id", None) == "review"

    def _title(self, title: str, key: str) -> str:
        return f"{title}  ({key})" if key else title

    async def discover(self) -> Hits:
        if not self._available():
            return
        for title, key, help_text, action in COMMANDS:
            yield DiscoveryHit(
                self._title(title, key), partial(self.app.run_action, action), help=help_text
            )

    async def search(self, query: str) -> Hits:
        if not self._available():
            return
        matcher = self.matcher(query)
        for title, key, help_text, action in COMMANDS:
            text = self._title(title, key)
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(text),
                    partial(self.app.run_action, action),
                    help=help_text,
                )
