"""Split sentences that exceed the model's input limit, never truncating them.

Marian models see at most 512 positions; anything longer would be cut off
silently by the tokenizer.  Long sentences are split at clause marks first
(، ؛ :), then at spaces, and the translated pieces are joined back.
"""

from __future__ import annotations

import re
from collections.abc import Callable

CLAUSE_BREAK = re.compile(r"(?<=[،؛:,;])\s+")
WORD_BREAK = re.compile(r"\s+")


def _split_at(text: str, pattern: re.Pattern[str]) -> list[tuple[int, str]]:
    pieces: list[tuple[int, str]] = []
    start = 0
    for found in pattern.finditer(text):
        pieces.append((start, text[start : found.start()]))
        start = found.end()
    pieces.append((start, text[start:]))
    return [(offset, piece) for offset, piece in pieces if piece]


def _pack(
    pieces: list[tuple[int, str]], text: str, fits: Callable[[str], bool]
) -> list[tuple[int, str]]:
    chunks: list[tuple[int, str]] = []
    current: tuple[int, int] | None = None  # (start, end) into text
    for offset, piece in pieces:
        end = offset + len(piece)
        if current is not None and fits(text[current[0] : end]):
            current = (current[0], end)
            continue
        if current is not None:
            chunks.append((current[0], text[current[0] : current[1]]))
        current = (offset, end)
    if current is not None:
        chunks.append((current[0], text[current[0] : current[1]]))
    return chunks


def split_long(text: str, count_tokens: Callable[[str], int], limit: int) -> list[tuple[int, str]]:
    """Pieces of ``text`` (offset, piece) each within ``limit`` tokens where possible."""

    def fits(piece: str) -> bool:
        return count_tokens(piece) <= limit

    if fits(text):
        return [(0, text)]
    result: list[tuple[int, str]] = []
    for offset, clause in _pack(_split_at(text, CLAUSE_BREAK), text, fits):
        if fits(clause):
            result.append((offset, clause))
            continue
        for inner, words in _pack(_split_at(clause, WORD_BREAK), clause, fits):
            if fits(words):
                result.append((offset + inner, words))
            else:
                result.extend((offset + inner + at, part) for at, part in _split_chars(words, fits))
    return result


def _split_chars(word: str, fits: Callable[[str], bool]) -> list[tuple[int, str]]:
    """Last resort for a 'word' with no spaces that alone exceeds the limit."""
    if len(word) <= 1 or fits(word):
        return [(0, word)]
    half = len(word) // 2
    left = _split_chars(word[:half], fits)
    right = [(half + at, part) for at, part in _split_chars(word[half:], fits)]
    return left + right
