"""The same unknown name spelled differently in the English of a document or corpus run.

For every occurrence of a candidate, the English words that spell it are read from the
translation of its sentence (``align``); a candidate whose occurrences give more than
one spelling is reported with each variant, where it occurs, the majority spelling and
the memory's (approved) spelling when there is one.  Spellings are compared exactly
after dropping a possessive ``'s``: "Patrushev" and "Patroshev" differ, "Patrushev's"
is "Patrushev".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from translator.names.align import find_english
from translator.names.candidates import Candidate, Occurrence


@dataclass
class Variant:
    spelling: str
    occurrences: list[Occurrence] = field(default_factory=list)


@dataclass
class Inconsistency:
    """One name with several English spellings."""

    key: str
    form: str
    variants: list[Variant]
    majority: str | None  # None when the two commonest spellings are equally common
    memory: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "arabic": self.form,
            "key": self.key,
            "majority": self.majority,
            "memory": self.memory,
            "variants": [
                {
                    "spelling": v.spelling,
                    "count": len(v.occurrences),
                    "where": [
                        {"document": o.document, "sentence": o.sentence} for o in v.occurrences
                    ],
                }
                for v in self.variants
            ],
        }


def spellings(
    candidate: Candidate, english: Callable[[str, int], str | None]
) -> dict[str, Variant]:
    """The English spelling of each occurrence that the translation shows, grouped."""
    found: dict[str, Variant] = {}
    for occurrence in candidate.occurrences:
        target = english(occurrence.document, occurrence.sentence)
        if not target:
            continue
        span = find_english(candidate.key, target)
        if span is None:
            continue
        found.setdefault(span.text, Variant(span.text)).occurrences.append(occurrence)
    return found


def inconsistencies(
    candidates: list[Candidate],
    english: Callable[[str, int], str | None],
    memory: Callable[[str], str | None] | None = None,
) -> list[Inconsistency]:
    """Candidates rendered with more than one spelling, most occurrences first."""
    out = []
    # A family name alone and the full names ending in it are one person: the full names'
    # occurrences count for the family name's spelling too (Nikolai Patrushev / Patroshev).
    full_names: dict[str, list[Occurrence]] = {}
    for candidate in candidates:
        tokens = candidate.key.split()
        if len(tokens) > 1:
            full_names.setdefault(tokens[-1], []).extend(candidate.occurrences)
    for candidate in candidates:
        if candidate.key in full_names:
            candidate = Candidate(
                candidate.key,
                candidate.forms,
                candidate.occurrences + full_names[candidate.key],
                candidate.type,
                candidate.confidence,
            )
        variants = spellings(candidate, english)
        if len(variants) < 2:
            continue
        ordered = sorted(variants.values(), key=lambda v: (-len(v.occurrences), v.spelling))
        out.append(
            Inconsistency(
                key=candidate.key,
                form=candidate.forms[0] if candidate.forms else candidate.key,
                variants=ordered,
                majority=(
                    ordered[0].spelling
                    if len(ordered[0].occurrences) > len(ordered[1].occurrences)
                    else None
                ),
                memory=memory(candidate.key) if memory else None,
            )
        )
    out.sort(key=lambda i: (-sum(len(v.occurrences) for v in i.variants), i.key))
    return out
