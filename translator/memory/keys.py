"""The memory's view of an Arabic sentence: its exact-match key and its words.

The key is the glossary's own Arabic normalization (``glossary.normalize``): tokens with
diacritics, tatweel, invisible characters and presentation forms dropped, alef forms and
digit scripts folded, Latin case folded, joined by one space.  Two sentences with the
same key differ only in what the glossary's matching already ignores, so a translation
approved for one is a translation of the other.
"""

from __future__ import annotations

from dataclasses import dataclass

from glossary.normalize import normalize


@dataclass(frozen=True, slots=True)
class Word:
    """One normalized token and where it sits in the text as given."""

    start: int
    end: int
    key: str


def words(text: str) -> list[Word]:
    """The normalized tokens of ``text`` with their spans in ``text``."""
    norm = normalize(text)
    return [Word(norm.offsets[t.start], t.orig_end, norm.text_of(t)) for t in norm.tokens]


def memory_key(text: str) -> str:
    """The exact-match key of ``text`` ("" when it has no token at all)."""
    norm = normalize(text)
    return " ".join(norm.text_of(t) for t in norm.tokens)
