"""The translation memory's user-facing error."""

from __future__ import annotations

from translator.errors import TranslatorError


class MemoryStoreError(TranslatorError):
    """A memory that cannot be opened, read or written; ``str(e)`` is the whole message."""
