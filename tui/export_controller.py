"""Summary and export from the review: the dialogs, the overwrite question, the file.

Nothing is replaced without asking: the dialog refuses the review's own files
(``tui.export_target``), an existing file is replaced only after "Replace",
and "Cancel" there brings the dialog back with what was typed.  Whatever the
outcome, the list has the focus afterwards (the review screen sees to it), so
the next keys move through segments instead of typing into one.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from tui.errors import ProjectError
from tui.export import FORMATS, default_output, render, summarize, write_export
from tui.export_target import describe_existing, refusal
from tui.screens.confirm import ConfirmScreen
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

    def open_dialog(self, previous: ExportRequest | None = None) -> None:
        app = self.app
        defaults = {fmt: default_output(app.project, fmt) for fmt in FORMATS}

        def done(request: ExportRequest | None) -> None:
            if request is not None:
                self._confirm_then_export(request)

        check = partial(refusal, app.project)
        app.push_screen(ExportScreen(defaults, check=check, previous=previous), done)

    def _confirm_then_export(self, request: ExportRequest) -> None:
        if not request.path.exists():
            self.export(request)
            return
        question = (
            f"{request.path} {describe_existing(request.path)}. Replace it with this export? "
            "Its contents will be lost."
        )

        def done(answer: str | None) -> None:
            if answer == "replace":
                self.export(request)
            else:
                self.open_dialog(request)  # back to the dialog, to pick another name

        self.app.push_screen(
            ConfirmScreen(question, [("replace", "Replace"), ("cancel", "Cancel")], "cancel"),
            done,
        )

    def export(self, request: ExportRequest) -> None:
        app = self.app
        try:
            problem = refusal(app.project, request.path)
            if problem:
                raise ProjectError(problem)
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
