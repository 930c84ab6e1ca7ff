"""Export from the review: pick a format and a file; the writing is atomic.

Formats: the English as text, bilingual TSV, JSON lines with post-editing effort,
XLIFF 2.1 or 1.2 for another CAT tool (``tarjama import-xliff`` brings it back), and
the approved segments as TMX.

The file name is checked in the dialog (never the review's own source, project
or glossary), so a refused name keeps everything typed; replacing an existing
file is confirmed by the export controller after the dialog closes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from tui.bidi import display
from tui.components.bidi_input import BidiInput
from tui.components.marked_checkbox import Checkbox
from tui.export import DIALOG_CHOICES


@dataclass
class ExportRequest:
    format: str  # text, tsv, jsonl, xliff, tmx
    path: Path
    approved_only: bool
    xliff_version: str = "2.1"

    @property
    def choice(self) -> str:
        """The dialog's name for this format (``xliff 1.2``)."""
        return next(
            label
            for label, (fmt, version) in DIALOG_CHOICES.items()
            if fmt == self.format and version in ("", self.xliff_version)
        )


HELP = (
    "text: English, one line per Arabic paragraph · tsv: Arabic and English side by side · "
    "jsonl: per segment, with TER post-editing effort · xliff: every segment with its state, "
    "for other CAT tools (tarjama import-xliff brings it back) · tmx: the approved segments"
)


class ExportScreen(ModalScreen[ExportRequest | None]):
    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > VerticalScroll {
        width: 76; max-width: 98%; height: auto; border: thick $accent; background: $surface;
        padding: 0 1;
    }
    ExportScreen Label { margin-top: 1; }
    /* No side margin: the open list covers the whole row, and with a border and its
       own background the help text under it does not show through at its edges. */
    ExportScreen Input, ExportScreen Select { margin: 0 0; background: $boost; }
    ExportScreen Select > SelectOverlay.-textual-compact {
        border: round $accent !important; background: $panel;
    }
    ExportScreen Horizontal { height: auto; margin-top: 1; }
    ExportScreen Button { margin-right: 2; }
    ExportScreen #export-help { color: $text-muted; height: auto; }
    ExportScreen #export-error { color: $error; height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        defaults: dict[str, Path],  # a default file per choice of DIALOG_CHOICES
        *,
        check: Callable[[Path], str | None] | None = None,
        previous: ExportRequest | None = None,
    ) -> None:
        """``check(path)`` says why a file cannot be written (None when it can);
        ``previous`` refills the dialog when it is shown again."""
        super().__init__()
        self.defaults = defaults
        self.check = check
        self.previous = previous
        self.choice = previous.choice if previous is not None else "text"

    def compose(self) -> ComposeResult:
        previous = self.previous
        path = str(previous.path) if previous is not None else str(self.defaults[self.choice])
        with VerticalScroll():
            yield Static("[b]Export[/b]")
            yield Label("Format")
            yield Select(
                [(label, label) for label in DIALOG_CHOICES],
                value=self.choice,
                allow_blank=False,
                id="format",
                compact=True,
            )
            yield Static(HELP, id="export-help")
            yield Label("File")
            yield BidiInput(path, id="path", compact=True)
            yield Checkbox(
                "Approved segments only (text)",
                previous.approved_only if previous is not None else False,
                id="approved",
                compact=True,
            )
            yield Static("", id="export-error")
            with Horizontal():
                yield Button("Export", id="export", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#export", Button).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        path = self.query_one("#path", Input)
        if isinstance(event.value, str):
            if path.value == str(self.defaults[self.choice]):
                path.value = str(self.defaults[event.value])
            self.choice = event.value

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id != "export":
            self.dismiss(None)
            return
        field = self.query_one("#path", Input)
        text = field.value.strip()
        problem = "give a file name" if not text else None
        path = Path(text).expanduser()
        if problem is None and self.check is not None:
            problem = self.check(path)
        if problem:
            mode = getattr(self.app, "bidi", "app")
            self.query_one("#export-error", Static).update(Text(display(problem, mode)))
            field.focus()
            return
        fmt, version = DIALOG_CHOICES[self.choice]
        approved = self.query_one("#approved", Checkbox).value
        self.dismiss(ExportRequest(fmt, path, approved, version or "2.1"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#export", Button).press()

    def action_cancel(self) -> None:
        self.dismiss(None)
