"""The one exception type the glossary raises for anything a user can fix."""

from __future__ import annotations


class GlossaryError(Exception):
    """A user-facing problem; ``str(e)`` is the complete message.

    A message may have several lines, one per problem, each ``FILE:LINE: problem``
    when a file is involved, so a user fixes everything in one pass.
    """

    def __init__(self, message: str | list[str]) -> None:
        if isinstance(message, list):
            message = "\n".join(message)
        super().__init__(message)
        self.problems: list[str] = message.splitlines() or [message]

    def __str__(self) -> str:
        return str(self.args[0])


class AtomicWriteError(GlossaryError, OSError):
    """A file could not be written; the previous file is intact.

    Also an ``OSError`` so callers that only think in I/O errors still catch it.
    """
