"""Translation-memory matches for the current segment, beside its machine English.

Each match is one row: its key and score, the stored Arabic with the words that
differ from the segment marked (and, under it, the segment's own words the stored
sentence lacks), and the approved English with where it came from and any glossary
name it lacks or has too many.  Both sides go through the one display path
(``ArabicText``, ``display``) like every other view: a memory filled from a TMX
is text from outside, its controls are shown, never sent.  The panel keeps to a few lines (a quarter
of the screen at most): matches that do not fit are counted, not cut in half.
With no match it is a single line saying so, and with the memory off it is hidden.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment as RichSegment
from rich.table import Table
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from tui.bidi import ArabicText, display
from tui.components.row_grid import row_grid
from tui.review_memory import MemoryMatch

DIFF_STYLE = "bold black on magenta"
NAME_PROBLEM_STYLE = "bold red"
TAKEN_STYLE = "green"
KEYS = ("m/1", "2", "3")  # what takes match 1, 2, 3 (ReviewScreen's bindings)


def match_lines(match: MemoryMatch, number: int, bidi: str, current_english: str) -> Table:
    """One match as a row of three columns: key and score, Arabic, English."""
    grid = row_grid()
    grid.add_column(width=5, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_column(ratio=1)
    score = Text(f"{KEYS[number - 1]}\n", style="bold")
    score.append(f"{match.score:.0f}%", style="bold magenta")
    spans = [(a, b, DIFF_STYLE) for a, b in match.source_differs]
    arabic: RenderableType = ArabicText(match.source, bidi, spans)
    if match.segment_words:
        words = " · ".join(match.segment_words)
        marks = [(2, len(words) + 2, DIFF_STYLE)]
        extra = ArabicText("+ " + words, bidi, marks)
        arabic = Group(arabic, extra)
    english = ArabicText(match.target, bidi, justify="left", base_rtl=False)
    when = match.changed_at[:10]
    facts = Text(
        display(" · ".join(p for p in (match.origin, match.changed_by, when) if p), bidi),
        style="dim",
    )
    for name in match.lacks:
        facts.append(f"\n⚠ lacks {display(name, bidi)}", style=NAME_PROBLEM_STYLE)
    for name in match.extra:
        facts.append(
            f"\n⚠ has {display(name, bidi)}, not in this segment", style=NAME_PROBLEM_STYLE
        )
    if match.target == current_english:
        facts.append("\n✓ the segment's English", style=TAKEN_STYLE)
    grid.add_row(score, arabic, Group(english, facts))
    return grid


class MatchList:
    """The matches, whole ones only, within ``max_lines``; the rest are counted."""

    def __init__(self, rows: Iterable[Table], max_lines: int) -> None:
        self.rows = list(rows)
        self.max_lines = max_lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        options = options.reset_height()  # each row as tall as it is (Textual passes a height)
        used = 0
        shown = 0
        for row in self.rows:
            lines = console.render_lines(row, options, pad=False)
            if shown and used + len(lines) > self.max_lines:
                break
            for line in lines[: max(self.max_lines - used, 1)]:
                yield from line
                yield RichSegment.line()
            used += len(lines)
            shown += 1
        hidden = len(self.rows) - shown
        if hidden:
            keys = ", ".join(KEYS[shown : shown + hidden])
            note = Text(f"+{hidden} more (too little room to show; {keys} takes it)", style="dim")
            for line in console.render_lines(note, options, pad=False):
                yield from line
                yield RichSegment.line()  # every line ends in one: Textual counts them


class MemoryPanel(Widget):
    """Read-only; the app owns the lookups and the keys that take a match."""

    DEFAULT_CSS = """
    MemoryPanel {
        height: auto;
        border-top: dashed $panel;
        border-title-align: left;
        border-title-color: $text-muted;
        padding: 0 1;
    }
    """

    def __init__(self, bidi: str, threshold: float, **kwargs) -> None:
        super().__init__(**kwargs)
        self.bidi = bidi
        self.threshold = threshold
        self.index = -1  # the segment the matches are for
        self.source = ""
        self.matches: list[MemoryMatch] = []
        self.english = ""  # the segment's current English (to mark a match it already has)
        self._update_title()

    def show(self, index: int, source: str, matches: list[MemoryMatch], english: str) -> None:
        self.index, self.source, self.matches, self.english = index, source, matches, english
        self._update_title()
        self.refresh(layout=True)

    def follow(self, english: str) -> None:
        """The segment's English changed (an edit, a match taken)."""
        if english != self.english:
            self.english = english
            self.refresh(layout=True)

    def match(self, number: int, index: int, source: str) -> MemoryMatch | None:
        """Match ``number`` (from 1) if the panel shows matches for this very segment."""
        if (index, source) != (self.index, self.source) or not 0 < number <= len(self.matches):
            return None
        return self.matches[number - 1]

    def _update_title(self) -> None:
        count = len(self.matches)
        if not count:
            self.border_title = f"Translation memory: no match ≥ {self.threshold:g} %"
        else:
            keys = "m takes it" if count == 1 else f"m/1–{count} take one"
            plural = "es" if count > 1 else ""
            self.border_title = f"Translation memory: {count} match{plural} · {keys}"

    def max_lines(self) -> int:
        """A quarter of the screen, less the border: the list and the editor keep the rest."""
        return max(2, min(10, self.app.size.height // 4 - 1))

    def render(self) -> RenderableType:
        rows = [match_lines(m, n, self.bidi, self.english) for n, m in enumerate(self.matches, 1)]
        return MatchList(rows, self.max_lines())

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """Only the border line (its title says so) when there is no match."""
        if not self.matches:
            return 0
        return super().get_content_height(container, viewport, width)
