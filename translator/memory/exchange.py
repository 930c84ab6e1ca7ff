"""The memory to and from TMX: entries as TMX units, and a streamed TMX import."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from translator.formats.tmx import TmxRead, TmxUnit, read_tmx, write_tmx
from translator.memory.store import MemoryEntry, NewEntry, TranslationMemory

BATCH = 2000  # pairs per transaction while importing


def entry_unit(entry: MemoryEntry) -> TmxUnit:
    return TmxUnit(
        entry.source,
        entry.target,
        entry.origin,
        entry.created_at,
        entry.created_by,
        entry.changed_at,
        entry.changed_by,
        tuid=str(entry.id),
    )


def unit_entry(unit: TmxUnit, origin: str | None = None) -> NewEntry:
    """A TMX unit as a pair to add (``origin`` replaces the unit's own)."""
    return NewEntry(
        unit.source,
        unit.target,
        origin or unit.origin,
        unit.created_at,
        unit.created_by,
        unit.changed_at,
        unit.changed_by,
    )


def export_tmx(
    memory: TranslationMemory,
    *,
    user: str,
    origin: str | None = None,
    created_at: str | None = None,
    tool_version: str = "",
) -> tuple[bytes, int]:
    """The memory (or one origin of it) as a TMX document, and how many units it holds."""
    units = [entry_unit(e) for e in memory.entries(origin)]
    data = write_tmx(units, user=user, created_at=created_at, tool_version=tool_version)
    return data, len(units)


@dataclass(frozen=True)
class TmxImport:
    added: int
    known: int  # already stored (confirmed, or updated with a later date)
    skipped: int  # units without both languages, or without an Arabic word or English
    warnings: list[str] = field(default_factory=list)  # controls removed from the English


def import_tmx(
    memory: TranslationMemory,
    path: str | Path,
    *,
    origin: str | None = None,
    source_lang: str = "ar",
    target_lang: str = "en",
) -> TmxImport:
    """Stream a TMX file into the memory, ``BATCH`` pairs per transaction."""
    stats = TmxRead()
    added = known = skipped = 0
    batch: list[NewEntry] = []

    def flush() -> None:
        nonlocal added, known, skipped
        counts = memory.add_many(batch)
        added += counts.added
        known += counts.updated + counts.unchanged
        skipped += counts.skipped
        batch.clear()

    for unit in read_tmx(path, source_lang=source_lang, target_lang=target_lang, stats=stats):
        batch.append(unit_entry(unit, origin))
        if len(batch) >= BATCH:
            flush()
    flush()
    return TmxImport(added, known, skipped + stats.skipped, stats.warnings)
