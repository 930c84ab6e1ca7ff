"""What ``glossary check`` warns about beyond the file's own rules.

* one-word forms that are also ordinary Arabic words (``common_words``), saying
  why — a reason that holds for the form as written: العراق is not "common with the
  article", it *is* the article form — and what the matcher does with them (gated
  behind a longer form, or matched wherever the word appears; ``{suggest}`` is
  advised only for these, never for a name that is not a word);
* multi-word forms every word of which is an ordinary word, for ``other`` and
  untyped entries (البرمجيات الحرة "free software" is a phrase; names of persons,
  places and organizations are often made of ordinary words: أمل علم الدين, مجلس الأمن);
* short forms (one or two letters, a Latin letter's Arabic name: آي, إم, تي), which
  count only after a longer form of the same entry, or with ``{always}``;
* untyped one-word forms that the text mostly writes with the article (ناتو →
  الناتو): without a type they do not match there, which only the organization
  type (or ``{article}``) changes — typical after an OmegaT import;
* forms without a single Arabic letter (a swapped column, a Latin-only form);
* control characters anywhere (invisible, and fatal to a TBX export).

``glossary_warnings`` computes what the whole glossary shares once, so checking
is linear in the number of forms.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from glossary.common_words import _table, is_common_word, why_common
from glossary.entry import Entry
from glossary.matcher import LETTER_NAMES, _form_info, _gated, is_short_form
from glossary.normalize import has_arabic_letter
from glossary.termbase import Glossary


def _control(text: str) -> str | None:
    return next((ch for ch in text if unicodedata.category(ch) == "Cc"), None)


def _bare(form: str) -> str:
    """The form as written, without a leading article (for examples in messages)."""
    word = form.strip()
    return word[2:] if word.startswith(("ال", "ٱل")) and len(word) > 3 else word


def _mostly_with_article(core: str) -> bool:
    """The text writes this word mostly with the article (الناتو 4.07, ناتو 2.66)."""
    codes = _table().get(core, "")
    return "a" in codes and "b" not in codes


def glossary_warnings(glossary: Glossary) -> Iterator[tuple[Entry, str]]:
    """Every warning of the glossary, with its entry, in entry order (linear time)."""
    infos = {id(e): [(f, _form_info(f)) for f in e.forms] for e in glossary.entries}
    gated = _gated(
        (e, f, info[2], info[0][0] if info[0] else "")
        for e in glossary.entries
        for f, info in infos[id(e)]
    )
    for entry in glossary.entries:
        for message in _entry_warnings(entry, infos[id(entry)], gated):
            yield entry, message


def _entry_warnings(
    entry: Entry,
    forms: list[tuple[str, tuple[tuple[str, ...], str, list[str]]]],
    gated: frozenset[str],
) -> list[str]:
    found: list[str] = []
    has_long = any(not is_short_form(info[0]) for _, info in forms)
    for form, (words, _, cores) in forms:
        flags = entry.form_flags(form)
        name = f"Arabic form {form!r} of {entry.target!r}"
        article = bool(cores) and len(cores[0]) < len(words[0])
        if not has_arabic_letter(form):
            found.append(
                f"{name} has no Arabic letters; it will not match Arabic text "
                "(are the columns swapped?)"
            )
        elif is_short_form(words):
            what = (
                "is the Arabic name of a Latin letter"
                if words[0] in LETTER_NAMES
                else "has two letters or fewer"
            )
            if "always" in flags:
                effect = "it is marked {always}, so it is matched wherever it stands as a word"
            elif has_long:
                effect = (
                    "it counts only after a longer form of this entry has appeared earlier "
                    "in the document; mark it {always} to match it everywhere"
                )
            else:
                effect = (
                    "this entry has no longer form, so it is never matched; add the full "
                    "name or mark it {always}"
                )
            found.append(f"{name} {what} and collides with Arabic particles; {effect}")
        elif len(cores) == 1 and (why := why_common(cores[0], entry.type, _bare(form), article)):
            if cores[0] in gated:
                effect = (
                    "it counts only after a longer form containing it has appeared earlier "
                    "in the document; mark it {always} to match it everywhere"
                )
            elif "always" in flags:
                effect = "it is marked {always}, so it is matched wherever the word appears"
            else:
                if article:
                    where = "wherever the word appears"
                elif "article" in flags:
                    where = (
                        f"wherever the word appears, with or without the article (ال{_bare(form)})"
                    )
                else:
                    where = (
                        f"wherever the word appears without the article (not as ال{_bare(form)})"
                    )
                effect = f"it is matched {where}"
                if "suggest" not in flags:
                    effect += " and forced into the English; mark it {suggest} to only show it"
            found.append(f"{name} is also an ordinary word ({why}); {effect}")
        elif (
            len(cores) > 1
            and entry.type in (None, "other")
            and all(is_common_word(c, entry.type, "ال" + c in words) for c in cores)
            and "suggest" not in flags
        ):
            found.append(
                f"{name} is made only of ordinary words ({' + '.join(cores)}); if it is a "
                "phrase rather than a name it will be forced wherever the words meet; mark it "
                "{suggest} to only show it"
            )
        elif (
            entry.type is None
            and len(cores) == 1
            and not article
            and "article" not in flags
            and _mostly_with_article(cores[0])
        ):
            found.append(
                f"{name} has no type and the text mostly writes it with the article "
                f"(ال{_bare(form)}), where an untyped form does not match; if it is an "
                "organization give it the type (tarjama glossary edit -g FILE "
                f"{entry.target!r} --type organization), else mark the form {{article}}"
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
