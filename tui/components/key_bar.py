"""The footer: the keys that work where the focus is, with quit and save always in sight.

Textual's Footer lists the active bindings in chain order (focused widget,
its parents, the screen, the app), leaving out keys the focused widget types
itself (an editor takes "/" as a character, so "/ Search" is not offered
there).  This one keeps that, but pins quit, save and the command palette to
the right edge, so a narrow terminal (80 columns) cuts the middle of the list,
never the way out.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

PINNED_ACTIONS = ("save", "app.save", "quit", "app.quit")


class KeyBar(Footer):
    DEFAULT_CSS = """
    KeyBar FooterKey.-pinned {
        dock: right;
        padding: 0 1 0 0;
    }
    """

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        active = self.screen.active_bindings
        shown = [(b, enabled, tip) for (_, b, enabled, tip) in active.values() if b.show]
        seen: set[str] = set()
        pinned = []
        for binding, enabled, tooltip in shown:
            if binding.action in seen:
                continue  # one key per action, as Footer shows it
            seen.add(binding.action)
            if binding.action in PINNED_ACTIONS:
                pinned.append((binding, enabled, tooltip))
                continue
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            ).data_bind(compact=Footer.compact)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            palette = active.get(self.app.COMMAND_PALETTE_BINDING)
            if palette is not None:
                _, binding, enabled, _ = palette
                yield FooterKey(
                    binding.key,
                    self.app.get_key_display(binding),
                    "all keys",
                    binding.action,
                    classes="-command-palette",
                    disabled=not enabled,
                    tooltip=binding.tooltip or binding.description,
                ).data_bind(compact=Footer.compact)
        # Docked right in reverse, so they read "^s Save ^q Quit" left to right.
        for binding, enabled, tooltip in reversed(pinned):
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                classes="-pinned",
                disabled=not enabled,
                tooltip=tooltip,
            ).data_bind(compact=Footer.compact)
