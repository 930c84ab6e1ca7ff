"""``Pipeline``: segment → match → memory → decode+enforce → assemble, written once.

``tarjama translate FILE`` (streamed, ``resumable.run_document``), every file of
a corpus run (local threads and Ray actors, through the same ``run_document``),
``Translator.translate_documents``, ``MemoryReuse`` and the review's
``TranslationQueue`` all run their sentences through this class; they differ
only in the stages they hand it (a memory or none, a loaded translator or a way
to load one) and in how they feed it (whole documents, blocks of a stream, or
the review's already-segmented sentences).  The memory is a stage like the
others (the cache behind the same interface as the model, as argos-translate's
``CachedTranslation`` wraps its model), so a field of the record cannot be kept
by one flow and dropped by another.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from translator.pipeline.record import SentenceRecord
from translator.pipeline.stages import (
    LONG_PARAGRAPH_BLOCKS,
    Decode,
    Match,
    Progress,
    Stage,
    block_records,
    by_document,
    segment_blocks,
    segment_documents,
)

if TYPE_CHECKING:
    from translator.source_text import Paragraph

SentencesDone = Callable[[int], None]  # sentences of the document finished so far (estimated)


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
    sentences: list[SentenceRecord]
    ends_paragraph: bool = True


class Pipeline:
    """The stages a sentence goes through, and the three ways of feeding them."""

    def __init__(
        self, decode: Decode, *, match: Match | None = None, memory: Stage | None = None
    ) -> None:
        self.match = match if match is not None else Match(None)  # None: no glossary
        self.memory = memory
        self.decode = decode

    def translate(
        self, records: list[SentenceRecord], progress: Progress | None = None
    ) -> list[SentenceRecord]:
        """Memory, then decode+enforce, on records already segmented and matched.

        The review calls this for its chosen segments (matched over the whole
        document beforehand); ``run`` and ``stream`` call it for theirs.
        """
        if self.memory is not None:
            records = self.memory(records)
        return self.decode(records, progress)

    def run(
        self, documents: Sequence[str], progress: Progress | None = None
    ) -> list[list[SentenceRecord]]:
        """Every document's sentences, translated in shared batches, per document in order.

        The glossary's document rules apply within each document only, so each
        document's result is the same as translating it alone.
        """
        records = segment_documents(documents)
        self.match.documents(records)
        return by_document(self.translate(records, progress), len(documents))

    def stream(
        self,
        paragraphs: Iterable[Paragraph],
        progress: SentencesDone | None = None,
        *,
        size: int,
        state: StreamState | None = None,
        long_blocks: int = LONG_PARAGRAPH_BLOCKS,
    ) -> Iterator[Block]:
        """One document's paragraphs a block of about ``size`` sentences at a time, lazily.

        The next paragraphs are read only when the previous block has been handed
        back.  ``state`` (updated after every block) resumes a document: the caller
        passes the paragraphs after ``state.paragraphs``.
        """
        state = state if state is not None else StreamState()
        opened = set(state.opened)
        for paras, sentences, ends in segment_blocks(paragraphs, size, long_blocks):
            base = state.sentences
            records = block_records(sentences, base)
            self.match.going_on(records, opened)

            def advance(done: int, total: int, _n: int = len(records), _base: int = base) -> None:
                if progress is not None:
                    progress(_base + (_n * done // total if total else 0))

            if records:  # paragraphs with no sentence: nothing for the model
                records = self.translate(records, advance)
            state.sentences += len(records)
            last = paras[-1].index if paras else sentences[-1].paragraph
            state.paragraphs = last + 1 if ends else last
            state.opened = sorted(opened)
            if progress is not None:
                progress(state.sentences)
            yield Block(paras, records, ends)
