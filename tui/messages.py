"""Messages between the model worker, the widgets and the app (plain Message subclasses)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message


@dataclass
class SegmentsTranslated(Message):
    """The worker finished some segments; ``results`` are engine Translations, same order."""

    indices: list[int]
    results: list[Any]
    model_id: str
    revisions: list[int]  # each segment's revision when it was queued


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
