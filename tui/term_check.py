"""Which glossary names a segment contains and whether its English keeps them.

Checked live against the glossary as it is now (not as it was at translation
time), so highlights and warnings follow both the translator's edits and
glossary changes at once.  The rules are strict mode's: a name the Arabic has
must be in the English, once per occurrence (``missing`` otherwise), unless its match is
suggest-only; a glossary name in the English beyond what the Arabic's matches
allow is an ``extra`` — shown, not a warning.  Names are found with the glossary's
document rules, as the translator enforced them: given the document's sentences in
order (``sources``), a short form that is also a common word counts only after its
full name appeared earlier in the document (``Matcher.find_document``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from glossary.matcher import Match, Matcher, TargetFinder
from glossary.termbase import Glossary


@dataclass(frozen=True)
class SourceName:
    """A glossary name in the Arabic, and whether its English target is in the translation."""

    start: int
    end: int
    target: str
    present: bool
    suggest: bool = False  # suggest-only: shown, never required


@dataclass(frozen=True)
class SegmentTerms:
    names: tuple[SourceName, ...] = ()
    target_spans: tuple[tuple[int, int, str], ...] = ()  # (start, end, target) in the English
    missing: tuple[str, ...] = ()  # required targets the English lacks, in source order
    extra: tuple[str, ...] = ()  # glossary targets beyond what the Arabic allows, English order

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n.target for n in self.names))


@lru_cache(maxsize=256)
def _finder(targets: frozenset[str]) -> TargetFinder:
    return TargetFinder(targets)


@dataclass
class TermChecker:
    """Built once per glossary version; ``check`` is cheap enough to run on every edit.

    ``sources``: the document's sentences in reading order.  ``index`` (a sentence's
    place among them) then gives that sentence's names under the document rule;
    without it a text is matched on its own.
    """

    glossary: Glossary | None
    sources: Sequence[str] = ()
    _matcher: Matcher | None = field(init=False, default=None)
    _document: list[list[Match]] = field(init=False, default_factory=list)
    _all: TargetFinder | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        if self.glossary is not None and len(self.glossary):
            self._matcher = Matcher(self.glossary)
            self._all = _finder(frozenset(self.glossary.targets()))
            if self.sources:
                self._document = self._matcher.find_document(list(self.sources))

    def matches(self, source: str, index: int | None = None) -> list[Match]:
        if self._matcher is None:
            return []
        if index is not None and index < len(self._document) and self.sources[index] == source:
            return self._document[index]
        return self._matcher.find(source)

    def check(
        self, source: str, english: str, translated: bool = True, index: int | None = None
    ) -> SegmentTerms:
        found = self.matches(source, index)
        everything = tuple(self._all.find(english)) if english and self._all is not None else ()
        allowed = Counter(m.target for m in found)
        seen: Counter[str] = Counter()
        extra: list[str] = []
        for _, _, target in everything:
            seen[target] += 1
            if seen[target] > allowed[target]:
                extra.append(target)
        if not found:
            return SegmentTerms(extra=tuple(extra) if translated else ())
        spans = tuple(span for span in everything if span[2] in allowed)
        # Once per occurrence: the k-th match of a name is present when the English has
        # the name at least k times (the same pairing as strict mode's statuses).
        written = Counter(target for _, _, target in spans)
        nth: Counter[str] = Counter()
        names = []
        for m in found:
            nth[m.target] += 1
            present = written[m.target] >= nth[m.target]
            names.append(SourceName(m.start, m.end, m.target, present, m.suggest))
        missing = (
            tuple(dict.fromkeys(n.target for n in names if not n.present and not n.suggest))
            if translated
            else ()
        )
        return SegmentTerms(tuple(names), spans, missing, tuple(extra) if translated else ())

    def signature(self, source: str, index: int | None = None) -> tuple[tuple[int, int, str], ...]:
        """What the glossary finds in ``source``: compare before/after a glossary edit."""
        return tuple((m.start, m.end, m.target) for m in self.matches(source, index))
