"""One glossary entry and the rules every field must satisfy.

The cleaners are shared by the file loader, the importers, the API and the
CLI, so a value that one of them accepts is accepted by all of them.  They
raise GlossaryError with a message that names the value and the fix but not
the location; callers that know FILE:LINE prefix it.

Per-form flags (``Entry.flags``, written ``سلام {always}`` in a forms cell):

* ``suggest`` — found and shown, never forced into the English;
* ``always`` — a one-word form that is also an ordinary word counts even
  before a longer form of the glossary has appeared in the document;
* ``article`` — the form also matches a word carrying the article ال that the
  form lacks, whatever the entry type (organizations do so without the flag).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from glossary.errors import GlossaryError
from glossary.normalize import has_arabic_letter, has_line_break, has_word
from glossary.safe_text import describe, unsafe_in

TYPES = ("person", "organization", "place", "other")
FORM_SEPARATOR = "|"
FLAGS = ("suggest", "always", "article")
# Usual NER and termbase labels for our types (matched case-insensitively).
TYPE_ALIASES = {
    "per": "person",
    "pers": "person",
    "people": "person",
    "loc": "place",
    "location": "place",
    "gpe": "place",
    "org": "organization",
    "organisation": "organization",
    "misc": "other",
}
_FLAGGED_FORM = re.compile(r"^(?P<form>.*?)\s*\{(?P<flags>[^{}]*)\}\s*$", re.DOTALL)


@dataclass
class Entry:
    """An English target spelling and the Arabic forms that must produce it."""

    target: str  # the exact English spelling to enforce
    forms: list[str]  # Arabic forms (variants), as the user wrote them
    type: str | None = None  # person | organization | place | other
    note: str | None = None
    # Per-form flags (see FLAGS), keyed by the form as written; forms without flags
    # are absent.  Keyed by string so code that rewrites ``forms`` keeps them.
    flags: dict[str, frozenset[str]] = field(default_factory=dict)
    # Comment lines written just above the entry in the glossary file, kept so a
    # CLI edit does not silently drop what a translator wrote by hand.
    comments: list[str] = field(default_factory=list, compare=False, repr=False)

    def form_flags(self, form: str) -> frozenset[str]:
        """The flags of one form (empty when it has none)."""
        return self.flags.get(form, frozenset())

    def set_flags(self, form: str, flags: frozenset[str] | set[str]) -> None:
        """Replace the flags of ``form`` (an empty set removes them)."""
        if flags:
            self.flags[form] = frozenset(flags)
        else:
            self.flags.pop(form, None)

    def written_forms(self) -> list[str]:
        """The forms as a forms cell writes them: ``سلام {always, suggest}``."""
        return [format_form(form, self.form_flags(form)) for form in self.forms]

    @property
    def suggest_only(self) -> bool:
        """True when every form is suggest-only (the entry is never forced)."""
        return bool(self.forms) and all("suggest" in self.form_flags(f) for f in self.forms)


def format_form(form: str, flags: frozenset[str] | set[str]) -> str:
    """A form with its flags in the file syntax, flags in FLAGS order."""
    if not flags:
        return form
    return f"{form} {{{', '.join(f for f in FLAGS if f in flags)}}}"


def parse_form(raw: str) -> tuple[str, frozenset[str]]:
    """Split ``سلام {always}`` into the raw form and its flags (GlossaryError if unknown)."""
    found = _FLAGGED_FORM.match(raw)
    if found is None:
        return raw, frozenset()
    names = [n.strip().lower() for n in found.group("flags").split(",") if n.strip()]
    unknown = [n for n in names if n not in FLAGS]
    if unknown:
        raise GlossaryError(
            f"unknown form flag {unknown[0]!r} in {raw.strip()!r}; use one of: {', '.join(FLAGS)}"
        )
    return found.group("form"), frozenset(names)


def refuse_controls(label: str, value: str) -> str:
    """Refuse control and bidi-control characters in a field (they would reach the English
    and the terminal: ``Washi\\x1b]0;…`` shows as "Washington" and is enforced with the ESC)."""
    bad = unsafe_in(value)
    if bad:
        raise GlossaryError(
            f"{label} {value!r} contains the control character(s) {describe(bad)}; remove them"
        )
    return value


def clean_target(value: str) -> str:
    target = value.strip()
    if not target:
        raise GlossaryError("empty English target")
    if "\t" in target or has_line_break(target):
        raise GlossaryError(f"English target {target!r} contains a tab or line break")
    refuse_controls("English target", target)
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
    refuse_controls("Arabic form", form)
    if FORM_SEPARATOR in form:
        raise GlossaryError(
            f"Arabic form {form!r} contains '|', which separates variant forms; "
            "give each variant separately"
        )
    if "{" in form or "}" in form:
        raise GlossaryError(
            f"Arabic form {form!r} contains '{{' or '}}', which mark form flags "
            f"(e.g. 'سلام {{always}}'); flags are: {', '.join(FLAGS)}"
        )
    if not has_word(form):
        raise GlossaryError(f"Arabic form {form!r} has no letters or digits")
    return form


def require_arabic(form: str) -> str:
    """Refuse a form with no Arabic letter (what ``glossary add`` types must be Arabic)."""
    if not has_arabic_letter(form):
        raise GlossaryError(
            f"Arabic form {form.strip()!r} has no Arabic letters; give the name as it is "
            "written in Arabic (are ARABIC and ENGLISH swapped?)"
        )
    return form


def clean_type(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    kind = value.strip().lower()
    if kind not in TYPES:
        raise GlossaryError(f"unknown type {value.strip()!r}; use one of: {', '.join(TYPES)}")
    return kind


def map_type(value: str | None) -> str | None:
    """An imported type name: ours or a usual NER label, any case (GlossaryError if unknown)."""
    if value is None or not value.strip():
        return None
    kind = value.strip().lower()
    return clean_type(TYPE_ALIASES.get(kind, kind))


def clean_note(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    note = value.strip()
    if "\t" in note or has_line_break(note):
        raise GlossaryError("note contains a tab or line break; keep notes on one line")
    return refuse_controls("note", note)


def split_forms(cell: str) -> list[str]:
    """Split a ``a | b | c`` cell into raw (uncleaned) forms."""
    return cell.split(FORM_SEPARATOR)
