"""What ``glossary check`` warns about beyond the file's own rules.

* one-word forms that are also ordinary Arabic words (``common_words``), saying
  why and what the matcher does with them (gated behind a longer form, or matched
  wherever the word appears);
* forms without a single Arabic letter (a swapped column, a Latin-only form that
  never occurs in Arabic text);
* control characters anywhere (invisible, and fatal to a TBX export).
"""

from __future__ import annotations

import unicodedata

from glossary.common_words import why_common
from glossary.entry import Entry
from glossary.matcher import gated_words, word_cores
from glossary.normalize import has_arabic_letter
from glossary.termbase import Glossary


def _control(text: str) -> str | None:
    return next((ch for ch in text if unicodedata.category(ch) == "Cc"), None)


def _bare(form: str) -> str:
    """The form as written, without a leading article (for examples in messages)."""
    word = form.strip()
    return word[2:] if word.startswith(("ال", "ٱل")) and len(word) > 3 else word


def entry_warnings(glossary: Glossary, entry: Entry) -> list[str]:
    """Warnings for one entry, without location."""
    found: list[str] = []
    gated = gated_words(glossary)
    for form in entry.forms:
        flags = entry.form_flags(form)
        cores = word_cores(form)
        if not has_arabic_letter(form):
            found.append(
                f"Arabic form {form!r} of {entry.target!r} has no Arabic letters; it will "
                "not match Arabic text (are the columns swapped?)"
            )
        elif len(cores) == 1 and (why := why_common(cores[0], entry.type, _bare(form))):
            if cores[0] in gated:
                effect = (
                    "it counts only after a longer form containing it has appeared earlier "
                    "in the document; mark it {always} to match it everywhere"
                )
            elif "always" in flags:
                effect = "it is marked {always}, so it is matched wherever the word appears"
            else:
                effect = "it is matched wherever the word appears"
                if "suggest" not in flags:
                    effect += " and forced into the English; mark it {suggest} to only show it"
            found.append(
                f"Arabic form {form!r} of {entry.target!r} is also an ordinary word "
                f"({why}); {effect}"
            )
    for label, value in (
        ("English target", entry.target),
        ("note", entry.note or ""),
        *(("Arabic form", f) for f in entry.forms),
    ):
        bad = _control(value)
        if bad is not None:
            found.append(
                f"{label} {value!r} contains the control character U+{ord(bad):04X}; "
                "remove it (TBX export refuses it)"
            )
    return found
