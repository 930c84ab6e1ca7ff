"""Approved segments of a review project into the translation memory, and out as TMX.

The memory's origin for a project is ``review:<Arabic file name>``.  Recording is an
upsert: a pair already stored is confirmed, not duplicated, and a sentence the project
now approves with other English replaces the project's earlier version (other
origins' versions stay).  The review UI records each approval with ``record_approval``
(on the memory's thread, ``tui.review_memory``) and takes it back on undo with
``undo_approval``; ``tarjama import-xliff`` and ``tarjama tm import PROJECT`` call
``record_approved`` for a whole project.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from translator.formats.tmx import TmxUnit
from translator.memory.store import AddCounts, NewEntry, TranslationMemory, current_user, now_iso
from tui.memory_record import ENTRY_KEYS, MemoryRecord
from tui.project import Project


def project_origin(project: Project) -> str:
    return f"review:{project.name}"


def approved_entries(project: Project, *, user: str | None = None) -> list[NewEntry]:
    who = current_user() if user is None else user
    origin = project_origin(project)
    return [
        NewEntry(s.source, s.target, origin, created_by=who, changed_by=who)
        for s in project.segments
        if s.status == "approved" and s.target.strip()
    ]


def record_approved(
    memory: TranslationMemory, project: Project, *, user: str | None = None
) -> AddCounts:
    """Add (or confirm) every approved segment of ``project`` in one transaction."""
    return memory.add_many(approved_entries(project, user=user), replace_origin=True)


def record_approval(
    memory: TranslationMemory, record: MemoryRecord, *, user: str | None = None
) -> None:
    """Write one approved pair and fill ``record`` with what the write changed.

    The project's earlier versions of the sentence (same origin, other English) are
    replaced, as on every approval; they are kept in the record so that undoing the
    approval can put them back.
    """
    who = current_user() if user is None else user
    target = record.target.strip()
    earlier = [
        {key: getattr(entry, key) for key in ENTRY_KEYS}
        for entry in memory.versions(record.source)
        if entry.origin == record.origin and entry.target != target
    ]
    counts = memory.add_many(
        [NewEntry(record.source, target, record.origin, created_by=who, changed_by=who)],
        replace_origin=True,
    )
    if counts.added:
        entry = memory.get(counts.ids[0])
        record.added_at = entry.changed_at if entry is not None else None
    record.replaced = earlier if counts.replaced else []
    record.done = True


def undo_approval(memory: TranslationMemory, record: MemoryRecord) -> int:
    """Take back what ``record``'s approval wrote; how many pairs were removed.

    The added pair goes unless someone confirmed it since; the versions it replaced
    come back with their own dates and users.
    """
    removed = 0
    if record.added_at is not None:
        removed = memory.remove_pair(
            record.source, record.target, origin=record.origin, changed_at=record.added_at
        )
    if record.replaced:
        memory.add_many([NewEntry(**item) for item in record.replaced])
    return removed


def saved_at(project: Project) -> str:
    """When the project file was last saved (ISO, UTC); now when it has not been saved."""
    try:
        stamp = os.stat(project.path).st_mtime
    except OSError:
        return now_iso()
    return datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def project_tmx_units(project: Project, *, user: str) -> list[TmxUnit]:
    """The approved segments as TMX units, dated with the project's last save.

    A project does not record when each segment was approved; the save time of its
    file is the latest the approval can have happened.
    """
    when = saved_at(project)
    origin = project_origin(project)
    return [
        TmxUnit(s.source, s.target, origin, when, user, when, user, tuid=str(number))
        for number, s in enumerate(project.segments, start=1)
        if s.status == "approved" and s.target.strip()
    ]
