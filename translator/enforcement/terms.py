"""Glossary requirements of a sentence, checking an English output against them, and scoring.

The rule, applied the same way by the decoder, the check and the score: each
glossary match in the Arabic requires its target once in the English, spelled
and cased exactly, on token edges as ``TargetFinder`` sees them (so ``Putin's``
counts, ``Putinism`` does not).  Both sides use longest match, so an English
``Vladimir Putin`` is one ``Vladimir Putin`` and no ``Putin``, just as the Arabic
فلاديمير بوتين is one match for ``Vladimir Putin``; a bare ``Putin`` in the
English needs a bare بوتين in the Arabic.  A target required k times must occur
exactly k times: fewer is a miss, more is a false insertion, and a glossary
target whose name is absent from the Arabic must occur zero times.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from glossary.matcher import Matcher, TargetFinder

STATUSES = ("ok", "enforced", "missing")


@dataclass(frozen=True)
class Requirement:
    """One glossary match in the Arabic sentence: ``target`` must appear for it."""

    source: str
    start: int
    end: int
    target: str


@dataclass(frozen=True)
class TermStatus:
    """How a requirement fared: ``ok`` (the model's own), ``enforced`` (forced), ``missing``."""

    source: str
    start: int
    end: int
    target: str
    status: str


@dataclass(frozen=True)
class TermAccuracy:
    """Exact-match term accuracy (WMT 2021 terminology task) plus false insertions."""

    total: int
    correct: int
    false_insertions: int
    accuracy: float


def sentence_requirements(sentence: str, matcher: Matcher) -> list[Requirement]:
    """Requirements in source order, one per (non-overlapping, longest) glossary match."""
    return [Requirement(m.source, m.start, m.end, m.target) for m in matcher.find(sentence)]


def document_requirements(sentences: Sequence[str], matcher: Matcher) -> list[list[Requirement]]:
    """Requirements of each sentence of one document, with the document's matching rules."""
    return [
        [Requirement(m.source, m.start, m.end, m.target) for m in matches]
        for matches in matcher.find_document(sentences)
    ]


def required_counts(requirements: list[Requirement]) -> Counter[str]:
    return Counter(r.target for r in requirements)


@dataclass(frozen=True)
class Verdict:
    """Per target, how far an English output is from the requirement counts."""

    found: Counter[str]
    missing: Counter[str]  # target -> occurrences short
    extra: Counter[str]  # target -> occurrences too many (false insertions)

    @property
    def satisfied(self) -> bool:
        return not self.missing and not self.extra


def verify(english: str, required: Counter[str], finder: TargetFinder) -> Verdict:
    """Compare the targets found in ``english`` with the counts the Arabic requires."""
    found = finder.count(english)
    missing = Counter({t: k - found[t] for t, k in required.items() if found[t] < k})
    extra = Counter({t: n - required[t] for t, n in found.items() if n > required[t]})
    return Verdict(found, missing, extra)


def assign_statuses(
    requirements: list[Requirement], produced: dict[str, list[str]], found: Counter[str]
) -> list[TermStatus]:
    """Statuses in source order.

    ``produced`` lists, per target, how each occurrence came about ("ok" or
    "enforced") as far as the decoder knows; ``found`` is what the English
    really holds, which caps how many requirements of a target are met.
    Occurrences the decoder did not see itself are the model's own ("ok").
    """
    used: Counter[str] = Counter()
    out: list[TermStatus] = []
    for req in requirements:
        index = used[req.target]
        used[req.target] += 1
        if index >= found[req.target]:
            status = "missing"
        else:
            kinds = produced.get(req.target, [])
            status = kinds[index] if index < len(kinds) else "ok"
        out.append(TermStatus(req.source, req.start, req.end, req.target, status))
    return out


def describe_extra(extra: Counter[str], required: Counter[str]) -> list[str]:
    """Warning lines for targets that appear more often than the Arabic allows."""
    return [
        f"glossary target {target!r} appears {required[target] + n} time(s) in the English "
        f"but the Arabic calls for it {required[target]} time(s)"
        for target, n in sorted(extra.items())
    ]


def term_accuracy(
    sources: list[str], hypotheses: list[str], matcher: Matcher, finder: TargetFinder
) -> TermAccuracy:
    """Exact-match term accuracy over sentence pairs.

    Per sentence and target, ``min(found, required)`` occurrences are correct
    (WMT 2021's exact match, made count-aware); occurrences beyond the
    requirement, including targets whose name is absent from the Arabic, are
    false insertions.  With no terms at all the accuracy is 1.0.
    """
    if len(sources) != len(hypotheses):
        raise ValueError(f"{len(sources)} sources but {len(hypotheses)} hypotheses")
    total = correct = inserted = 0
    for source, hypothesis in zip(sources, hypotheses, strict=True):
        required = required_counts(sentence_requirements(source, matcher))
        found = finder.count(hypothesis)
        total += sum(required.values())
        correct += sum(min(found[t], k) for t, k in required.items())
        inserted += sum(max(0, n - required[t]) for t, n in found.items())
    accuracy = correct / total if total else 1.0
    return TermAccuracy(total, correct, inserted, accuracy)
