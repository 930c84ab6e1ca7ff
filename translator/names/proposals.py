"""Ranked English spellings for an unknown name, each with where it comes from.

Sources, strongest first:

* ``memory``: approved translations (the translation memory, approved review segments)
  of sentences containing the name; the English words that spell it (``align``);
* ``document``: what the model wrote for it in this document or corpus run (the
  English of the sentences it occurs in, same alignment);
* ``transliteration``: the name transliteration model's n-best
  (``translator.names.transliterate``), when it is installed.

Spellings from several sources merge (their sources are all listed).  Order: memory
first (most approvals first), then the document (most occurrences first), then the
transliterator (by probability); a spelling found by more sources ranks by its best.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from glossary.clitics import PREFIXES
from translator.names.align import find_english
from translator.names.candidates import Candidate
from translator.names.tokens import words_of


class Source(StrEnum):
    MEMORY = "memory"
    DOCUMENT = "document"
    TRANSLITERATION = "transliteration"


_RANK = {Source.MEMORY: 0, Source.DOCUMENT: 1, Source.TRANSLITERATION: 2}


@dataclass
class Proposal:
    """One English spelling, its sources and how much each supports it."""

    spelling: str
    sources: list[Source] = field(default_factory=list)
    count: int = 0  # approvals (memory) + occurrences (document)
    probability: float = 0.0  # the transliterator's, when it proposed it

    def as_dict(self) -> dict[str, Any]:
        return {
            "spelling": self.spelling,
            "sources": [s.value for s in self.sources],
            "count": self.count,
            "probability": round(self.probability, 4),
        }


class Transliterator(Protocol):
    def propose(self, arabic: list[str], n: int = 5) -> list[list[tuple[str, float]]]: ...


class MemoryReader(Protocol):
    def candidates(self, tokens: list[str], limit: int) -> list[tuple[int, str]]: ...
    def by_ids(self, ids: list[int]) -> Mapping[int, Any]: ...


def load_transliterator() -> Transliterator | None:
    """The shipped transliteration model, or None when it is not installed."""
    try:
        # lazy: in the ImportError guard: None when the model is not installed
        from translator.names.transliterate import NameTransliterator
    except ImportError:
        return None
    return NameTransliterator.load_default()


def memory_spellings(memory: MemoryReader, key: str, limit: int = 50) -> Counter[str]:
    """English spellings of the name ``key`` (folded tokens) in approved memory entries."""
    tokens = key.split()
    if not tokens:
        return Counter()
    first = tokens[0]
    variants = [p + first for p in PREFIXES] + [p + "ال" + first for p in PREFIXES if p]
    ids = [i for i, entry_key in memory.candidates([*variants, *tokens[1:]], limit) if entry_key]
    found: Counter[str] = Counter()
    for entry in memory.by_ids(ids).values():
        words = [w.text for w in words_of(entry.source)]
        if not _contains(words, tokens):
            continue
        span = find_english(key, entry.target)
        if span is not None:
            found[span.text] += 1
    return found


def _contains(words: list[str], tokens: list[str]) -> bool:
    n = len(tokens)
    for i in range(len(words) - n + 1):
        first = words[i]
        if words[i + 1 : i + n] == tokens[1:] and (
            first == tokens[0] or any(first == p + tokens[0] for p in PREFIXES if p)
        ):
            return True
    return False


def document_spellings(
    candidate: Candidate, english: Callable[[str, int], str | None]
) -> Counter[str]:
    """What the model wrote for the candidate in each sentence it occurs in."""
    found: Counter[str] = Counter()
    for occurrence in candidate.occurrences:
        target = english(occurrence.document, occurrence.sentence)
        if not target:
            continue
        span = find_english(candidate.key, target)
        if span is not None:
            found[span.text] += 1
    return found


def rank(
    memory: Counter[str],
    document: Counter[str],
    transliterated: Iterable[tuple[str, float]],
    n: int = 5,
) -> list[Proposal]:
    """Merge the three sources into at most ``n`` ranked proposals."""
    merged: dict[str, Proposal] = {}

    def add(spelling: str, source: Source, count: int = 0, probability: float = 0.0) -> None:
        proposal = merged.setdefault(spelling, Proposal(spelling))
        if source not in proposal.sources:
            proposal.sources.append(source)
        proposal.count += count
        proposal.probability = max(proposal.probability, probability)

    for spelling, count in memory.most_common():
        add(spelling, Source.MEMORY, count)
    for spelling, count in document.most_common():
        add(spelling, Source.DOCUMENT, count)
    for spelling, log_prob in transliterated:
        add(spelling, Source.TRANSLITERATION, probability=math.exp(log_prob))

    def order(p: Proposal) -> tuple[int, int, float, str]:
        best = min(_RANK[s] for s in p.sources)
        return (best, -p.count, -p.probability, p.spelling)

    return sorted(merged.values(), key=order)[:n]


class Proposer:
    """Proposals for many candidates: the transliterator is asked once for all of them."""

    def __init__(
        self,
        memory: MemoryReader | None = None,
        transliterator: Transliterator | None = None,
        english: Callable[[str, int], str | None] | None = None,
    ) -> None:
        self.memory = memory
        self.transliterator = transliterator
        self.english = english

    def propose(self, candidates: list[Candidate], n: int = 5) -> list[list[Proposal]]:
        forms = [c.forms[0] if c.forms else c.key for c in candidates]
        transliterated: list[list[tuple[str, float]]] = [[] for _ in candidates]
        if self.transliterator is not None and candidates:
            transliterated = self.transliterator.propose(forms, n=n)
        out = []
        for candidate, tr in zip(candidates, transliterated, strict=True):
            from_memory = memory_spellings(self.memory, candidate.key) if self.memory else Counter()
            from_document = (
                document_spellings(candidate, self.english) if self.english else Counter()
            )
            out.append(rank(from_memory, from_document, tr, n))
        return out
