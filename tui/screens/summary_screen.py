"""Where the review stands and how much the machine output had to change (TER per segment)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from tui.bidi import display, display_clipped
from tui.components.key_bar import KeyBar
from tui.components.segment_row import status_label
from tui.export import Summary

if TYPE_CHECKING:
    from tui.project import Project


def summary_text(summary: Summary) -> str:
    counts = summary.counts
    mean = "–" if summary.mean_ter is None else f"{summary.mean_ter:.1f}"
    memory = f"{counts['tm']} from memory · " if counts.get("tm") else ""
    return (
        f"{counts['approved']}/{summary.total} approved · {counts['edited']} edited · "
        f"{counts['machine']} machine · {memory}{counts['pending']} untranslated\n"
        f"post-editing effort: mean TER {mean} over translated segments "
        f"({summary.changed} changed from the machine output) · "
        f"{summary.missing_names} segments lack a glossary name"
    )


class SummaryScreen(Screen[int | None]):
    """Dismisses with a segment index when the translator picks a row to go to.

    ``x`` posts ``ExportRequested``: the app opens its export dialog over this screen.
    """

    DEFAULT_CSS = """
    SummaryScreen #summary { height: auto; padding: 0 1; background: $primary; color: $text; }
    SummaryScreen DataTable { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        Binding("x", "export", "Export"),
    ]

    @dataclass
    class ExportRequested(Message):
        """``x``: export the review (back here when the dialog closes)."""

        screen: SummaryScreen

    def __init__(
        self,
        project: Project,
        summary: Summary,
        missing: list[tuple[str, ...]],
        bidi: str = "app",
    ) -> None:
        super().__init__()
        self.project = project
        self.summary = summary
        self.missing = missing
        self.bidi = bidi

    def compose(self) -> ComposeResult:
        yield Static(summary_text(self.summary), id="summary")
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield KeyBar(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("#", "status", "TER", "missing names", "English")
        mode = self.bidi
        for index, (seg, ter) in enumerate(
            zip(self.project.segments, self.summary.ters, strict=True)
        ):
            label, style = status_label(seg.status)
            table.add_row(
                Text(str(index + 1), justify="right"),
                Text(label, style=style),
                Text("–" if ter is None else f"{ter:.1f}", justify="right"),
                Text(display(", ".join(self.missing[index]), mode), style="bold red"),
                Text(display_clipped(seg.target, 71, mode)),
                key=str(index),
            )
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.dismiss(int(event.row_key.value or 0))

    def action_close(self) -> None:
        self.dismiss(None)

    def action_export(self) -> None:
        """The review's export dialog, over this screen (back here when it closes)."""
        self.post_message(self.ExportRequested(self))
