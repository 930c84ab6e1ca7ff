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
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from translator.enforcement.enforce import SPLIT_TO_FIT
from translator.errors import first_line
from translator.long_input import split_long
from translator.model_loading import DEFAULT_MODEL, LoadedModel, load_model
from translator.segment import Sentence, segment

if TYPE_CHECKING:
    from glossary.termbase import Glossary
    from translator.enforcement.terms import Requirement, TermStatus
    from translator.memory.reuse import ReuseReport
    from translator.source_text import Paragraph

Progress = Callable[[int, int], None]  # (done, total) in model inputs
SentencesDone = Callable[[int], None]  # sentences of the document finished so far (estimated)

# Sentences per block of a streamed document: big enough that batches stay full
# (16 sentences × 2 replicas × 3 batches each is 96), small enough that a block's
# decoder results are a few MB and an interrupted run loses under a minute or two.
BLOCK_SENTENCES = 256
BLOCK_SENTENCES_ENV = "TARJAMA_BLOCK_SENTENCES"  # a different size (checkpoint granularity)
# A paragraph longer than this many blocks' sentences is cut between sentences.
LONG_PARAGRAPH_BLOCKS = 4


@dataclass
class Translation:
    """The English for one source text, with the glossary terms it was held to."""

    source: str
    target: str
    terms: list[TermStatus] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Last-resort paths taken (``translator.enforcement.enforce.LAST_RESORTS``).
    last_resort: list[str] = field(default_factory=list)


@dataclass
class SentenceTranslation(Translation):
    """A translated sentence and where it sits in the document."""

    paragraph: int = 0
    index: int = 0
    start: int = 0
    end: int = 0
    # Unknown names found in it (``translator.names.in_translation``), for --format jsonl.
    names: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def placed(
        cls, sentence: Sentence, index: int, done: Translation, warnings_before: Sequence[str] = ()
    ) -> SentenceTranslation:
        """``done`` at ``sentence``'s place: the one builder of a model-translated sentence.

        The engine and the memory's reuse both call it, so a field added to
        ``Translation`` (as ``last_resort`` was) cannot be dropped by one of them.
        """
        return cls(
            source=sentence.text,
            target=done.target,
            terms=done.terms,
            warnings=[*warnings_before, *done.warnings],
            last_resort=done.last_resort,
            paragraph=sentence.paragraph,
            index=index,
            start=sentence.start,
            end=sentence.end,
        )


@dataclass
class StreamState:
    """Where a streamed document stands between blocks: what a checkpoint must keep."""

    paragraphs: int = 0  # paragraphs finished (one cut across blocks counts once it ends)
    sentences: int = 0  # sentences finished: the next sentence's index in the document
    opened: list[str] = field(default_factory=list)  # glossary gates the document opened


@dataclass
class Block:
    """One translated block: the paragraphs that start in it and its sentences, in order.

    ``sentences`` may begin with the end of a paragraph an earlier block began (a
    paragraph too long for one block); ``ends_paragraph`` is False when its last
    paragraph goes on in the next block.
    """

    paragraphs: list[Paragraph]
    sentences: list[SentenceTranslation]
    ends_paragraph: bool = True


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
            from translator.enforcement.enforce import Enforcer

            self._enforcer = Enforcer(
                glossary, loaded.tokenizer, mode=self.enforce, remove_extras=remove_extras
            )
            from translator.enforcement.prefix_glossary import PrefixGlossary

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
        from translator.long_input import CLAUSE_BREAK

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
        """Glossary requirements of each text, matched document by document.

        ``documents[i]`` names the document text ``i`` belongs to (texts of one
        document in reading order); without it all texts are one document.
        ``opened`` (one document only) holds the glossary gates its earlier texts
        opened, and is updated (``Matcher.find_document``).
        None when no glossary is enforced.
        """
        if self._enforcer is None:
            return None
        from translator.enforcement.terms import document_requirements

        if opened is not None:  # one document, going on from its earlier blocks
            return document_requirements(list(texts), _GoingOn(self._enforcer.matcher, opened))
        owners = list(documents) if documents is not None else [0] * len(texts)
        if len(owners) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(owners)} document ids")
        groups: dict[int, list[int]] = {}
        for i, owner in enumerate(owners):
            groups.setdefault(owner, []).append(i)
        out: list[list[Requirement]] = [[] for _ in texts]
        for members in groups.values():
            found = document_requirements([texts[i] for i in members], self._enforcer.matcher)
            for i, reqs in zip(members, found, strict=True):
                out[i] = reqs
        return out

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
            result.terms.sort(key=lambda term: term.status == "extra")
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

        The glossary's document rules apply within each document only, so each
        document's result is the same as translating it alone.
        """
        split = [segment(text) for text in texts]
        flat = [s for sentences in split for s in sentences]
        owners = [d for d, sentences in enumerate(split) for _ in sentences]
        translated = self.translate([s.text for s in flat], progress, documents=owners)
        out: list[list[SentenceTranslation]] = []
        cursor = 0
        for sentences in split:
            done = translated[cursor : cursor + len(sentences)]
            cursor += len(sentences)
            out.append(
                [
                    SentenceTranslation.placed(s, i, t)
                    for i, (s, t) in enumerate(zip(sentences, done, strict=True))
                ]
            )
        return out

    def translate_stream(
        self,
        paragraphs: Iterable[Paragraph],
        progress: SentencesDone | None = None,
        *,
        memory: Any = None,
        state: StreamState | None = None,
        report: ReuseReport | None = None,
        block_sentences: int | None = None,
    ) -> Iterator[Block]:
        """Translate one document's paragraphs a block at a time, lazily, in order.

        The next paragraphs are read only when the previous block has been handed
        back.  ``state`` (updated after every block) resumes a document: the caller
        passes the paragraphs after ``state.paragraphs``.  ``memory`` (anything with
        ``exact(source)``) reuses exact matches that keep the glossary, as
        ``MemoryReuse`` does; ``report`` then counts what was reused.
        """
        state = state if state is not None else StreamState()
        opened = set(state.opened)
        finder = None
        if memory is not None and self.glossary is not None:
            from glossary.matcher import TargetFinder

            finder = TargetFinder(self.glossary.targets())
        size = block_sentences if block_sentences is not None else block_size()
        for paras, sentences, ends in _blocks(paragraphs, size):
            sources = [s.text for s in sentences]
            reqs = self.requirements(sources, opened=opened)
            base = state.sentences

            def advance(done: int, total: int, _n: int = len(sentences), _base: int = base) -> None:
                if progress is not None:
                    progress(_base + (_n * done // total if total else 0))

            if not sources:  # paragraphs with no sentence: nothing for the model
                results: list[Translation] = []
            elif memory is None:
                results = self.translate(sources, advance, requirements=reqs)
            else:
                results = self._with_memory(sources, reqs, memory, finder, advance, report)
            out = [
                _placed(s, t, base + i)
                for i, (s, t) in enumerate(zip(sentences, results, strict=True))
            ]
            state.sentences += len(out)
            last = paras[-1].index if paras else sentences[-1].paragraph
            state.paragraphs = last + 1 if ends else last
            state.opened = sorted(opened)
            if progress is not None:
                progress(state.sentences)
            yield Block(paras, out, ends)

    def _with_memory(
        self,
        sources: list[str],
        reqs: list[list[Requirement]] | None,
        memory: Any,
        finder: Any,
        advance: Progress,
        report: ReuseReport | None,
    ) -> list[Translation]:
        """``MemoryReuse``'s rule on a block: exact matches keeping the glossary, else the model."""
        from translator.memory.reuse import look_up_exact
        from translator.memory.reused import ReusedSentence

        found = look_up_exact(memory, sources, reqs, finder)
        held = found.warnings()
        rest = [i for i in range(len(sources)) if i not in found.reused]
        translated: dict[int, Translation] = {}
        if rest:
            done = self.translate(
                [sources[i] for i in rest],
                advance,
                requirements=[reqs[i] for i in rest] if reqs is not None else None,
            )
            translated = dict(zip(rest, done, strict=True))
        else:
            advance(0, 0)
        if report is not None:
            report.sentences += len(sources)
            report.reused += len(found.reused)
            report.held_back.extend(found.held_back)
        out: list[Translation] = []
        for i, source in enumerate(sources):
            if i in found.reused:
                entry, terms = found.reused[i]
                out.append(
                    ReusedSentence(
                        source=source,
                        target=entry.target,
                        terms=terms,
                        origin=entry.origin,
                        memory_id=entry.id,
                    )
                )
            else:
                t = translated[i]
                warnings = held.get(i, []) + t.warnings
                out.append(Translation(source, t.target, t.terms, warnings, t.last_resort))
        return out


def block_size() -> int:
    """Sentences per block: ``BLOCK_SENTENCES``, or ``$TARJAMA_BLOCK_SENTENCES`` when set."""
    import os

    from translator.errors import TranslatorError

    value = os.environ.get(BLOCK_SENTENCES_ENV, "").strip()
    if not value:
        return BLOCK_SENTENCES
    if not value.isdigit() or int(value) < 1:
        raise TranslatorError(f"{BLOCK_SENTENCES_ENV}={value!r}: give a whole number of at least 1")
    return int(value)


def _placed(sentence: Sentence, done: Translation, index: int) -> SentenceTranslation:
    """``done`` as the sentence ``index`` of its document, where ``sentence`` sits in it."""
    where = {
        "paragraph": sentence.paragraph,
        "index": index,
        "start": sentence.start,
        "end": sentence.end,
    }
    origin = getattr(done, "origin", None)
    if origin is not None:  # reused from the memory: keeps its kind and entry
        from translator.memory.reused import ReusedSentence

        return ReusedSentence(
            source=sentence.text,
            target=done.target,
            terms=done.terms,
            **where,
            origin=origin,
            memory_id=getattr(done, "memory_id", 0),
        )
    return SentenceTranslation.placed(sentence, index, done)


def _blocks(
    paragraphs: Iterable[Paragraph], size: int
) -> Iterator[tuple[list[Paragraph], list[Sentence], bool]]:
    """(paragraphs starting here, sentences, whether the last paragraph ends here), lazily.

    A block closes at the first paragraph end once it holds ``size`` sentences; a
    paragraph longer than ``LONG_PARAGRAPH_BLOCKS`` blocks is cut every ``size``
    sentences, so no block outgrows that bound.
    """
    paras: list[Paragraph] = []
    sentences: list[Sentence] = []
    for para in paragraphs:
        paras.append(para)
        found = [
            Sentence(para.index, para.start + s.start, para.start + s.end, s.text)
            for s in segment(para.text)
        ]
        if len(found) > LONG_PARAGRAPH_BLOCKS * size:
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


class _GoingOn:
    """A matcher that goes on with a document: ``find_document`` keeps its opened gates."""

    def __init__(self, matcher: Any, opened: set[str]) -> None:
        self.matcher = matcher
        self.opened = opened

    def find_document(self, texts: Sequence[str]) -> Any:
        return self.matcher.find_document(texts, self.opened)


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
    from translator.enforcement.enforce import TRANSLATION_ERROR
    from translator.enforcement.terms import term_statuses

    detail = first_line(err)
    kind = type(err).__name__ + (f": {detail}" if detail else "")
    warning = f"this sentence could not be translated ({kind}); its English is left empty"
    return Translation(text, "", term_statuses(reqs, []), [warning], [TRANSLATION_ERROR])
