"""Summary and export from the review: the dialogs, and writing the file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.errors import ProjectError
from tui.export import default_output, render, summarize, write_export
from tui.screens.export_screen import ExportRequest, ExportScreen
from tui.screens.summary_screen import SummaryScreen

if TYPE_CHECKING:
    from tui.app import ReviewApp


class ExportController:
    def __init__(self, app: ReviewApp) -> None:
        self.app = app

    def show_summary(self) -> None:
        app = self.app
        summary = summarize(app.project, app.checker)

        def done(index: int | None) -> None:
            if index is not None:
                app.segment_list.select(index)

        app.push_screen(SummaryScreen(app.project, summary, [t.missing for t in app.terms]), done)

    def open_dialog(self) -> None:
        app = self.app
        defaults = {fmt: default_output(app.project, fmt) for fmt in ("text", "tsv", "jsonl")}

        def done(request: ExportRequest | None) -> None:
            if request is not None:
                self.export(request)

        app.push_screen(ExportScreen(defaults), done)

    def export(self, request: ExportRequest) -> None:
        app = self.app
        try:
            text = render(
                app.project,
                request.format,
                approved_only=request.approved_only,
                checker=app.checker,
            )
            write_export(text, request.path)
        except ProjectError as err:
            app.notify(str(err), title="Not exported", severity="error", timeout=20)
            return
        app.notify(f"Exported {request.format} to {request.path}.")
