"""The form to save when a translator picks a name in the Arabic: without its clitics.

Arabic writes "and", "in", "to", "the" joined to the name (``وضبط التسلح``,
``بالكرملين``).  Saved as picked, the form would only match where the text has
those very letters; the glossary's matcher already strips them from the text
(``glossary.clitics``), so the form should be the bare name.  The readings
(which letters could be clitics) are the matcher's own (``clitics.readings``
over ``normalize``); this module only decides which reading to offer first:

* conjunction and preposition (و ف ب ل ك): the reading whose remaining word
  is the most frequent Arabic word (wordfreq), so ``وضبط`` gives ``ضبط`` but
  ``واشنطن`` stays whole (``اشنطن`` is no word);
* the article ``ال`` stays in the form, written out (``للكرملين`` gives
  ``الكرملين``): by the glossary's article rule a person, place or untyped form
  without the article never matches a word that has one (السلام is not سلام), so
  dropping it would lose the very occurrence the translator picked.  The
  article-less core is offered too, for organizations (which match either way).

Every other reading is offered too, and the picked text as it was, so the
translator chooses when the guess is wrong (a name that begins with ال).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from glossary.clitics import CONTRACTED_ARTICLE, FULL_ARTICLE, NO_ARTICLE, readings
from glossary.normalize import normalize

ARTICLE = "ال"


@dataclass(frozen=True)
class NameForms:
    """What to offer for a picked stretch of Arabic."""

    picked: str  # as selected in the text
    bare: str  # the suggested form: conjunction and preposition stripped, article kept
    options: tuple[str, ...]  # bare first, then the picked text, then other readings
    stripped: str  # the letters taken off the front of the picked text ("" if none)


@lru_cache(maxsize=4096)
def _frequency(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "ar")


def name_forms(picked: str) -> NameForms:
    """The bare form of ``picked`` by the matcher's clitic rules, and the alternatives."""
    text = picked.strip()
    norm = normalize(text)
    first = next((t for t in norm.tokens if t.is_word), None)
    if first is None:
        return NameForms(text, text, (text,) if text else (), "")
    folded = norm.folded[first.start : first.end]
    strict = norm.strict[first.start : first.end]
    choices = readings(folded, strict)

    def original_at(normalized: int) -> int:
        """Where a letter of the first word (normalized index) is in ``text``."""
        return norm.offsets[first.start + normalized]

    # For each length of conjunction/preposition: the word that follows it (with its
    # article, if any) decides by frequency, and is the bare form.
    by_prefix: dict[int, str] = {}  # prefix letters (normalized) -> the form after them
    for reading in choices:
        if reading.article == FULL_ARTICLE:
            prefix, stem = reading.article_at, text[original_at(reading.article_at) :]
        elif reading.article == CONTRACTED_ARTICLE:
            prefix = reading.core_at - 1
            stem = ARTICLE + text[original_at(reading.core_at) :]
        else:
            prefix, stem = reading.core_at, text[original_at(reading.core_at) :]
        known = by_prefix.get(prefix)
        if known is None or reading.article != NO_ARTICLE:  # within a prefix, the article read
            by_prefix[prefix] = stem
    best = max(by_prefix, key=lambda p: (_frequency(by_prefix[p]), -p))
    bare = by_prefix[best]
    core_at = original_at(best) if best < len(folded) else len(text)
    others = [text[original_at(r.core_at) :] for r in choices]
    options = tuple(dict.fromkeys([bare, text, *others]))
    return NameForms(text, bare, options, text[:core_at])
