"""MemoryEntry, one stored pair: its own module so that ``store`` and ``fuzzy`` both use it
without importing each other."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MemoryEntry:
    """One approved pair, where it came from, and who made and last confirmed it."""

    id: int
    source: str
    target: str
    origin: str
    created_at: str
    created_by: str
    changed_at: str
    changed_by: str
