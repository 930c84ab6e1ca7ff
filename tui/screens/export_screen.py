"""Export from the review: pick a format and a file; the writing is atomic."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from tui.export import FORMATS


@dataclass
class ExportRequest:
    format: str
    path: Path
    approved_only: bool


class ExportScreen(ModalScreen[ExportRequest | None]):
    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > VerticalScroll {
        width: 76; max-width: 98%; height: auto; border: thick $accent; background: $surface;
        padding: 0 1;
    }
    ExportScreen Label { margin-top: 1; }
    ExportScreen Input, ExportScreen Select { margin: 0 1; background: $boost; }
    ExportScreen Horizontal { height: auto; margin-top: 1; }
    ExportScreen Button { margin-right: 2; }
    ExportScreen #export-help { color: $text-muted; height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, defaults: dict[str, Path]) -> None:
        super().__init__()
        self.defaults = defaults
        self.format = "text"

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("[b]Export[/b]")
            yield Label("Format")
            yield Select(
                [(f, f) for f in FORMATS],
                value="text",
                allow_blank=False,
                id="format",
                compact=True,
            )
            yield Static(
                "text: English, one line per Arabic paragraph · tsv: Arabic and English side "
                "by side · jsonl: per segment, with TER post-editing effort",
                id="export-help",
            )
            yield Label("File")
            yield Input(str(self.defaults["text"]), id="path", compact=True)
            yield Checkbox("Approved segments only (text)", id="approved", compact=True)
            with Horizontal():
                yield Button("Export", id="export", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#export", Button).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        path = self.query_one("#path", Input)
        if isinstance(event.value, str):
            if path.value == str(self.defaults[self.format]):
                path.value = str(self.defaults[event.value])
            self.format = event.value

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id != "export":
            self.dismiss(None)
            return
        path = self.query_one("#path", Input).value.strip()
        if not path:
            self.query_one("#path", Input).focus()
            return
        self.dismiss(
            ExportRequest(
                self.format, Path(path).expanduser(), self.query_one("#approved", Checkbox).value
            )
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#export", Button).press()

    def action_cancel(self) -> None:
        self.dismiss(None)
