"""What one approval wrote into the translation memory, so undoing it can take it back.

Approving a segment records its pair in the memory (``tui.review_memory``).  The
record says exactly what that write did: whether it *added* the pair (a pair already
stored, from this project or elsewhere, is only confirmed, and undo must not remove
what someone else put there) and which earlier versions of the sentence from the same
project it *replaced*.  Undoing the approval removes the added pair, unless someone
has confirmed it since (its change date moved on), and puts the replaced versions
back with their own dates and users.

The record rides on the approved segment and is saved with it (and with the undo
history), so an approval undone after reopening the review is taken back too.  It is
filled in by the memory's thread; until then ``done`` is False and it is not saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# the columns of a replaced memory entry kept for putting it back
ENTRY_KEYS = ("source", "target", "origin", "created_at", "created_by", "changed_at", "changed_by")


@dataclass
class MemoryRecord:
    """One approval's write: the pair, and (once ``done``) what the write changed."""

    source: str
    target: str
    origin: str
    added_at: str | None = None  # the change date of the pair this approval added
    replaced: list[dict[str, str]] = field(default_factory=list)  # same-origin versions deleted
    done: bool = field(default=False, compare=False)  # filled in by the memory's thread
    error: str = field(default="", compare=False)  # the write failed: nothing to undo

    @property
    def changed_memory(self) -> bool:
        """Whether undoing the approval has anything to take back."""
        return self.added_at is not None or bool(self.replaced)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "origin": self.origin,
            "added_at": self.added_at,
            "replaced": [dict(item) for item in self.replaced],
        }

    @classmethod
    def from_dict(cls, data: Any) -> MemoryRecord | None:
        """A saved record, or None when it is not one (a damaged record is dropped)."""
        if not isinstance(data, dict):
            return None
        try:
            replaced = [
                {key: str(item.get(key) or "") for key in ENTRY_KEYS}
                for item in data.get("replaced") or []
            ]
            added = data.get("added_at")
            return cls(
                str(data["source"]),
                str(data["target"]),
                str(data["origin"]),
                str(added) if added else None,
                replaced,
                done=True,
            )
        except (KeyError, TypeError, AttributeError):
            return None
