"""A document's words as the name finder sees them: the glossary's tokens, clitics read off.

Tokenization and normalization are the glossary's own (``glossary.normalize``), so a
candidate's Arabic form is exactly what a glossary form would match, and spans point
into the text as given.  Clitic readings are the glossary's too (``glossary.clitics``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from glossary.clitics import FULL_ARTICLE, NO_ARTICLE, readings
from glossary.normalize import has_arabic_letter, normalize


@dataclass(frozen=True, slots=True)
class Word:
    """One token of a sentence: folded text, strict text (alef forms kept), original span."""

    text: str
    strict: str
    start: int
    end: int
    is_word: bool
    break_before: bool

    @property
    def arabic(self) -> bool:
        return self.is_word and has_arabic_letter(self.text)


def words_of(text: str) -> list[Word]:
    """The glossary's tokens of ``text`` with their spans in ``text``."""
    norm = normalize(text)
    out = []
    for token in norm.tokens:
        out.append(
            Word(
                text=norm.folded[token.start : token.end],
                strict=norm.strict[token.start : token.end],
                start=norm.offsets[token.start],
                end=token.orig_end,
                is_word=token.is_word,
                break_before=token.break_before,
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class Split:
    """A word read as clitic prefix + optional article + core."""

    prefix: str  # و ف ب ل ك and pairs, folded ("" for none)
    article: bool  # the article ال (or the ل of a contracted لل) precedes the core
    core: str


def article_split(word: Word) -> Split:
    """See ``_article_split``; cached by the word's letters (news repeats its words)."""
    return _article_split(word.text, word.strict)


@lru_cache(maxsize=200_000)
def _article_split(text: str, strict: str) -> Split:
    """The reading that takes off an article with its clitics (وال، بال، لل), else none.

    The article is unambiguous where the strict text writes ``ال`` with a bare alef, so
    this reading is safe; a bare clitic (و + word) is not, and is left on (see
    ``clitic_splits``).
    """
    best: Split | None = None
    for reading in readings(text, strict):
        if reading.article == NO_ARTICLE:
            continue
        prefix_end = reading.article_at if reading.article == FULL_ARTICLE else reading.core_at - 1
        split = Split(text[:prefix_end], True, reading.core)
        if best is None or len(split.prefix) < len(best.prefix):
            best = split
    return best or Split("", False, text)


def clitic_splits(word: Word) -> list[Split]:
    """Every reading of ``word``: unsplit first, then clitic-only, then with the article."""
    out = [Split("", False, word.text)]
    for reading in readings(word.text, word.strict)[1:]:
        if reading.article == NO_ARTICLE:
            out.append(Split(word.text[: reading.core_at], False, reading.core))
        elif reading.article == FULL_ARTICLE:
            out.append(Split(word.text[: reading.article_at], True, reading.core))
        else:
            out.append(Split(word.text[: reading.core_at - 1], True, reading.core))
    return out
