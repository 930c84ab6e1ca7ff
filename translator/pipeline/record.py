"""One sentence being translated: the record every stage of the pipeline fills in.

Before this record there were four (``Translation``, ``SentenceTranslation``,
``ReusedSentence`` and the memory's own rebuild of a sentence), and a field added
to one could be dropped by the code that copied it into another; that is how a
model-translated sentence lost its ``last_resort`` marks once a translation
memory was present.  Now the segmenter makes one ``SentenceRecord`` per
sentence, and the glossary match, the memory and the decoder each fill in their
fields of that same object, so nothing is copied field by field.

The names the output writers read (``source``, ``target``, ``terms``,
``warnings``, ``last_resort``, ``names``, ``paragraph``, ``index``, ``start``,
``end``, and ``origin`` / ``memory_id`` for a reused sentence) are kept, and the
first nine fields keep their old order, so ``SentenceTranslation(...)`` calls and
the writers work unchanged.  A sentence reused from the memory is a
``ReusedSentence`` (a ``SentenceRecord`` whose English came from the memory),
which is what the writers and the review test with ``isinstance``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from translator.enforcement.terms import Requirement, TermStatus
    from translator.memory.store import MemoryEntry


class Origin(StrEnum):
    """Who wrote a sentence's English; the values are the JSON lines ``status`` field."""

    MODEL = "mt"  # the model, under the glossary
    MEMORY = "tm"  # an exact translation-memory match that keeps the glossary


@dataclass
class SentenceRecord:
    """A sentence, where it sits, what the glossary asks of it, and how it was translated."""

    source: str
    target: str = ""
    terms: list[TermStatus] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Last-resort paths taken (``translator.enforcement.enforce.LAST_RESORTS``).
    last_resort: list[str] = field(default_factory=list)
    paragraph: int = 0
    index: int = 0  # the sentence's number in its document
    start: int = 0  # its span in the document (or paragraph stream), in characters
    end: int = 0
    # Unknown names found in it (``translator.names.in_translation``), for --format jsonl.
    names: list[dict[str, Any]] = field(default_factory=list)
    document: int = 0  # which of the documents given to ``Pipeline.run`` it belongs to
    # Its glossary requirements, matched over its whole document; None: no glossary.
    requirements: list[Requirement] | None = None
    via: Origin = Origin.MODEL
    # The memory's exact match: reused (``via`` MEMORY) or held back (``held_back`` says why).
    memory: MemoryEntry | None = None
    held_back: list[str] = field(default_factory=list)
    use_memory: bool = True  # False: the user asked the model for it (a re-translation)

    @property
    def reused(self) -> bool:
        """Whether the memory stage gave it its English (then the model stage passes it by)."""
        return self.via is Origin.MEMORY

    @property
    def origin(self) -> str | None:
        """Where reused English came from (the memory entry's origin); None from the model."""
        if self.via is not Origin.MEMORY or self.memory is None:
            return None
        return self.memory.origin

    @property
    def memory_id(self) -> int:
        """The reused memory entry's id (0 when the model wrote the English)."""
        if self.via is not Origin.MEMORY or self.memory is None:
            return 0
        return self.memory.id

    @property
    def flags(self) -> list[str]:
        """What enforcement could not keep around its enforced names (``TermFlag`` values)."""
        return [str(flag) for term in self.terms for flag in term.flags]


@dataclass
class ReusedSentence(SentenceRecord):
    """A record whose English is an exact memory match; its terms have status ``tm``."""

    via: Origin = Origin.MEMORY


def as_reused(
    record: SentenceRecord, entry: MemoryEntry, terms: list[TermStatus]
) -> ReusedSentence:
    """``record`` with ``entry``'s English: the memory stage's one way to mark a record reused."""
    data = {f.name: getattr(record, f.name) for f in fields(record)}
    data.update(target=entry.target, terms=terms, via=Origin.MEMORY, memory=entry)
    return ReusedSentence(**data)
