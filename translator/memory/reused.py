"""A translated sentence whose English was reused from the translation memory."""

from __future__ import annotations

from dataclasses import dataclass

from translator.engine import SentenceTranslation


@dataclass
class ReusedSentence(SentenceTranslation):
    """Its terms have status ``tm``; ``origin`` and ``memory_id`` say which entry it was."""

    origin: str = ""
    memory_id: int = 0
