"""Showing Arabic in a terminal: wrap in logical order, then reorder each display line.

Text is always stored and edited in logical (typing) order; this module only
decides how read-only views draw it.  Modes:

``app`` (the default)
    tarjama shapes the letters (arabic-reshaper, joining forms) and reorders
    each wrapped line itself (the Unicode bidi algorithm, via python-bidi), so
    the terminal only has to print cells left to right.
``terminal``
    lines are sent in logical order, for terminals that run the bidi algorithm
    themselves (mlterm, Konsole, GNOME Terminal/VTE ≥ 0.58 with bidi on,
    iTerm2 with bidi enabled).
``off``
    logical order, unshaped: what is stored, for checking or copying.

Why ``app`` is the default: most terminals people run (xterm, Windows
Terminal, VS Code, Alacritty, kitty, macOS Terminal, and tmux or screen in
front of any of them) print cells strictly left to right, so logical order
shows Arabic backwards with its letters unjoined.  And even a bidi-capable
terminal reorders a whole screen row at once: in a side-by-side view it would
mix the Arabic column with the English one and the borders.  Only ``app``
reorders within the column, where it belongs.  Set ``--bidi terminal`` (or
``TARJAMA_BIDI=terminal``) if your terminal does its own bidi and you turn it
to explicit mode per line; if Arabic shows reversed in ``app`` mode, your
terminal is reordering too.

Wrapping happens before reordering because line breaks belong to the logical
text: reordering a paragraph and then cutting it would put the last words of
the sentence on the first line.  For the same reason a text too long for its
cell is cut in logical order (``clip``), so what is lost is its end, never its
first words.

Every place that shows text from a file goes through this module: the two
columns (the English one too: Arabic quoted in it is shaped like any other),
the current segment, table cells (``display_clipped``), dialogs (``ArabicText``),
notifications (``display``) and the text inputs (``tui.components.bidi_input``).
It is also the review's one safe display path: before shaping, every line goes
through ``glossary.safe_text.visible_map``, so control characters (ESC, BEL, C1)
and bidi overrides from an imported file are drawn as visible marks (``␛``,
``⟨RLO⟩``) in every mode and never reach the terminal; the map keeps styles,
clicks and the cursor on the logical characters they belong to.
Shaping keeps one display cell per letter, except lam followed by alef, which
is drawn as its obligatory ligature (لا as ﻻ); each cell remembers which
logical character it shows, so styles, clicks and the cursor map back.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.style import Style
from rich.text import Text

from glossary.safe_text import visible, visible_map
from tui.bidi_modes import BIDI_MODES, DEFAULT_BIDI, ENV_VAR, default_mode

__all__ = [
    "BIDI_MODES",
    "DEFAULT_BIDI",
    "ENV_VAR",
    "ArabicText",
    "clip",
    "default_mode",
    "display",
    "display_clipped",
    "display_line",
    "has_rtl",
    "layout",
    "visible",
]

StyleSpan = tuple[int, int, Style | str]  # (start, end, style) in logical offsets


def wrap_logical(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap in logical order: ``(start, end)`` of each line, spaces trimmed."""
    width = max(width, 1)
    lines: list[tuple[int, int]] = []
    words = _words(text)
    line_start = line_end = -1
    used = 0
    for start, end in words:
        size = _width(text[start:end])
        if line_start >= 0 and used + 1 + size <= width:
            line_end = end
            used += 1 + size
            continue
        if line_start >= 0:
            lines.append((line_start, line_end))
        while size > width:  # a word longer than the line: cut it
            cut = _cut(text, start, end, width)
            lines.append((start, cut))
            start = cut
            size = _width(text[start:end])
        line_start, line_end, used = start, end, size
    if line_start >= 0:
        lines.append((line_start, line_end))
    return lines or [(0, 0)]


def _width(text: str) -> int:
    """Cells ``text`` takes once drawn (escaped controls included)."""
    return cell_len(visible(text))


def _words(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = None
    for i, ch in enumerate(text):
        if ch.isspace():
            if start is not None:
                spans.append((start, i))
                start = None
        elif start is None:
            start = i
    if start is not None:
        spans.append((start, len(text)))
    return spans


def _cut(text: str, start: int, end: int, width: int) -> int:
    used = 0
    for i in range(start, end):
        used += _width(text[i])
        if used > width:
            return max(i, start + 1)
    return end


@lru_cache(maxsize=1)
def _reshaper():  # -> arabic_reshaper.ArabicReshaper
    import arabic_reshaper

    # One output character per input character, so styles and clicks map back.
    return arabic_reshaper.ArabicReshaper(
        configuration={"delete_harakat": False, "support_ligatures": False}
    )


def shape(text: str) -> str:
    """Joining forms for each Arabic letter, same length as ``text`` (else ``text``)."""
    shaped = _reshaper().reshape(text)
    return shaped if len(shaped) == len(text) else text


_LAM = "\u0644"
# alef after lam -> (isolated ligature, final ligature: the lam joins the letter before)
_LAM_ALEF = {
    "\u0627": ("\ufefb", "\ufefc"),  # ا
    "\u0623": ("\ufef7", "\ufef8"),  # أ
    "\u0625": ("\ufef9", "\ufefa"),  # إ
    "\u0622": ("\ufef5", "\ufef6"),  # آ
}
_LAM_JOINED_BEFORE = {"\ufee0", "\ufede"}  # medial and final lam


def shape_map(text: str) -> tuple[str, tuple[int, ...]]:
    """Shaped ``text`` with the lam-alef ligatures, and the logical index of each character.

    arabic-reshaper's own ligature mode changes the length without saying where,
    so it runs with ligatures off and lam + alef (marks on the lam in between
    allowed) are joined here; the ligature stands for the lam's index.
    """
    shaped = shape(text)
    out: list[str] = []
    index: list[int] = []
    i, size = 0, len(text)
    while i < size:
        if text[i] == _LAM:
            j = i + 1
            while j < size and unicodedata.combining(text[j]):
                j += 1
            if j < size and text[j] in _LAM_ALEF:
                isolated, final = _LAM_ALEF[text[j]]
                out.append(final if shaped[i] in _LAM_JOINED_BEFORE else isolated)
                index.append(i)
                for k in range(i + 1, j):  # marks written on the lam stay on the ligature
                    out.append(text[k])
                    index.append(k)
                i = j + 1
                continue
        out.append(shaped[i])
        index.append(i)
        i += 1
    return "".join(out), tuple(index)


def visual_order(text: str, base_rtl: bool = True) -> list[tuple[int, str]]:
    """``(logical index, character)`` of one line in display order, left to right.

    Runs the Unicode bidi algorithm (python-bidi's reference implementation, whose
    per-character records carry our index through reordering), mirrors brackets
    in right-to-left runs, and keeps combining marks after their base letter.
    """
    from bidi import algorithm

    storage = algorithm.get_empty_storage()
    base = 1 if base_rtl else 0
    storage["base_level"] = base
    storage["base_dir"] = ("L", "R")[base]
    algorithm.get_embedding_levels(text, storage)
    for index, record in enumerate(storage["chars"]):
        record["index"] = index
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage, False)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    algorithm.reorder_resolved_levels(storage, False)
    algorithm.apply_mirroring(storage, False)
    out: list[tuple[int, str]] = []
    marks: list[tuple[int, str]] = []
    for record in storage["chars"]:
        item = (record["index"], record["ch"])
        if unicodedata.combining(record["ch"]) and record["level"] % 2:
            marks.append(item)  # reversed before its base: hold until the base
            continue
        out.append(item)
        out.extend(marks)
        marks = []
    out.extend(marks)
    return out


def is_rtl(text: str) -> bool:
    """Whether the first strong character is right-to-left (Arabic paragraphs are)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return True


@dataclass(frozen=True)
class DisplayLine:
    """One display line: the logical index shown in each cell group, left to right."""

    indices: tuple[int, ...]
    chars: str

    @property
    def width(self) -> int:
        return cell_len(self.chars)


def display_line(
    text: str, mode: str, base_rtl: bool | None = None, start: int = 0, keep: str = ""
) -> DisplayLine:
    """One line of ``text``, unwrapped, as the mode draws it; indices offset by ``start``.

    Controls are made visible first (``safe_text``; ``keep``: those to leave), in every mode.
    """
    shown, escaped = visible_map(text, keep=keep)
    if mode != "app":
        return DisplayLine(tuple(start + escaped[i] for i in range(len(shown))), shown)
    chars, logical = shape_map(shown)
    rtl = is_rtl(shown) if base_rtl is None else base_rtl
    ordered = visual_order(chars, base_rtl=rtl)
    return DisplayLine(
        tuple(start + escaped[logical[i]] for i, _ in ordered), "".join(c for _, c in ordered)
    )


def layout(text: str, width: int, mode: str, base_rtl: bool | None = None) -> list[DisplayLine]:
    """The display lines of ``text`` at ``width`` cells, in the order the mode draws them.

    ``base_rtl``: the paragraph direction (None: from the first strong character).
    """
    rtl = is_rtl(text) if base_rtl is None else base_rtl
    return [
        display_line(text[start:end], mode, rtl, start) for start, end in wrap_logical(text, width)
    ]


def styled_line(line: DisplayLine, spans: Sequence[StyleSpan], base: Style | str = "") -> Text:
    out = Text(style=base)
    for index, ch in zip(line.indices, line.chars, strict=True):
        style = next((s for a, b, s in spans if a <= index < b), None)
        out.append(ch, style)
    return out


class ArabicText:
    """A Rich renderable: Arabic (or mixed) text, wrapped and ordered for the bidi mode.

    ``justify``: ``right`` (Arabic columns), ``left``, or ``auto``: right when the
    text starts right-to-left, left otherwise (dialogs that may say either).
    """

    def __init__(
        self,
        text: str,
        mode: str = DEFAULT_BIDI,
        spans: Iterable[StyleSpan] = (),
        justify: str = "right",
        style: Style | str = "",
        base_rtl: bool | None = None,
    ) -> None:
        self.text = text
        self.mode = mode
        self.spans = list(spans)
        self.base_rtl = base_rtl
        if justify == "auto":
            justify = "right" if is_rtl(text) and has_rtl(text) else "left"
        self.justify = justify
        self.style = style

    def lines(self, width: int) -> list[Text]:
        texts = []
        for line in layout(self.text, width, self.mode, self.base_rtl):
            text = styled_line(line, self.spans, self.style)
            pad = max(width - line.width, 0)
            if self.justify == "right":
                text = Text(" " * pad, style=self.style) + text
            texts.append(text)
        return texts

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = self.lines(options.max_width)
        result = Text("\n", style=self.style).join(lines)
        result.no_wrap = True
        result.overflow = "crop"
        yield result

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        longest = max((_width(w) for w in self.text.split()), default=1)
        return Measurement(
            min(longest, options.max_width), min(_width(self.text), options.max_width)
        )


def has_rtl(text: str) -> bool:
    """Whether ``text`` has any right-to-left character (else display leaves it alone)."""
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def display(text: str, mode: str, keep: str = "") -> str:
    """One-line display form (table cells, notifications, titles): controls made visible
    (``keep``: ``"\\n"`` for a message of several lines), then shaped and reordered in
    ``app`` mode."""
    if mode != "app" or not has_rtl(text):
        return visible(text, keep=keep)
    return display_line(text, mode, keep=keep).chars


def clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells in logical order, ending in "…" when cut.

    Cutting the logical text keeps its beginning, which in a right-to-left
    cell is the right-hand side where reading starts.
    """
    if width <= 0:
        return ""
    if _width(text) <= width:
        return text
    used = 0
    for index, ch in enumerate(text):
        used += _width(ch)
        if used > width - 1:
            return text[:index].rstrip() + "…"
    return text


def display_clipped(text: str, width: int, mode: str) -> str:
    """A table cell: cut at its logical end to ``width`` cells, then shaped and ordered."""
    return display(clip(text, width), mode)
