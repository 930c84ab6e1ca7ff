"""One glossary entry and the rules every field must satisfy.

The cleaners are shared by the file loader, the importers, the API and the
CLI, so a value that one of them accepts is accepted by all of them.  They
raise GlossaryError with a message that names the value and the fix but not
the location; callers that know FILE:LINE prefix it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from glossary.errors import GlossaryError
from glossary.normalize import has_arabic_letter, has_line_break, has_word

TYPES = ("person", "organization", "place", "other")
FORM_SEPARATOR = "|"


@dataclass
class Entry:
    """An English target spelling and the Arabic forms that must produce it."""

    target: str  # the exact English spelling to enforce
    forms: list[str]  # Arabic forms (variants), as the user wrote them
    type: str | None = None  # person | organization | place | other
    note: str | None = None
    # Comment lines written just above the entry in the glossary file, kept so a
    # CLI edit does not silently drop what a translator wrote by hand.
    comments: list[str] = field(default_factory=list, compare=False, repr=False)


def clean_target(value: str) -> str:
    target = value.strip()
    if not target:
        raise GlossaryError("empty English target")
    if "\t" in target or has_line_break(target):
        raise GlossaryError(f"English target {target!r} contains a tab or line break")
    if has_arabic_letter(target):
        raise GlossaryError(
            f"English target {target!r} contains Arabic letters "
            "(columns are: english, arabic forms, type, note — are they swapped?)"
        )
    return target


def clean_form(value: str) -> str:
    form = value.strip()
    if not form:
        raise GlossaryError("empty Arabic form")
    if "\t" in form or has_line_break(form):
        raise GlossaryError(f"Arabic form {form!r} contains a tab or line break")
    if FORM_SEPARATOR in form:
        raise GlossaryError(
            f"Arabic form {form!r} contains '|', which separates variant forms; "
            "give each variant separately"
        )
    if not has_word(form):
        raise GlossaryError(f"Arabic form {form!r} has no letters or digits")
    return form


def clean_type(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    kind = value.strip().lower()
    if kind not in TYPES:
        raise GlossaryError(f"unknown type {value.strip()!r}; use one of: {', '.join(TYPES)}")
    return kind


def clean_note(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    note = value.strip()
    if "\t" in note or has_line_break(note):
        raise GlossaryError("note contains a tab or line break; keep notes on one line")
    return note


def split_forms(cell: str) -> list[str]:
    """Split a ``a | b | c`` cell into raw (uncleaned) forms."""
    return cell.split(FORM_SEPARATOR)
