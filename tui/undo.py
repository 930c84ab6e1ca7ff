"""The review's undo history: earlier versions of segments, newest last, bounded.

Each entry is a segment's index and a copy of the segment as it was before a
change (an edit session, an approval, a re-translation).  Undo puts the copy
back.  The history is saved inside the project file (see ``tui.project``), so
closing and reopening a review keeps it; ``LIMIT`` bounds how much is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.project import Segment

LIMIT = 100  # entries kept (and saved); older ones are dropped first


@dataclass
class UndoStore:
    """A bounded stack of ``(segment index, segment before the change)``.

    ``entries`` is the project's own list (``Project.undo``), so saving the
    project saves the history with it.
    """

    entries: list[tuple[int, Segment]] = field(default_factory=list)
    limit: int = LIMIT

    def push(self, index: int, before: Segment) -> None:
        self.entries.append((index, before.copy()))
        del self.entries[: -self.limit]

    def pop(self) -> tuple[int, Segment] | None:
        return self.entries.pop() if self.entries else None

    def __len__(self) -> int:
        return len(self.entries)

    def __bool__(self) -> bool:
        return bool(self.entries)
