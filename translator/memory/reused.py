"""A translated sentence whose English was reused from the translation memory.

The class is ``translator.pipeline.record.ReusedSentence`` (a ``SentenceRecord``
whose ``via`` is ``Origin.MEMORY``); this name stays for the code that imports it here.
"""

from __future__ import annotations

from translator.pipeline.record import ReusedSentence

__all__ = ["ReusedSentence"]
