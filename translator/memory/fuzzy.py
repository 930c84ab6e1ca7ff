"""Fuzzy matches: stored sentences close to a new one, with the words that differ marked.

Candidates come from the FTS5 index: the entries sharing the most of the sentence's rarer
words (``TranslationMemory.candidates``), ``CANDIDATES`` of them, so the cost is bounded
however large the memory is.  Each is
scored with rapidfuzz's ``fuzz.ratio`` (the normalized Indel similarity, 0–100, the
usual "fuzzy %" of CAT tools) on the normalized keys, so diacritics, alef forms and
other differences the glossary ignores cost nothing.  Word differences are rapidfuzz's
Levenshtein opcodes over the two sentences' normalized words, mapped back to spans in
the text as given: the review UI marks them on both sides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from translator.memory.entry import MemoryEntry
from translator.memory.keys import Word, memory_key, words

DEFAULT_THRESHOLD = 75.0
DEFAULT_K = 5
CANDIDATES = 100  # FTS5 candidates scored per lookup


class Candidates(Protocol):
    """What fuzzy matching needs of a memory (``store.TranslationMemory`` has it)."""

    def candidates(self, tokens: list[str], limit: int) -> list[tuple[int, str]]: ...

    def by_ids(self, ids: list[int]) -> dict[int, MemoryEntry]: ...


@dataclass(frozen=True)
class WordOp:
    """One step from the stored Arabic to the new sentence.

    ``kind``: ``equal``, ``replace``, ``delete`` (words only the stored sentence has) or
    ``insert`` (words only the new sentence has).  ``query``/``match`` are (start, end)
    spans in the new sentence and in the stored source; the side without words has an
    empty span at the place where they would go.
    """

    kind: str
    query: tuple[int, int]
    match: tuple[int, int]


@dataclass(frozen=True)
class FuzzyMatch:
    """A stored pair close to the new sentence."""

    entry: MemoryEntry
    score: float  # 0–100
    ops: tuple[WordOp, ...]

    @property
    def query_differs(self) -> list[tuple[int, int]]:
        """Spans of the new sentence the stored one does not have (or has otherwise)."""
        return [op.query for op in self.ops if op.kind != "equal" and op.query[0] < op.query[1]]

    @property
    def match_differs(self) -> list[tuple[int, int]]:
        """Spans of the stored Arabic the new sentence does not have (or has otherwise)."""
        return [op.match for op in self.ops if op.kind != "equal" and op.match[0] < op.match[1]]


def _span(ws: list[Word], i1: int, i2: int, text_len: int) -> tuple[int, int]:
    if i1 < i2:
        return ws[i1].start, ws[i2 - 1].end
    at = ws[i1].start if i1 < len(ws) else (ws[-1].end if ws else text_len)
    return at, at


def word_ops(query: str, stored: str) -> tuple[WordOp, ...]:
    """How ``stored`` becomes ``query``, word by word (normalized words compared)."""
    from rapidfuzz.distance import Levenshtein

    q, m = words(query), words(stored)
    ops = Levenshtein.opcodes([w.key for w in m], [w.key for w in q])
    return tuple(
        WordOp(
            op.tag,
            _span(q, op.dest_start, op.dest_end, len(query)),
            _span(m, op.src_start, op.src_end, len(stored)),
        )
        for op in ops
    )


def fuzzy_matches(
    memory: Candidates,
    source: str,
    *,
    k: int = DEFAULT_K,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[FuzzyMatch]:
    """The best ``k`` stored pairs whose Arabic scores at least ``threshold`` against ``source``.

    Ties keep the newest English first.  An exact match (same key) scores 100.
    """
    from rapidfuzz import fuzz, process

    key = memory_key(source)
    if not key or k < 1:
        return []
    found = memory.candidates(key.split(" "), CANDIDATES)
    if not found:
        return []
    scored = process.extract(
        key,
        {entry_id: cand for entry_id, cand in found},
        scorer=fuzz.ratio,
        score_cutoff=threshold,
        limit=None,
    )
    if not scored:
        return []
    entries = memory.by_ids([entry_id for _, _, entry_id in scored])
    ranked = [(score, entries[entry_id]) for _, score, entry_id in scored if entry_id in entries]
    ranked.sort(key=lambda pair: (pair[1].changed_at, pair[1].id), reverse=True)
    ranked.sort(key=lambda pair: pair[0], reverse=True)  # stable: newest first within a score
    return [
        FuzzyMatch(entry, round(score, 2), word_ops(source, entry.source))
        for score, entry in ranked[:k]
    ]
