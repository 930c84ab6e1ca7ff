"""The footer: the keys that work where the focus is, with quit and save always in sight.

Textual's Footer lists the active bindings in chain order (focused widget,
its parents, the screen, the app).  Textual means to leave out keys the
focused widget types itself, but it names symbol keys ("slash") without their
character, so an editor's footer still offered "/ Search" while "/" typed a
slash into the English.  This footer asks the focused widget about each key
with its character, and leaves out the ones it would type.  It also pins quit,
save and the command palette to the right edge, so a narrow terminal (80
columns) cuts the middle of the list, never the way out.
"""

from __future__ import annotations

import string

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup
from textual.keys import _character_to_key, key_to_character
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

PINNED_ACTIONS = ("save", "app.save", "quit", "app.quit")
# Textual's key names of printable characters ("slash" -> "/"), which key_to_character lacks
_CHARACTERS = {_character_to_key(ch): ch for ch in string.printable if ch.isprintable()}


def key_character(key: str) -> str | None:
    """The character a key types, if any: "a" -> "a", "slash" -> "/", "enter" -> None."""
    if len(key) == 1:
        return key
    return _CHARACTERS.get(key) or key_to_character(key)


class KeyBar(Footer):
    DEFAULT_CSS = """
    KeyBar #pinned-keys {
        dock: right;
        width: auto;
        height: 1;
        layout: horizontal;
        background: $footer-background;
        border-left: vkey $foreground 20%;
    }
    KeyBar #pinned-keys FooterKey.-command-palette {
        dock: none;
        border-left: none;
    }
    """

    def _typed_by_focus(self, key: str) -> bool:
        """Whether the focused widget takes ``key`` as text (so its binding never runs)."""
        focused = self.screen.focused
        return focused is not None and focused.check_consume_key(key, key_character(key))

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        active = self.screen.active_bindings
        shown = [
            (b, enabled, tip)
            for key, (_, b, enabled, tip) in active.items()
            if b.show and not self._typed_by_focus(key)
        ]
        seen: set[str] = set()
        pinned = []
        for binding, enabled, tooltip in shown:
            if binding.action in seen:
                continue  # one key per action, as Footer shows it
            seen.add(binding.action)
            if binding.action in PINNED_ACTIONS:
                pinned.append((binding, enabled, tooltip))
                continue
            yield self._key(binding, enabled, tooltip)
        with HorizontalGroup(id="pinned-keys"):
            if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
                palette = active.get(self.app.COMMAND_PALETTE_BINDING)
                if palette is not None:
                    _, binding, enabled, _ = palette
                    tip = binding.tooltip or binding.description
                    yield self._key(binding, enabled, tip, "all keys", "-command-palette")
            for binding, enabled, tooltip in pinned:
                yield self._key(binding, enabled, tooltip)

    def _key(
        self,
        binding: Binding,
        enabled: bool,
        tooltip: str,
        description: str | None = None,
        classes: str = "",
    ) -> FooterKey:
        return FooterKey(
            binding.key,
            self.app.get_key_display(binding),
            binding.description if description is None else description,
            binding.action,
            classes=classes,
            disabled=not enabled,
            tooltip=tooltip,
        ).data_bind(compact=Footer.compact)
