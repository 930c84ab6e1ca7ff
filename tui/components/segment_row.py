"""One segment as a row: number and status, the Arabic (right-aligned), the English.

Both columns go through the one display path (``tui.bidi``): the English is
drawn left to right, with any Arabic quoted in it shaped and ordered, and with
controls from an imported file shown as visible marks.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.events import Click
from textual.widget import Widget

from tui.bidi import ArabicText, StyleSpan, display, visible
from tui.components.row_grid import row_grid
from tui.messages import SegmentClicked
from tui.project import Segment
from tui.search import find_spans
from tui.term_check import SegmentTerms

STATUS_LABELS = {
    "pending": ("…", "dim italic"),
    "machine": ("MT", "cyan"),
    "tm": ("TM", "magenta"),
    "edited": ("edit", "yellow"),
    "approved": ("✔ ok", "bold green"),
}
NAME_STYLE = "bold underline"
NAME_OK = "green"
NAME_MISSING = "bold red"
SEARCH_STYLE = "black on yellow"


def status_label(status: str) -> tuple[str, str]:
    """The short label and style of a segment status; an unknown one is shown as it is."""
    return STATUS_LABELS.get(status, (visible(status[:4]), "magenta"))


def source_spans(terms: SegmentTerms, search: str = "", source: str = "") -> list[StyleSpan]:
    """Styles over the Arabic: search matches first (they win), then the glossary names."""
    spans: list[StyleSpan] = [(a, b, SEARCH_STYLE) for a, b in find_spans(source, search)]
    spans += [
        (n.start, n.end, f"{NAME_STYLE} {NAME_OK if n.present else NAME_MISSING}")
        for n in terms.names
    ]
    return spans


def english_text(
    segment: Segment, terms: SegmentTerms, search: str = "", bidi: str = "app"
) -> RenderableType:
    """The English, left to right: names and search matches marked (search wins)."""
    if segment.status == "pending" and not segment.target:
        return Text("translating…", style="dim italic")
    spans: list[StyleSpan] = [(a, b, SEARCH_STYLE) for a, b in find_spans(segment.target, search)]
    spans += [(a, b, f"{NAME_STYLE} {NAME_OK}") for a, b, _ in terms.target_spans]
    return ArabicText(segment.target, bidi, spans, justify="left", base_rtl=False)


def warning_text(terms: SegmentTerms, bidi: str = "app") -> Text | None:
    if not terms.missing and not terms.extra:
        return None
    missing = display(", ".join(terms.missing), bidi)  # glossary targets, from a file
    if not terms.extra:
        return Text("⚠ missing: " + missing, style="bold red")
    text = Text()  # extras: the model's own glossary strings, shown but not a warning
    if terms.missing:
        text.append("⚠ missing: " + missing + "  ", style="bold red")
    text.append("extra: " + display(", ".join(terms.extra), bidi), style="dim")
    return text


def flag_text(segment: Segment, bidi: str = "app") -> Text | None:
    """Names enforcement placed but could not keep the sentence whole around (see
    ``translator.enforcement.flags``): "⚑ Putin: cut-off"."""
    flagged = [f"{t['target']}: {', '.join(t['flags'])}" for t in segment.terms if t.get("flags")]
    # glossary targets, from a file: shown through the one display path
    return Text("⚑ " + display("; ".join(flagged), bidi), style="yellow") if flagged else None


class SegmentRow(Widget):
    """A read-only row; the list owns selection, the app owns the data."""

    DEFAULT_CSS = """
    SegmentRow { height: auto; padding: 0 1 0 0; }
    """

    def __init__(self, index: int, segment: Segment, terms: SegmentTerms, bidi: str) -> None:
        super().__init__(id=f"seg-{index}")
        self.index = index
        self.segment = segment
        self.terms = terms
        self.bidi = bidi
        self.search = ""  # text to highlight
        self._sync_classes()

    def update(self, segment: Segment, terms: SegmentTerms) -> None:
        self.segment = segment
        self.terms = terms
        self._sync_classes()
        self.refresh(layout=True)

    def highlight(self, search: str) -> None:
        if search != self.search:
            self.search = search
            self.refresh()

    def _sync_classes(self) -> None:
        for status in STATUS_LABELS:
            self.set_class(self.segment.status == status, f"-{status}")
        self.set_class(bool(self.terms.missing), "-warning")

    def render(self) -> RenderableType:
        grid = row_grid()
        grid.add_column(width=4, justify="right", no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_column(ratio=1)
        label, style = status_label(self.segment.status)
        number = Text(f"{self.index + 1}\n", style="bold" if self.has_class("-current") else "dim")
        number.append(label, style=style)
        spans = source_spans(self.terms, self.search, self.segment.source)
        source = ArabicText(self.segment.source, self.bidi, spans)
        english: RenderableType = english_text(self.segment, self.terms, self.search, self.bidi)
        notes = [warning_text(self.terms, self.bidi), flag_text(self.segment, self.bidi)]
        if any(notes):
            english = Group(english, *(n for n in notes if n is not None))
        grid.add_row(number, source, english)
        return grid

    def on_click(self, event: Click) -> None:
        self.post_message(SegmentClicked(self.index))
