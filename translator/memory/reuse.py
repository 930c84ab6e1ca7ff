"""Exact reuse before the model: the memory stage of ``translator.pipeline``.

``ExactReuse`` is the pipeline's memory stage: it looks every sentence up in the
memory, with each sentence's glossary requirements already matched over its whole
document (so the document rules are the same as without a memory).  An exact
match (same key after the glossary's normalization) is reused, with status
``tm``, when its English still keeps the glossary: every name the Arabic has,
spelled as the glossary spells it *now*, exactly as often as the Arabic calls for
it, and no glossary name the Arabic lacks (the same rule as strict enforcement).
Only the other sentences go on to the model stage.  ``MemoryReuse`` is the same
pipeline with this stage, behind ``Translator``'s ``translate_documents``.

A match whose English no longer keeps the glossary (the glossary changed since the
pair was approved, e.g. "Sergey Lavrov" is now "Sergei Lavrov") is **not** reused
silently: the sentence is translated by the model under the glossary as usual, and
its warnings say which memory entry was held back and why.  Reusing it would put a
name into the English that the glossary no longer allows; a desk trusts the glossary
over an old approval.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from glossary.matcher import TargetFinder
from translator.enforcement.terms import (
    Requirement,
    TermState,
    TermStatus,
    describe_extra,
    required_counts,
)
from translator.memory.errors import MemoryStoreError
from translator.memory.respelling import compare_names
from translator.memory.store import MemoryEntry
from translator.pipeline import Decode, Match, Pipeline, SentenceRecord
from translator.pipeline.record import as_reused

if TYPE_CHECKING:
    from translator.pipeline.stages import Progress, Translator


class ExactSource(Protocol):
    """What the memory stage needs of a memory: ``TranslationMemory`` or one file's matches."""

    def exact(self, source: str) -> MemoryEntry | None: ...


@dataclass(frozen=True)
class NameCheck:
    """How a stored English fares against the glossary requirements of a sentence."""

    terms: list[TermStatus]  # TermState.TM (present) or TM_MISSING (lacking), source order
    problems: list[str]  # one line per missing or extra glossary name

    @property
    def keeps_glossary(self) -> bool:
        return not self.problems


def check_names(english: str, requirements: list[Requirement], finder: TargetFinder) -> NameCheck:
    """Whether ``english`` (from the memory) keeps every glossary name as the glossary is now.

    A name the English has spelled otherwise (the glossary changed since the approval)
    is said as such: "spells 'Dmitri Peskov' where the glossary now has 'Dmitry Peskov'".
    """
    required = required_counts(requirements)
    verdict = compare_names(english, required, finder)
    used: dict[str, int] = {}
    terms: list[TermStatus] = []
    for req in requirements:
        used[req.target] = used.get(req.target, 0) + 1
        present = used[req.target] <= verdict.found[req.target]
        status = TermState.TM if present else TermState.TM_MISSING
        terms.append(TermStatus(req.source, req.start, req.end, req.target, status))
    problems: list[str] = []
    for target in verdict.missing:
        old = verdict.respelling_of(target)
        if old:
            spelled = " and ".join(repr(r.found) for r in old)
            problems.append(f"its English spells {spelled} where the glossary now has {target!r}")
        else:
            problems.append(
                f"its English lacks {target!r}, which the glossary now requires for this sentence"
            )
    problems += describe_extra(verdict.extra, required)
    return NameCheck(terms, problems)


def held_back_warning(entry: MemoryEntry, problem: str) -> str:
    """The warning a sentence carries when its exact match was not reused."""
    return (
        f"translation memory entry {entry.id} ({entry.origin or 'no origin'}) was not "
        f"reused: {problem}; translated by the model instead"
    )


@dataclass(frozen=True)
class ExactLookup:
    """Which sentences an exact match can stand for, and which matches were held back."""

    reused: dict[int, tuple[MemoryEntry, list[TermStatus]]]  # sentence -> (entry, terms)
    held_back: list[tuple[int, MemoryEntry, list[str]]]  # (sentence, entry, problems)

    def warnings(self) -> dict[int, list[str]]:
        """Per held-back sentence, the lines its translation's warnings start with."""
        out: dict[int, list[str]] = {}
        for i, entry, problems in self.held_back:
            out[i] = [held_back_warning(entry, problem) for problem in problems]
        return out


def look_up_exact(
    memory: ExactSource,
    sources: Sequence[str],
    requirements: Sequence[list[Requirement]] | None,
    finder: TargetFinder | None,
) -> ExactLookup:
    """Exact matches for ``sources`` that keep the glossary (``check_names``), and the rest.

    ``requirements[i]`` are sentence ``i``'s glossary requirements, matched over its whole
    document; None (no glossary) reuses every exact match.  ``ExactReuse`` applies it
    for every flow (translate, corpus, review), so all apply one rule.
    """
    reused: dict[int, tuple[MemoryEntry, list[TermStatus]]] = {}
    held: list[tuple[int, MemoryEntry, list[str]]] = []
    for i, source in enumerate(sources):
        entry = memory.exact(source)
        if entry is None:
            continue
        if requirements is None or finder is None:
            reused[i] = (entry, [])
            continue
        check = check_names(entry.target, requirements[i], finder)
        if check.keeps_glossary:
            reused[i] = (entry, check.terms)
        else:
            held.append((i, entry, check.problems))
    return ExactLookup(reused, held)


@dataclass
class ReuseReport:
    """What the last translation reused and what it held back."""

    sentences: int = 0
    reused: int = 0
    held_back: list[tuple[int, MemoryEntry, list[str]]] = field(default_factory=list)

    @property
    def to_model(self) -> int:
        return self.sentences - self.reused


class ExactReuse:
    """The pipeline's memory stage: exact matches that keep the glossary stand for the model.

    A reused record becomes a ``ReusedSentence`` (its memory entry kept); a
    held-back one keeps its match and the lines saying why, which the model
    stage puts before its own warnings.  Records with ``use_memory`` False (a
    re-translation the user asked for) are not looked up.  ``report`` adds up
    what every call reused; ``on_error`` (the review) takes a memory error's
    message and lets the model translate everything instead of failing.
    """

    def __init__(
        self,
        memory: ExactSource,
        finder: TargetFinder | None,
        report: ReuseReport | None = None,
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        self.memory = memory
        self.finder = finder
        self.report = report
        self.on_error = on_error

    def __call__(self, records: list[SentenceRecord]) -> list[SentenceRecord]:
        wanted = [k for k, r in enumerate(records) if r.use_memory and not r.reused]
        reqs = [records[k].requirements for k in wanted]
        try:
            found = look_up_exact(
                self.memory,
                [records[k].source for k in wanted],
                None if any(r is None for r in reqs) else reqs,  # type: ignore[arg-type]
                self.finder,
            )
        except MemoryStoreError as err:  # a busy memory must not stop the translation
            if self.on_error is None:
                raise
            self.on_error(str(err))
            return records
        out = list(records)
        for i, (entry, terms) in found.reused.items():
            out[wanted[i]] = as_reused(records[wanted[i]], entry, terms)
        for i, entry, problems in found.held_back:
            record = out[wanted[i]]
            record.memory = entry
            record.held_back = [held_back_warning(entry, problem) for problem in problems]
        if self.report is not None:
            self.report.sentences += len(records)
            self.report.reused += len(found.reused)
            self.report.held_back.extend(found.held_back)
        return out


class MemoryReuse:
    """``Translator`` with the memory consulted first: the pipeline with ``ExactReuse``."""

    def __init__(self, translator: Translator, memory: ExactSource) -> None:
        self.translator = translator
        self.memory = memory
        self._finder = translator.finder
        self.report = ReuseReport()

    def translate_document(
        self, text: str, progress: Progress | None = None
    ) -> list[SentenceRecord]:
        return self.translate_documents([text], progress)[0]

    def translate_documents(
        self, texts: Sequence[str], progress: Progress | None = None
    ) -> list[list[SentenceRecord]]:
        """Like ``Translator.translate_documents``, with exact memory matches reused."""
        report = ReuseReport()
        stage = ExactReuse(self.memory, self._finder, report)
        pipeline = Pipeline(
            Decode(self.translator), match=Match(self.translator.matcher), memory=stage
        )
        out = pipeline.run(texts, progress)
        self.report = report
        return out


def reuse_summary(report: ReuseReport) -> str:
    """The stderr line ``tarjama translate`` prints after a run with a memory."""
    line = (
        f"translation memory: {report.reused} of {report.sentences} sentences reused "
        f"(exact match), {report.to_model} translated by the model"
    )
    if report.held_back:
        line += (
            f"; {len(report.held_back)} match(es) held back: their English no longer keeps "
            "the glossary"
        )
    return line
