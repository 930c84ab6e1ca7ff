"""A small modal question with a few answers; dismisses with the chosen answer's key.

The question may quote Arabic (a name's forms, a file name), so it is drawn
through the review's bidi path, wrapped first and then ordered line by line.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui.bidi import ArabicText


class ConfirmScreen(ModalScreen[str]):
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical {
        width: 70; max-width: 95%; height: auto; border: thick $accent; background: $surface;
        padding: 1 2;
    }
    ConfirmScreen #question { margin-bottom: 1; }
    ConfirmScreen Horizontal { height: auto; }
    ConfirmScreen Button { margin-right: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "answer('cancel')", "Cancel")]

    def __init__(
        self, question: str, answers: list[tuple[str, str]], default: str | None = None
    ) -> None:
        """``answers``: (key, button label); the first is focused unless ``default`` names one."""
        super().__init__()
        self.question = question
        self.answers = answers
        self.default = default or answers[0][0]

    def compose(self) -> ComposeResult:
        with Vertical():
            mode = getattr(self.app, "bidi", "app")
            yield Static(ArabicText(self.question, mode, justify="auto"), id="question")
            with Horizontal():
                for key, label in self.answers:
                    yield Button(
                        label,
                        id=f"answer-{key}",
                        variant="primary" if key == self.default else "default",
                    )

    def on_mount(self) -> None:
        self.query_one(f"#answer-{self.default}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "answer-cancel").removeprefix("answer-"))

    def action_answer(self, key: str) -> None:
        self.dismiss(key)
