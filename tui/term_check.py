"""Which glossary names a segment contains and whether its English keeps them.

Checked live against the glossary as it is now (not as it was at translation
time), so highlights and warnings follow both the translator's edits and
glossary changes at once.
"""

from __future__ import annotations

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


@dataclass(frozen=True)
class SegmentTerms:
    names: tuple[SourceName, ...] = ()
    target_spans: tuple[tuple[int, int, str], ...] = ()  # (start, end, target) in the English
    missing: tuple[str, ...] = ()  # required targets the English lacks, in source order

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n.target for n in self.names))


@lru_cache(maxsize=256)
def _finder(targets: frozenset[str]) -> TargetFinder:
    return TargetFinder(targets)


@dataclass
class TermChecker:
    """Built once per glossary version; ``check`` is cheap enough to run on every edit."""

    glossary: Glossary | None
    _matcher: Matcher | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        if self.glossary is not None and len(self.glossary):
            self._matcher = Matcher(self.glossary)

    def matches(self, source: str) -> list[Match]:
        return self._matcher.find(source) if self._matcher is not None else []

    def check(self, source: str, english: str, translated: bool = True) -> SegmentTerms:
        found = self.matches(source)
        if not found:
            return SegmentTerms()
        targets = frozenset(m.target for m in found)
        spans = tuple(_finder(targets).find(english)) if english else ()
        present = {target for _, _, target in spans}
        names = tuple(SourceName(m.start, m.end, m.target, m.target in present) for m in found)
        missing = (
            tuple(dict.fromkeys(n.target for n in names if not n.present)) if translated else ()
        )
        return SegmentTerms(names, spans, missing)

    def signature(self, source: str) -> tuple[tuple[int, int, str], ...]:
        """What the glossary finds in ``source``: compare before/after a glossary edit."""
        return tuple((m.start, m.end, m.target) for m in self.matches(source))
