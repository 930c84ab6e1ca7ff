"""Messages between the model worker, the widgets and the app (plain Message subclasses)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.message import Message


@dataclass
class SegmentsTranslated(Message):
    """The worker finished some segments; ``results`` are engine Translations, same order.

    A result that is a ``ReusedSentence`` came from the translation memory, not the model.
    """

    indices: list[int]
    results: list[Any]
    model_id: str  # "" when every segment came from the memory (the model was not needed)
    revisions: list[int]  # each segment's revision when it was queued
    # segment -> why its exact memory match was not reused (the glossary changed since)
    held_back: dict[int, list[str]] = field(default_factory=dict)


@dataclass
class TranslationProgress(Message):
    done: int
    total: int
    note: str = ""
    warning: str = ""  # a line to show the user once (e.g. a backend fallback)


@dataclass
class TranslationFailed(Message):
    """The model could not be loaded or run; ``message`` is one line for the user."""

    message: str
    indices: list[int]


@dataclass
class CurrentChanged(Message):
    """The selected segment changed (keys, mouse, search or a jump)."""

    index: int


@dataclass
class SegmentClicked(Message):
    index: int


@dataclass
class EditorDone(Message):
    """The translator left the English editor (enter or escape)."""


@dataclass
class EditorChanged(Message):
    text: str


@dataclass
class SearchSubmitted(Message):
    query: str


@dataclass
class MemoryMatchesFound(Message):
    """Fuzzy matches for segment ``index`` (looked up for its Arabic ``source``)."""

    index: int
    source: str
    matches: list[Any]  # tui.review_memory.MemoryMatch, best first


@dataclass
class MemoryChanged(Message):
    """An approval was written into the memory, or taken back; ``record`` says what."""

    record: Any  # tui.memory_record.MemoryRecord


@dataclass
class MemoryProblem(Message):
    """The memory could not be read or written; ``message`` is one line for the user."""

    message: str
