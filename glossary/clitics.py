"""Attached clitics before a name: the conjunctions, prepositions and the article.

Arabic writes these joined to the next word: ``وبوتين`` "and Putin",
``للناتو`` "to the NATO" (``ل`` + ``ال`` with the alef dropped),
``بالكرملين`` "in the Kremlin".  A word of text is therefore read as
``[conjunction][preposition][article]core`` in every way its letters allow,
and each reading's core is looked up; the shortest prefix that yields a match
wins, so ``واشنطن`` is Washington and not ``و`` + ``اشنطن``.

* conjunction: ``و`` or ``ف`` (optional);
* preposition: ``ب`` ``ل`` ``ك`` (optional);
* article: ``ال`` — but after ``ل`` it is written ``لل`` (``للناتو``); it is only
  recognized when its alef is written bare (``ا`` or ``ٱ``), so ``ألمانيا`` is
  never read as ``ال`` + ``مانيا``.

A form that itself begins with the article (``الكرملين``) matches only where
the text has the article too — in full (``الكرملين``, ``والكرملين``,
``بالكرملين``) or contracted (``للكرملين``).  A form without it (``ناتو``)
matches with or without an article in the text (``ناتو``, ``الناتو``,
``للناتو``).  A core left after stripping must keep at least two letters.

Match spans cover the name as the form spells it: prefixes are outside the span;
an article is inside it when the form has one and the text writes it in full
(``والكرملين`` → ``الكرملين``), outside otherwise (``الناتو`` → ``ناتو``), and a
contracted article always stays in the prefix (``للكرملين`` → ``كرملين``,
``للناتو`` → ``ناتو``) because its letters cannot be split from ``ل``.
"""

from __future__ import annotations

from typing import NamedTuple

_ARTICLE_STRICT = ("ال", "ٱل")
_CONJUNCTIONS = ("", "و", "ف")
_PREPOSITIONS = ("", "ب", "ل", "ك")
PREFIXES = tuple(c + p for c in _CONJUNCTIONS for p in _PREPOSITIONS)  # includes ""
_MIN_CORE = 2

NO_ARTICLE = 0
FULL_ARTICLE = 1
CONTRACTED_ARTICLE = 2


class Reading(NamedTuple):
    """One way to split a text word: ``core`` starts at ``core_at`` (normalized index in the
    word); ``article_at`` is where a written-out article starts, or -1."""

    core: str
    core_at: int
    article: int
    article_at: int


def starts_with_article(strict_word: str, at: int = 0) -> bool:
    return strict_word.startswith(_ARTICLE_STRICT, at)


def form_article(strict_first: str, folded_first: str) -> tuple[str, bool]:
    """Split a form's first word into (lookup key, has article)."""
    if starts_with_article(strict_first) and len(folded_first) - 2 >= _MIN_CORE:
        return folded_first[2:], True
    return folded_first, False


def readings(folded: str, strict: str) -> list[Reading]:
    """Every prefix/article split of a text word, the unsplit word first."""
    found = [Reading(folded, 0, NO_ARTICLE, -1)]
    size = len(folded)
    for prefix in PREFIXES:
        k = len(prefix)
        if k and not folded.startswith(prefix):
            continue
        if k and size - k >= _MIN_CORE:
            found.append(Reading(folded[k:], k, NO_ARTICLE, -1))
        if not prefix.endswith("ل"):
            if starts_with_article(strict, k) and size - k - 2 >= _MIN_CORE:
                found.append(Reading(folded[k + 2 :], k + 2, FULL_ARTICLE, k))
        elif folded.startswith("ل", k) and size - k - 1 >= _MIN_CORE:
            found.append(Reading(folded[k + 1 :], k + 1, CONTRACTED_ARTICLE, -1))
    return found
