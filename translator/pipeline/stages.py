"""The stages of ``Pipeline``: segment, match, (memory,) decode+enforce, assemble.

Each stage is a small function or object that fills in fields of the
``SentenceRecord`` list it is given; the memory stage lives with the memory
(``translator.memory.reuse.ExactReuse``) and is handed in by whoever has one.
None of these stages imports the model: ``Decode`` calls whatever translator
it is given (or loads one when a record first needs it), so the review can
check the memory without loading a model at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from translator.enforcement.terms import document_requirements
from translator.pipeline.record import SentenceRecord
from translator.segment import Sentence, segment

if TYPE_CHECKING:
    from glossary.matcher import Matcher, TargetFinder
    from glossary.termbase import Glossary
    from translator.enforcement.terms import Requirement
    from translator.source_text import Paragraph

Progress = Callable[[int, int], None]  # (done, total) in model inputs

# A paragraph longer than this many blocks' sentences is cut between sentences.
LONG_PARAGRAPH_BLOCKS = 4


class Translator(Protocol):
    """What the pipeline needs of ``translator.engine.Translator`` (declared here, so
    the pipeline and the memory stage do not import the engine that wraps them)."""

    output_tokens: int
    glossary: Glossary | None

    @property
    def model_id(self) -> str: ...

    @property
    def matcher(self) -> Matcher | None: ...

    @property
    def finder(self) -> TargetFinder | None: ...

    def translate(
        self,
        texts: list[str],
        progress: Progress | None = None,
        *,
        requirements: list[list[Requirement]] | None = None,
    ) -> Sequence[SentenceRecord]: ...


class Stage(Protocol):
    """A stage between match and decode (the memory): records in, records out, in order."""

    def __call__(self, records: list[SentenceRecord]) -> list[SentenceRecord]: ...


# ------------------------------------------------------------------ segment
def segment_documents(texts: Sequence[str]) -> list[SentenceRecord]:
    """Every sentence of every document, in order, each knowing its document and place."""
    return [
        SentenceRecord(s.text, paragraph=s.paragraph, index=i, start=s.start, end=s.end, document=d)
        for d, text in enumerate(texts)
        for i, s in enumerate(segment(text))
    ]


def segment_blocks(
    paragraphs: Iterable[Paragraph], size: int, long_blocks: int = LONG_PARAGRAPH_BLOCKS
) -> Iterator[tuple[list[Paragraph], list[Sentence], bool]]:
    """(paragraphs starting here, sentences, whether the last paragraph ends here), lazily.

    A block closes at the first paragraph end once it holds ``size`` sentences; a
    paragraph longer than ``long_blocks`` blocks is cut every ``size`` sentences,
    so no block outgrows that bound.
    """
    paras: list[Paragraph] = []
    sentences: list[Sentence] = []
    for para in paragraphs:
        paras.append(para)
        found = [
            Sentence(para.index, para.start + s.start, para.start + s.end, s.text)
            for s in segment(para.text)
        ]
        if len(found) > long_blocks * size:
            for at in range(0, len(found), size):
                sentences.extend(found[at : at + size])
                if len(sentences) >= size:
                    ends = at + size >= len(found)
                    yield paras, sentences, ends
                    paras, sentences = [], []
            continue
        sentences.extend(found)
        if len(sentences) >= size:
            yield paras, sentences, True
            paras, sentences = [], []
    if paras or sentences:
        yield paras, sentences, True


def block_records(sentences: Sequence[Sentence], first: int) -> list[SentenceRecord]:
    """A streamed block's sentences as records, numbered on from ``first``."""
    return [
        SentenceRecord(s.text, paragraph=s.paragraph, index=first + i, start=s.start, end=s.end)
        for i, s in enumerate(sentences)
    ]


# -------------------------------------------------------------------- match
def requirements_of(
    matcher: Matcher | None,
    texts: Sequence[str],
    documents: Sequence[int] | None = None,
    *,
    opened: set[str] | None = None,
) -> list[list[Requirement]] | None:
    """Glossary requirements of each text, matched document by document (None: no glossary).

    ``documents[i]`` names the document text ``i`` belongs to (texts of one
    document in reading order); without it all texts are one document.
    ``opened`` (one document only) holds the glossary gates its earlier texts
    opened, and is updated (``Matcher.find_document``).
    """
    if matcher is None:
        return None
    if opened is not None:  # one document, going on from its earlier blocks
        return document_requirements(list(texts), _GoingOn(matcher, opened))
    owners = list(documents) if documents is not None else [0] * len(texts)
    if len(owners) != len(texts):
        raise ValueError(f"{len(texts)} texts but {len(owners)} document ids")
    groups: dict[int, list[int]] = {}
    for i, owner in enumerate(owners):
        groups.setdefault(owner, []).append(i)
    out: list[list[Requirement]] = [[] for _ in texts]
    for members in groups.values():
        found = document_requirements([texts[i] for i in members], matcher)
        for i, reqs in zip(members, found, strict=True):
            out[i] = reqs
    return out


class Match:
    """The glossary stage: each record's requirements, with its whole document's rules."""

    def __init__(self, matcher: Matcher | None) -> None:
        self.matcher = matcher

    def documents(self, records: Sequence[SentenceRecord]) -> None:
        """Match whole documents (``record.document`` groups them)."""
        found = requirements_of(
            self.matcher, [r.source for r in records], [r.document for r in records]
        )
        _fill(records, found)

    def going_on(self, records: Sequence[SentenceRecord], opened: set[str]) -> None:
        """Match the next block of one document, with the gates its earlier blocks opened."""
        _fill(records, requirements_of(self.matcher, [r.source for r in records], opened=opened))


def _fill(records: Sequence[SentenceRecord], found: list[list[Requirement]] | None) -> None:
    for k, record in enumerate(records):
        record.requirements = found[k] if found is not None else None


class _GoingOn:
    """A matcher that goes on with a document: ``find_document`` keeps its opened gates."""

    def __init__(self, matcher: Any, opened: set[str]) -> None:
        self.matcher = matcher
        self.opened = opened

    def find_document(self, texts: Sequence[str]) -> Any:
        return self.matcher.find_document(texts, self.opened)


# ----------------------------------------------------------- decode+enforce
class Decode:
    """The model stage: every record no earlier stage translated, in one ``translate`` call.

    ``translator`` or ``load`` (called once, only when some record needs the model:
    the review does not load a model when the memory had every sentence).
    ``model_id`` and ``output_tokens`` say what the model did, for the review.
    """

    def __init__(
        self, translator: Translator | None = None, *, load: Callable[[], Translator] | None = None
    ) -> None:
        if translator is None and load is None:
            raise ValueError("Decode needs a translator or a way to load one")
        self.translator = translator
        self.load = load
        self.model_id = ""  # the model that translated something ("" while none did)
        self.output_tokens = 0

    def __call__(
        self, records: list[SentenceRecord], progress: Progress | None = None
    ) -> list[SentenceRecord]:
        todo = [r for r in records if not r.reused]
        if not todo:
            if progress is not None:
                progress(0, 0)
            return records
        translator = self.translator
        if translator is None:
            assert self.load is not None
            translator = self.translator = self.load()
        self.model_id = translator.model_id
        reqs = [r.requirements for r in todo]
        before = translator.output_tokens
        done = translator.translate(
            [r.source for r in todo],
            progress,
            requirements=None if any(r is None for r in reqs) else reqs,  # type: ignore[misc]
        )
        self.output_tokens += translator.output_tokens - before
        for record, result in zip(todo, done, strict=True):
            record.target = result.target
            record.terms = result.terms
            record.warnings = [*record.held_back, *result.warnings]
            record.last_resort = result.last_resort
        return records


# ----------------------------------------------------------------- assemble
def by_document(records: Sequence[SentenceRecord], count: int) -> list[list[SentenceRecord]]:
    """The records of each of ``count`` documents, in reading order."""
    out: list[list[SentenceRecord]] = [[] for _ in range(count)]
    for record in records:
        out[record.document].append(record)
    return out
