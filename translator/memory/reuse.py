"""Exact reuse before the model: a thin layer around ``Translator``.

``MemoryReuse.translate_documents`` segments the documents as the engine does, works
out each sentence's glossary requirements over its whole document (so the document
rules are the same as without a memory), and looks every sentence up in the memory.
An exact match (same key after the glossary's normalization) is reused, with status
``tm``, when its English still keeps the glossary: every name the Arabic has, spelled
as the glossary spells it *now*, exactly as often as the Arabic calls for it, and no
glossary name the Arabic lacks (the same rule as strict enforcement).  Only the other
sentences go to the model, in one ``Translator.translate`` call with their
requirements.

A match whose English no longer keeps the glossary (the glossary changed since the
pair was approved, e.g. "Sergey Lavrov" is now "Sergei Lavrov") is **not** reused
silently: the sentence is translated by the model under the glossary as usual, and
its warnings say which memory entry was held back and why.  Reusing it would put a
name into the English that the glossary no longer allows; a desk trusts the glossary
over an old approval.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from glossary.matcher import TargetFinder
from translator.enforcement.terms import (
    Requirement,
    TermState,
    TermStatus,
    describe_extra,
    required_counts,
)
from translator.engine import Progress, SentenceTranslation, Translator
from translator.memory.respelling import compare_names
from translator.memory.reused import ReusedSentence
from translator.memory.store import MemoryEntry, TranslationMemory
from translator.segment import segment


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
    memory: TranslationMemory,
    sources: Sequence[str],
    requirements: Sequence[list[Requirement]] | None,
    finder: TargetFinder | None,
) -> ExactLookup:
    """Exact matches for ``sources`` that keep the glossary (``check_names``), and the rest.

    ``requirements[i]`` are sentence ``i``'s glossary requirements, matched over its whole
    document; None (no glossary) reuses every exact match.  Used by ``MemoryReuse`` and
    by the review UI, so both apply one rule.
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


class MemoryReuse:
    """``Translator`` with the memory consulted first; the model sees only what is not reused."""

    def __init__(self, translator: Translator, memory: TranslationMemory) -> None:
        self.translator = translator
        self.memory = memory
        glossary = translator.glossary
        self._finder = TargetFinder(glossary.targets()) if glossary is not None else None
        self.report = ReuseReport()

    def translate_document(
        self, text: str, progress: Progress | None = None
    ) -> list[SentenceTranslation]:
        return self.translate_documents([text], progress)[0]

    def translate_documents(
        self, texts: Sequence[str], progress: Progress | None = None
    ) -> list[list[SentenceTranslation]]:
        """Like ``Translator.translate_documents``, with exact memory matches reused."""
        split = [segment(text) for text in texts]
        flat = [s for sentences in split for s in sentences]
        owners = [d for d, sentences in enumerate(split) for _ in sentences]
        sources = [s.text for s in flat]
        reqs = self.translator.requirements(sources, owners)
        found = look_up_exact(self.memory, sources, reqs, self._finder)
        reused, held = found.reused, found.warnings()
        report = ReuseReport(sentences=len(flat), held_back=list(found.held_back))
        rest = [i for i in range(len(flat)) if i not in reused]
        translated = {}
        if rest:
            out = self.translator.translate(
                [sources[i] for i in rest],
                progress,
                requirements=[reqs[i] for i in rest] if reqs is not None else None,
            )
            translated = dict(zip(rest, out, strict=True))
        elif progress is not None:
            progress(0, 0)
        report.reused = len(reused)
        self.report = report
        results: list[list[SentenceTranslation]] = []
        cursor = 0
        for sentences in split:
            doc_out: list[SentenceTranslation] = []
            for index, s in enumerate(sentences):
                i = cursor + index
                where = {"paragraph": s.paragraph, "index": index, "start": s.start, "end": s.end}
                if i in reused:
                    entry, terms = reused[i]
                    doc_out.append(
                        ReusedSentence(
                            source=s.text,
                            target=entry.target,
                            terms=terms,
                            **where,
                            origin=entry.origin,
                            memory_id=entry.id,
                        )
                    )
                else:
                    doc_out.append(
                        SentenceTranslation.placed(s, index, translated[i], held.get(i, []))
                    )
            cursor += len(sentences)
            results.append(doc_out)
        return results


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
