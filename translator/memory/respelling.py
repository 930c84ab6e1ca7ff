"""Names a stored English spells otherwise than the glossary does now.

A pair approved when the desk wrote "Dmitri Peskov" lacks "Dmitry Peskov" once the
glossary changed.  Saying only "lacks 'Dmitry Peskov'" (and, because "Peskov" is a
glossary name too, "'Peskov' appears once too often") hides what happened; a
translator needs to read "spells 'Dmitri Peskov' where the glossary now has 'Dmitry
Peskov'".

For each name the English lacks, the runs of its words (as many words as the name,
one fewer or one more) are scored against the name with rapidfuzz's ``fuzz.ratio``
on lower-cased text; the best runs at or above ``RESPELL_SCORE`` that overlap no
other respelling nor the name as written, and are not themselves an exact
occurrence of a glossary name, are
the old spellings.  Glossary names found inside an old spelling belong to it and are
not reported as extra.  The word runs are hand-written (a few lines); the scoring is
rapidfuzz's.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from glossary.target_finder import TargetFinder
from translator.enforcement.terms import verify

RESPELL_SCORE = 80.0  # "Dmitri Peskov"/"Dmitry Peskov" 92; "Iraq"/"Iran" 75 is not one
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")


@dataclass(frozen=True)
class Respelling:
    """``found`` (at ``start``:``end`` in the English) is ``target`` spelled otherwise."""

    target: str
    found: str
    start: int
    end: int


@dataclass(frozen=True)
class NameVerdict:
    """Glossary names of a stored English against what a sentence requires now."""

    found: Counter[str]
    missing: Counter[str]  # target -> occurrences short
    extra: Counter[str]  # target -> too many, not counting those inside a respelling
    respelled: tuple[Respelling, ...]  # the lacking names the English has otherwise spelled

    def respelling_of(self, target: str) -> list[Respelling]:
        return [r for r in self.respelled if r.target == target]


def compare_names(english: str, required: Counter[str], finder: TargetFinder) -> NameVerdict:
    """``verify`` plus the old spellings of the names ``english`` lacks."""
    verdict = verify(english, required, finder)
    if not verdict.missing:
        return NameVerdict(verdict.found, verdict.missing, verdict.extra, ())
    occurrences = finder.find(english)
    exact = {(start, end) for start, end, _ in occurrences}
    words = [(m.start(), m.end()) for m in _WORD.finditer(english)]
    taken: list[tuple[int, int]] = []
    respelled: list[Respelling] = []
    for target, short in verdict.missing.items():
        size = len(_WORD.findall(target)) or 1
        own = [(a, b) for a, b, name in occurrences if name == target]
        scored: list[tuple[float, int, int]] = []
        for n in {max(1, size - 1), size, size + 1}:
            for i in range(len(words) - n + 1):
                start, end = words[i][0], words[i + n - 1][1]
                if (start, end) in exact or any(start < b and a < end for a, b in own):
                    continue  # a glossary name as written, or overlapping this one's own
                score = _ratio(target, english[start:end])
                if score >= RESPELL_SCORE:
                    scored.append((score, start, end))
        scored.sort(key=lambda s: (-s[0], s[1]))
        kept = 0
        for _, start, end in scored:
            if kept == short:
                break
            if any(start < b and a < end for a, b in taken):
                continue
            taken.append((start, end))
            respelled.append(Respelling(target, english[start:end], start, end))
            kept += 1
    inside = Counter(
        name for start, end, name in occurrences if any(a <= start and end <= b for a, b in taken)
    )
    extra = Counter({t: n - inside[t] for t, n in verdict.extra.items() if n > inside[t]})
    respelled.sort(key=lambda r: r.start)
    return NameVerdict(verdict.found, verdict.missing, extra, tuple(respelled))


def _ratio(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.ratio(a.lower(), b.lower())
