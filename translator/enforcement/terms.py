"""Glossary requirements of a sentence, checking an English output against them, and scoring.

The promise strict mode keeps, applied the same way by every decoder, the check
and the score: each glossary match in the Arabic requires its target once in
the English, spelled and cased exactly, on token edges as ``TargetFinder`` sees
them (so ``Putin's`` counts, ``Putinism`` does not).  Both sides use longest
match, so an English ``Vladimir Putin`` is one ``Vladimir Putin`` and no
``Putin``, just as the Arabic فلاديمير بوتين is one match for ``Vladimir Putin``.

A glossary target the English holds beyond what the Arabic's matches call for
(the model's own "Russia's" for الروسية, "Kremlin" for "the Russian
presidency") is an ``extra``: reported, never a violation, removed only when
the user asks.  Enforcement itself never writes a name the Arabic lacks.

A suggest-only match (``Match.suggest``) is found and reported as
``suggested``; it is never forced, never missing, and an English occurrence of
its target is not an extra.

Statuses pair requirements with occurrences by order: the k-th requirement of
a target (in the Arabic) goes with the k-th occurrence of it in the English,
whatever the backend, so the same English gets the same statuses.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from glossary.matcher import Match, Matcher, TargetFinder


class TermState(StrEnum):
    """How one glossary name fared; the values are what JSON lines, XLIFF and projects hold."""

    OK = "ok"  # the model wrote it unforced
    ENFORCED = "enforced"  # decoding was made to write it and went on from it
    MISSING = "missing"  # not in the English
    EXTRA = "extra"  # a glossary target the Arabic's matches do not call for
    SUGGESTED = "suggested"  # a suggest-only match, never forced
    TM = "tm"  # a translation-memory English has it (``memory.reuse.check_names``)
    TM_MISSING = "tm-missing"  # a translation-memory English lacks it


# What translating reports; the two ``tm`` states are for the memory's matches.
STATUSES = (
    TermState.OK,
    TermState.ENFORCED,
    TermState.MISSING,
    TermState.EXTRA,
    TermState.SUGGESTED,
)


@dataclass(frozen=True)
class Requirement:
    """One glossary match in the Arabic sentence: ``target`` must appear for it.

    ``suggest``: the match is suggest-only, so nothing is owed.
    """

    source: str
    start: int
    end: int
    target: str
    suggest: bool = False


@dataclass(frozen=True)
class TermStatus:
    """How a match fared (see ``TermState``).

    An ``extra`` has no Arabic: its ``source`` is empty and ``start``/``end`` are None.
    A decoder's plain string ("ok", "enforced") becomes its ``TermState`` here, so an
    unknown status fails at once instead of reaching a file.
    """

    source: str
    start: int | None
    end: int | None
    target: str
    status: TermState
    # What enforcement could not keep around an enforced name (``flags.TermFlag`` values).
    flags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", TermState(self.status))

    def record(self) -> dict[str, Any]:
        """The term as a JSON/XLIFF record; ``flags`` only when there are some, so files
        with nothing flagged are written as before flags existed."""
        data = asdict(self)
        if not self.flags:
            del data["flags"]
        return data


@dataclass(frozen=True)
class TermAccuracy:
    """Exact-match term accuracy (WMT 2021 terminology task), with extras counted apart."""

    total: int
    correct: int
    extras: int
    accuracy: float

    @property
    def false_insertions(self) -> int:
        """The older name of ``extras``, for callers written before extras were kept."""
        return self.extras


def _requirement(m: Match) -> Requirement:
    return Requirement(m.source, m.start, m.end, m.target, m.suggest)


def sentence_requirements(sentence: str, matcher: Matcher) -> list[Requirement]:
    """Requirements in source order, one per (non-overlapping, longest) glossary match."""
    return [_requirement(m) for m in matcher.find(sentence)]


def document_requirements(sentences: Sequence[str], matcher: Matcher) -> list[list[Requirement]]:
    """Requirements of each sentence of one document, with the document's matching rules."""
    return [[_requirement(m) for m in matches] for matches in matcher.find_document(sentences)]


def required_counts(requirements: Iterable[Requirement]) -> Counter[str]:
    """How often each target is owed (suggest-only matches owe nothing)."""
    return Counter(r.target for r in requirements if not r.suggest)


def allowed_counts(requirements: Iterable[Requirement]) -> Counter[str]:
    """How often each target may appear before it counts as extra (every match allows one)."""
    return Counter(r.target for r in requirements)


@dataclass(frozen=True)
class Verdict:
    """Per target, how far an English output is from the counts its Arabic calls for."""

    found: Counter[str]
    missing: Counter[str]  # target -> occurrences short
    extra: Counter[str]  # target -> occurrences beyond what the Arabic's matches allow

    @property
    def satisfied(self) -> bool:
        """Strict mode's promise: nothing owed is missing (extras are allowed)."""
        return not self.missing


def verify(
    english: str,
    required: Counter[str],
    finder: TargetFinder,
    allowed: Counter[str] | None = None,
) -> Verdict:
    """Compare the targets found in ``english`` with what the Arabic requires and allows."""
    allowed = required if allowed is None else allowed
    found = finder.count(english)
    missing = Counter({t: k - found[t] for t, k in required.items() if found[t] < k})
    extra = Counter({t: n - allowed[t] for t, n in found.items() if n > allowed[t]})
    return Verdict(found, missing, extra)


def term_statuses(
    requirements: Sequence[Requirement], occurrences: Sequence[tuple[str, str]]
) -> list[TermStatus]:
    """Statuses of ``requirements`` (source order), then the extras (English order).

    ``occurrences`` lists every glossary target in the English in reading order
    with how it got there (``ok`` or ``enforced``).  Owed matches take the
    occurrences of their target first, in order; suggest-only matches take what
    is left; occurrences nobody takes are extras.
    """
    queues: dict[str, list[int]] = defaultdict(list)
    for k, (target, _) in enumerate(occurrences):
        queues[target].append(k)
    taken: dict[str, int] = Counter()

    def take(target: str) -> int | None:
        queue = queues.get(target, [])
        if taken[target] >= len(queue):
            return None
        taken[target] += 1
        return queue[taken[target] - 1]

    statuses: list[str | None] = [None] * len(requirements)
    for i, req in enumerate(requirements):
        if not req.suggest:
            k = take(req.target)
            statuses[i] = TermState.MISSING if k is None else occurrences[k][1]
    for i, req in enumerate(requirements):
        if req.suggest:
            take(req.target)
            statuses[i] = TermState.SUGGESTED
    out = [
        TermStatus(r.source, r.start, r.end, r.target, s or TermState.MISSING)
        for r, s in zip(requirements, statuses, strict=True)
    ]
    leftover = sorted(k for target, queue in queues.items() for k in queue[taken[target] :])
    out.extend(TermStatus("", None, None, occurrences[k][0], TermState.EXTRA) for k in leftover)
    return out


def statuses_from_counts(
    requirements: Sequence[Requirement],
    english: str,
    finder: TargetFinder,
    produced: dict[str, list[str]] | None = None,
) -> list[TermStatus]:
    """Statuses when the decoder reports, per target, how each occurrence came about in order.

    Occurrences the decoder did not account for are the model's own (``ok``).
    """
    produced = produced or {}
    seen: Counter[str] = Counter()
    occurrences: list[tuple[str, str]] = []
    for _, _, target in finder.find(english):
        kinds = produced.get(target, [])
        occurrences.append((target, kinds[seen[target]] if seen[target] < len(kinds) else "ok"))
        seen[target] += 1
    return term_statuses(requirements, occurrences)


def describe_extra(extra: Counter[str], allowed: Counter[str]) -> list[str]:
    """Warning lines for targets that appear more often than the Arabic's matches allow."""
    return [
        f"glossary target {target!r} appears {allowed[target] + n} time(s) in the English "
        f"but the Arabic's matches allow it {allowed[target]} time(s)"
        for target, n in sorted(extra.items())
    ]


def term_accuracy(
    sources: list[str], hypotheses: list[str], matcher: Matcher, finder: TargetFinder
) -> TermAccuracy:
    """Exact-match term accuracy over sentence pairs, with extras as their own count.

    Per sentence and target, ``min(found, required)`` occurrences are correct
    (WMT 2021's exact match, made count-aware).  Occurrences beyond what the
    Arabic's matches allow (suggest-only ones included) are extras: counted,
    not held against the accuracy.  With no terms at all the accuracy is 1.0.
    """
    if len(sources) != len(hypotheses):
        raise ValueError(f"{len(sources)} sources but {len(hypotheses)} hypotheses")
    total = correct = extras = 0
    for source, hypothesis in zip(sources, hypotheses, strict=True):
        reqs = sentence_requirements(source, matcher)
        required, allowed = required_counts(reqs), allowed_counts(reqs)
        found = finder.count(hypothesis)
        total += sum(required.values())
        correct += sum(min(found[t], k) for t, k in required.items())
        extras += sum(max(0, n - allowed[t]) for t, n in found.items())
    accuracy = correct / total if total else 1.0
    return TermAccuracy(total, correct, extras, accuracy)
