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
from tui.export import DIALOG_CHOICES, default_output, render, summarize, write_export
from tui.export_target import describe_existing, refusal
from tui.screens.confirm import ConfirmScreen
from tui.screens.export_screen import ExportRequest, ExportScreen
from tui.screens.summary_screen import SummaryScreen

if TYPE_CHECKING:
    from tui.review_host import ReviewHost
    from tui.review_state import ReviewState


class ExportController:
    """The summary screen and the export dialog, for the project in ``state``."""

    def __init__(self, state: ReviewState, app: ReviewHost) -> None:
        self.state = state
        self.app = app

    def show_summary(self) -> None:
        app, state = self.app, self.state
        summary = summarize(state.project, state.checker)

        def done(index: int | None) -> None:
            if index is not None:
                app.go_to(index)

        missing = [t.missing for t in state.terms]
        app.push_screen(SummaryScreen(state.project, summary, missing, state.bidi), done)

    def open_dialog(self, previous: ExportRequest | None = None) -> None:
        app, project = self.app, self.state.project
        defaults = {
            label: default_output(project, fmt) for label, (fmt, _) in DIALOG_CHOICES.items()
        }

        def done(request: ExportRequest | None) -> None:
            if request is not None:
                self._confirm_then_export(request)

        check = partial(refusal, project)
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
        app, project = self.app, self.state.project
        try:
            problem = refusal(project, request.path)
            if problem:
                raise ProjectError(problem)
            text = render(
                project,
                request.format,
                approved_only=request.approved_only,
                checker=self.state.checker,
                xliff_version=request.xliff_version,
            )
            write_export(text, request.path)
        except ProjectError as err:
            app.notify(str(err), title="Not exported", severity="error", timeout=20)
            return
        what = request.choice
        if request.format == "tmx":
            approved = project.counts()["approved"]
            what += f" ({approved} approved segment{'s' if approved != 1 else ''})"
            if not approved:
                app.notify(
                    f"Exported an empty TMX to {request.path}: no segment is approved yet.",
                    severity="warning",
                )
                return
        app.notify(f"Exported {what} to {request.path}.")
