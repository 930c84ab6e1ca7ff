"""Translate documents sentence by sentence, with the glossary enforced.

The engine owns the steps between a raw document and its English: segmenting,
splitting sentences the model cannot take whole, batching, the glossary, and
putting everything back in input order.

A document of any size goes through ``translate_stream``: paragraphs are pulled
from an iterator a block at a time (about ``BLOCK_SENTENCES`` sentences, cut at
paragraph ends), each block is matched against the glossary with the gates the
document's earlier blocks opened, translated, and handed back before the next
block is read, so memory holds one block however long the input (before, a
whole file's decoder results and attention rows stayed alive until its end).
A document of up to one block is translated by exactly the call it always was,
so ordinary files keep their English byte for byte; a longer one depends only
on its text and ``BLOCK_SENTENCES``, so a resumed run matches an uninterrupted one.

The flow itself (segment → match → memory → decode+enforce → assemble) is
``translator.pipeline.Pipeline``; ``translate_documents`` and ``translate_stream``
are thin wrappers that hand it this translator as its decode stage.  What stays
here is that stage's inside: pieces small enough for the model, the glossary's
enforcement, one failing sentence costing only itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from translator.enforcement.enforce import SPLIT_TO_FIT, TRANSLATION_ERROR, Enforcer
from translator.enforcement.prefix_glossary import PrefixGlossary
from translator.enforcement.terms import TermState, term_statuses
from translator.errors import TranslatorError, first_line
from translator.long_input import CLAUSE_BREAK, split_long
from translator.memory.reuse import ExactReuse, ExactSource, ReuseReport
from translator.model_loading import DEFAULT_MODEL, LoadedModel, load_model
from translator.pipeline import Block, Decode, Match, Pipeline, SentenceRecord, StreamState
from translator.pipeline.pipeline import SentencesDone
from translator.pipeline.stages import (
    LONG_PARAGRAPH_BLOCKS,
    Progress,
    requirements_of,
    segment_blocks,
)
from translator.segment import Sentence

if TYPE_CHECKING:
    from glossary.matcher import Matcher, TargetFinder
    from glossary.termbase import Glossary
    from translator.enforcement.terms import Requirement, TermStatus
    from translator.source_text import Paragraph

__all__ = [  # names other modules and tests import from here
    "BLOCK_SENTENCES",
    "LONG_PARAGRAPH_BLOCKS",
    "Block",
    "Progress",
    "SentenceTranslation",
    "SentencesDone",
    "StreamState",
    "Translation",
    "Translator",
    "block_size",
]

# Sentences per block of a streamed document: big enough that batches stay full
# (16 sentences × 2 replicas × 3 batches each is 96), small enough that a block's
# decoder results are a few MB and an interrupted run loses under a minute or two.
BLOCK_SENTENCES = 256
BLOCK_SENTENCES_ENV = "TARJAMA_BLOCK_SENTENCES"  # a different size (checkpoint granularity)


# The one record of a sentence (``translator.pipeline.record``), under the names the
# engine's callers and the output writers have always used: ``translate`` returns one
# per text (no place in a document), the pipeline one per sentence.
Translation = SentenceRecord
SentenceTranslation = SentenceRecord


@dataclass
class _Unit:
    """A piece of a source text small enough for the model."""

    owner: int
    offset: int
    text: str
    split_to_fit: bool = False  # cut at clause boundaries so its glossary names fit


class Translator:
    """A loaded model plus the settings it translates with."""

    def __init__(
        self,
        loaded: LoadedModel,
        *,
        beam: int = 4,
        batch_size: int = 16,
        glossary: Glossary | None = None,
        enforce: str = "strict",
        remove_extras: bool = False,
        max_input_tokens: int = 512,
        matcher: Matcher | None = None,
    ) -> None:
        self.loaded = loaded
        self.beam = beam
        self.batch_size = batch_size
        self.max_input_tokens = max_input_tokens
        self.glossary = glossary
        self.enforce = enforce if glossary is not None else "off"
        self._enforcer: Any = None
        self._prefix_glossary: Any = None
        # Tokens in the outputs of every translate() so far (what ``tarjama bench`` counts);
        # exact where the decoder's ids are at hand, else the English re-encoded.
        self.output_tokens = 0
        if glossary is not None:
            self._enforcer = Enforcer(
                glossary,
                loaded.tokenizer,
                mode=self.enforce,
                remove_extras=remove_extras,
                matcher=matcher,
            )

            # One enforcement algorithm on every backend, so the same English gets the
            # same statuses; only the decoder under it differs.
            self._prefix_glossary = PrefixGlossary(
                self._enforcer, loaded.decoder, lambda: loaded.model
            )

    @classmethod
    def load(
        cls,
        model_id: str = DEFAULT_MODEL,
        device: str = "auto",
        *,
        backend: str = "auto",
        compute_type: str = "int8",
        **options: Any,
    ) -> Translator:
        """Load the model for ``backend`` (auto: CTranslate2 when it works) and wrap it."""
        return cls(load_model(model_id, device, backend, compute_type), **options)

    @property
    def backend(self) -> str:
        return self.loaded.backend

    @property
    def model_id(self) -> str:
        return self.loaded.model_id

    @property
    def matcher(self) -> Matcher | None:
        """The glossary's Arabic matcher (the pipeline's match stage); None without a glossary."""
        return self._enforcer.matcher if self._enforcer is not None else None

    @property
    def finder(self) -> TargetFinder | None:
        """The glossary's English names (the enforcer's, for the memory stage's check too);
        None without a glossary."""
        return self._enforcer.finder if self._enforcer is not None else None

    def pipeline(self, memory: ExactReuse | None = None) -> Pipeline:
        """The pipeline with this translator as its decode stage (and ``memory`` before it)."""
        return Pipeline(Decode(self), match=Match(self.matcher), memory=memory)

    def _count_tokens(self, text: str) -> int:
        return len(self.loaded.tokenizer(text).input_ids)

    def _units(self, texts: list[str], reqs: list[list[Requirement]] | None) -> list[_Unit]:
        units: list[_Unit] = []
        for owner, text in enumerate(texts):
            for offset, piece in split_long(text, self._count_tokens, self.max_input_tokens):
                inside = _inside(reqs[owner], offset, piece) if reqs is not None else []
                if self._names_fit(inside):
                    units.append(_Unit(owner, offset, piece))
                    continue
                parts = self._split_to_fit(piece, inside)
                for at, part in parts:
                    units.append(_Unit(owner, offset + at, part, split_to_fit=len(parts) > 1))
        return units

    def _names_fit(self, reqs: list[Requirement]) -> bool:
        """Whether the names owed in a piece fit the model's output positions (strict mode)."""
        enforcer = self._enforcer
        if enforcer is None or enforcer.mode != "strict" or not reqs:
            return True
        spell = enforcer.speller
        needed = sum(len(spell.ids(r.target)) for r in reqs if not r.suggest)
        return needed < enforcer.max_output_tokens

    def _split_to_fit(self, text: str, reqs: list[Requirement]) -> list[tuple[int, str]]:
        """``text`` cut at clause marks into pieces whose names fit (last resort, warned about).

        A clause whose names alone do not fit stays whole: the Enforcer marks the
        names it cannot hold missing.
        """
        pieces: list[tuple[int, str]] = []
        start = 0
        for found in CLAUSE_BREAK.finditer(text):
            pieces.append((start, text[start : found.start()]))
            start = found.end()
        pieces.append((start, text[start:]))
        chunks: list[tuple[int, int]] = []
        for offset, piece in pieces:
            end = offset + len(piece)
            if chunks and self._names_fit(_inside(reqs, chunks[-1][0], text[chunks[-1][0] : end])):
                chunks[-1] = (chunks[-1][0], end)
            else:
                chunks.append((offset, end))
        return [(a, text[a:b]) for a, b in chunks if text[a:b].strip()]

    def requirements(
        self,
        texts: Sequence[str],
        documents: Sequence[int] | None = None,
        *,
        opened: set[str] | None = None,
    ) -> list[list[Requirement]] | None:
        """The pipeline's match stage with this translator's glossary
        (``translator.pipeline.stages.requirements_of``); None when none is enforced."""
        return requirements_of(self.matcher, texts, documents, opened=opened)

    def translate(
        self,
        texts: list[str],
        progress: Progress | None = None,
        *,
        documents: Sequence[int] | None = None,
        requirements: list[list[Requirement]] | None = None,
    ) -> list[Translation]:
        """Translate each text (a sentence, usually), in order.

        ``documents`` groups the texts into documents for the glossary's document
        rules (see ``requirements``); by default they are one document.  A caller
        that translates a few sentences of a larger document (the review UI) passes
        their ``requirements``, computed over the whole document, instead.
        """
        reqs = requirements if requirements is not None else self.requirements(texts, documents)
        if self._enforcer is None:
            reqs = None
        units = self._units(texts, reqs)
        unit_reqs = None
        if reqs is not None:
            unit_reqs = [_inside(reqs[unit.owner], unit.offset, unit.text) for unit in units]
        done = 0

        def advance(count: int) -> None:
            nonlocal done
            done = min(len(units), done + count)
            if progress is not None:
                progress(done, len(units))

        if progress is not None:
            progress(0, len(units))
        pieces = self._translate_units([unit.text for unit in units], advance, unit_reqs)
        results = [Translation(source=text, target="") for text in texts]
        parts: list[list[str]] = [[] for _ in texts]
        for unit, piece in zip(units, pieces, strict=True):
            result = results[unit.owner]
            parts[unit.owner].append(piece.target)
            result.terms.extend(_shifted(term, unit.offset) for term in piece.terms)
            if unit.split_to_fit and SPLIT_WARNING not in piece.warnings:
                piece.warnings.append(SPLIT_WARNING)
                piece.last_resort.append(SPLIT_TO_FIT)
            result.warnings.extend(w for w in piece.warnings if w not in result.warnings)
            result.last_resort.extend(k for k in piece.last_resort if k not in result.last_resort)
        for result in results:  # extras after the Arabic's names, whatever piece they came from
            result.terms.sort(key=lambda term: term.status == TermState.EXTRA)
        for result, texts_of in zip(results, parts, strict=True):
            result.target = " ".join(part for part in texts_of if part)
        return results

    def _free(self, texts: list[str], progress: Callable[[int], None] | None = None) -> list[str]:
        counts: list[int] = []
        out = self.loaded.decoder.translate(
            texts,
            num_beams=self.beam,
            max_sentences=self.batch_size,
            progress=progress,
            counts=counts,
        )
        self.output_tokens += sum(counts)
        return out

    def _translate_units(
        self,
        texts: list[str],
        advance: Callable[[int], None],
        reqs: list[list[Requirement]] | None,
    ) -> list[Translation]:
        """Translate the units together; if that fails, one by one, so one sentence's failure
        costs only that sentence (it is left empty, with a warning)."""
        try:
            return self._translate_together(texts, advance, reqs)
        except Exception as first:
            if len(texts) <= 1:
                raise
            error = first
        out: list[Translation] = []
        failures = 0
        for i, text in enumerate(texts):
            one = [reqs[i]] if reqs is not None else None
            try:
                out.extend(self._translate_together([text], advance, one))
            except Exception as err:
                failures += 1
                out.append(_failed(text, reqs[i] if reqs is not None else [], err))
                advance(1)
        if failures == len(texts):
            raise error
        return out

    def _translate_together(
        self,
        texts: list[str],
        advance: Callable[[int], None],
        reqs: list[list[Requirement]] | None,
    ) -> list[Translation]:
        if self._enforcer is None:
            return [
                Translation(text, target)
                for text, target in zip(texts, self._free(texts, advance), strict=True)
            ]
        counts: list[int] = []
        enforced = self._prefix_glossary.translate(
            texts, num_beams=self.beam, batch_size=self.batch_size, progress=advance,
            counts=counts, requirements=reqs,
        )  # fmt: skip
        self.output_tokens += sum(counts)
        return [
            Translation(
                text, item.target, list(item.terms), list(item.warnings), list(item.last_resort)
            )
            for text, item in zip(texts, enforced, strict=True)
        ]

    def translate_document(
        self, text: str, progress: Progress | None = None
    ) -> list[SentenceTranslation]:
        """Segment ``text`` and translate every sentence, keeping document order."""
        return self.translate_documents([text], progress)[0]

    def translate_documents(
        self, texts: Sequence[str], progress: Progress | None = None
    ) -> list[list[SentenceTranslation]]:
        """Segment each document and translate all their sentences in shared batches.

        ``Pipeline.run`` with this translator and no memory: the glossary's document
        rules apply within each document only, so each document's result is the
        same as translating it alone.
        """
        return self.pipeline().run(texts, progress)

    def translate_stream(
        self,
        paragraphs: Iterable[Paragraph],
        progress: SentencesDone | None = None,
        *,
        memory: ExactSource | None = None,
        state: StreamState | None = None,
        report: ReuseReport | None = None,
        block_sentences: int | None = None,
    ) -> Iterator[Block]:
        """Translate one document's paragraphs a block at a time, lazily, in order.

        ``Pipeline.stream`` with this translator: the next paragraphs are read only
        when the previous block has been handed back; ``state`` (updated after every
        block) resumes a document.  ``memory`` (anything with ``exact(source)``)
        reuses exact matches that keep the glossary, as ``MemoryReuse`` does;
        ``report`` then counts what was reused.
        """
        stage = None
        if memory is not None:
            stage = ExactReuse(memory, self.finder, report)
        size = block_sentences if block_sentences is not None else block_size()
        return self.pipeline(stage).stream(paragraphs, progress, size=size, state=state)


def block_size() -> int:
    """Sentences per block: ``BLOCK_SENTENCES``, or ``$TARJAMA_BLOCK_SENTENCES`` when set."""
    import os

    value = os.environ.get(BLOCK_SENTENCES_ENV, "").strip()
    if not value:
        return BLOCK_SENTENCES
    if not value.isdigit() or int(value) < 1:
        raise TranslatorError(f"{BLOCK_SENTENCES_ENV}={value!r}: give a whole number of at least 1")
    return int(value)


def _blocks(
    paragraphs: Iterable[Paragraph], size: int
) -> Iterator[tuple[list[Paragraph], list[Sentence], bool]]:
    """The pipeline's block cutter (``stages.segment_blocks``) with this module's
    ``LONG_PARAGRAPH_BLOCKS`` (read at each call, so a test can lower it)."""
    return segment_blocks(paragraphs, size, LONG_PARAGRAPH_BLOCKS)


SPLIT_WARNING = (
    "this sentence has more glossary names than the model's output can hold in one piece; "
    "it was split at clause boundaries and each part translated on its own"
)


def _inside(reqs: list[Requirement], offset: int, text: str) -> list[Requirement]:
    """The requirements within ``text`` (found at ``offset``), with offsets made local to it."""
    return [
        replace(r, start=r.start - offset, end=r.end - offset)
        for r in reqs
        if r.start >= offset and r.end <= offset + len(text)
    ]


def _shifted(term: TermStatus, offset: int) -> TermStatus:
    if term.start is None or term.end is None:  # an extra: no Arabic span
        return term
    return replace(term, start=term.start + offset, end=term.end + offset)


def _failed(text: str, reqs: list[Requirement], err: BaseException) -> Translation:
    """A unit that could not be translated: empty, every owed name missing, and why."""
    detail = first_line(err)
    kind = type(err).__name__ + (f": {detail}" if detail else "")
    warning = f"this sentence could not be translated ({kind}); its English is left empty"
    return Translation(text, "", term_statuses(reqs, []), [warning], [TRANSLATION_ERROR])
