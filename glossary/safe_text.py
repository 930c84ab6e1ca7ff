"""Text from files, made safe to show: the one display path for controls and bidi overrides.

Anything read from a glossary, an XLIFF or TMX file, a source text, a file name or
a translation memory is data.  Written raw to a terminal, a control character is an
instruction: ``ESC ]0;…`` sets the window title, ``ESC ]52;c;…`` writes the
clipboard, ``ESC [2J`` clears the screen, and a bidi override (RLO, U+202E) makes a
name display as another.  So every such string goes through ``visible`` before it
reaches a terminal (the CLI's lines and the review UI, whose ``tui.bidi`` calls
``visible_map`` first), and importers clean what they store with ``strip_unsafe``.

What ``visible`` shows instead (see docs/guide/safety-display.md):

* C0 controls and DEL: their Unicode control pictures, one cell each
  (ESC → ``␛``, BEL → ``␇``, CR → ``␍``, LF → ``␊``, TAB → ``␉``, DEL → ``␡``);
  ``keep`` names the few (``"\\n"``, ``"\\t"``) a multi-line message may keep;
* C1 controls (U+0080–U+009F, 8-bit CSI and OSC among them), lone surrogates:
  ``⟨U+009B⟩``;
* the bidi embedding, override and isolate controls: ``⟨RLO⟩``, ``⟨LRE⟩``,
  ``⟨PDF⟩``, ``⟨LRI⟩``, ``⟨RLI⟩``, ``⟨FSI⟩``, ``⟨PDI⟩``…; the line and paragraph
  separators U+2028/U+2029: ``⟨LS⟩``, ``⟨PS⟩``.

``visible`` is idempotent (its output holds nothing it would change), so layers may
each make sure of their text without escaping an escape twice.  It is injective on
text that does not already hold the marks it uses (a literal ``␛`` or ``⟨``): two
such texts never look the same.

The implicit marks RLM, LRM and ALM, and ZWJ/ZWNJ, are ordinary parts of Arabic
text (the glossary matcher already ignores them) and pass unchanged: they cannot
move text outside their own run or reach the terminal as a command.

Hand-written rather than ``repr``/``unicode_escape``: those escape every
non-ASCII letter (unreadable Arabic) or miss the bidi controls, and neither gives
the index map the review's styled, clickable columns need.
"""

from __future__ import annotations

from typing import TextIO

__all__ = [
    "BIDI_CONTROLS",
    "clean_imported",
    "describe",
    "for_terminal",
    "is_unsafe",
    "strip_unsafe",
    "unsafe_in",
    "visible",
    "visible_map",
]

BIDI_CONTROLS = {
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
}
_SEPARATORS = {"\u2028": "LS", "\u2029": "PS"}
_C0_NAMES = [
    "NUL",
    "SOH",
    "STX",
    "ETX",
    "EOT",
    "ENQ",
    "ACK",
    "BEL",
    "BS",
    "HT",
    "LF",
    "VT",
    "FF",
    "CR",
    "SO",
    "SI",
    "DLE",
    "DC1",
    "DC2",
    "DC3",
    "DC4",
    "NAK",
    "SYN",
    "ETB",
    "CAN",
    "EM",
    "SUB",
    "ESC",
    "FS",
    "GS",
    "RS",
    "US",
]
_OPEN, _CLOSE = "\u27e8", "\u27e9"  # ⟨ ⟩: rare in text, one cell, in every monospace font

# Whitespace controls an importer leaves alone: they move no cursor beyond a line and
# are shown escaped on screen anyway; removing them would join words.
_WHITESPACE = frozenset("\t\n\v\f\r\x85")


def _is_control(cp: int) -> bool:
    return cp < 0x20 or 0x7F <= cp <= 0x9F


def is_unsafe(ch: str) -> bool:
    """Whether ``ch`` must never reach a terminal raw (a control, bidi control, separator)."""
    cp = ord(ch)
    return (
        _is_control(cp)
        or ch in BIDI_CONTROLS
        or ch in _SEPARATORS
        or 0xD800 <= cp <= 0xDFFF  # a lone surrogate (undecodable file name bytes)
    )


def _escape(ch: str) -> str:
    cp = ord(ch)
    if cp < 0x20:
        return chr(0x2400 + cp)
    if cp == 0x7F:
        return "\u2421"
    name = BIDI_CONTROLS.get(ch) or _SEPARATORS.get(ch) or f"U+{cp:04X}"
    return f"{_OPEN}{name}{_CLOSE}"


def _needs_escape(ch: str, keep: str) -> bool:
    return is_unsafe(ch) and ch not in keep


def visible_map(text: str, *, keep: str = "") -> tuple[str, tuple[int, ...]]:
    """``visible(text)`` and, for each of its characters, the index in ``text`` it shows.

    The map lets styled spans, clicks and cursors given in ``text``'s offsets find
    their cells after an escape made one character several.
    """
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        shown = _escape(ch) if _needs_escape(ch, keep) else ch
        out.append(shown)
        index.extend([i] * len(shown))
    return "".join(out), tuple(index)


def visible(text: str, *, keep: str = "") -> str:
    """``text`` with every control, bidi control and separator shown as a visible mark.

    ``keep``: control characters to leave as they are (``"\\n"`` for a message of
    several lines).  The result never holds a C0/C1 control (except those kept), a
    bidi embedding/override/isolate or a lone surrogate; ``visible(visible(t))`` is
    ``visible(t)``.
    """
    if not any(_needs_escape(ch, keep) for ch in text):
        return text
    return "".join(_escape(ch) if _needs_escape(ch, keep) else ch for ch in text)


def for_terminal(text: str, stream: TextIO) -> str:
    """What to write of a command's output ``text`` on ``stream``.

    Output is data: to a file or a pipe it is written exactly.  On a terminal it is
    shown with ``visible`` (lines and tabs kept), so an imported ESC never runs.
    """
    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty():
        return visible(text, keep="\n\t")
    return text


def unsafe_in(text: str, *, allow: str = "") -> list[str]:
    """The distinct unsafe characters of ``text`` (not in ``allow``), in order of appearance."""
    found: list[str] = []
    for ch in text:
        if is_unsafe(ch) and ch not in allow and ch not in found:
            found.append(ch)
    return found


def describe(chars: list[str]) -> str:
    """``U+001B (ESC), U+202E (RLO)``: characters named for a message."""
    names = []
    for ch in chars:
        cp = ord(ch)
        name = (
            _C0_NAMES[cp]
            if cp < 0x20
            else "DEL"
            if cp == 0x7F
            else BIDI_CONTROLS.get(ch) or _SEPARATORS.get(ch)
        )
        names.append(f"U+{cp:04X} ({name})" if name else f"U+{cp:04X}")
    return ", ".join(names)


def strip_unsafe(text: str) -> tuple[str, str | None]:
    """``text`` without its control and bidi-control characters, and what was removed.

    The second value is None when nothing was removed, else the removed characters
    named for a warning.  Tabs and line breaks are whitespace, not commands, and stay.
    """
    bad = unsafe_in(text, allow="".join(_WHITESPACE) + "".join(_SEPARATORS))
    if not bad:
        return text, None
    return "".join(ch for ch in text if ch not in bad), describe(bad)


def clean_imported(text: str, where: str, warnings: list[str], *, limit: int | None = None) -> str:
    """An imported target (XLIFF, TMX) with its controls removed; a warning naming ``where``.

    ``where`` names the place (``unit u3``); the warning is appended to ``warnings``
    (for the importer to print), shown with ``visible``.  ``limit``: at most that
    many warnings are kept (a streamed import of millions of units stays small).
    """
    cleaned, removed = strip_unsafe(text)
    if removed is not None and (limit is None or len(warnings) < limit):
        warnings.append(
            f"{visible(where)}: removed the control character(s) {removed} from the English "
            f"{visible(cleaned[:60])!r}"
        )
    return cleaned
