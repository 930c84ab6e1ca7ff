"""Approved segments of a review project into the translation memory, and out as TMX.

The memory's origin for a project is ``review:<Arabic file name>``.  Recording is an
upsert: a pair already stored is confirmed, not duplicated, and a sentence the project
now approves with other English replaces the project's earlier version (other
origins' versions stay).  The review UI (phase 2) calls ``record_segment`` on each
approval; ``tarjama import-xliff`` and ``tarjama tm import PROJECT`` call
``record_approved`` for a whole project.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from translator.formats.tmx import TmxUnit
from translator.memory.store import AddCounts, NewEntry, TranslationMemory, current_user, now_iso
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


def record_segment(
    memory: TranslationMemory, project: Project, index: int, *, user: str | None = None
) -> int | None:
    """Add one approved segment (the review UI calls this on approval); its memory id."""
    seg = project.segments[index]
    if seg.status != "approved" or not seg.target.strip():
        return None
    return memory.add(
        seg.source, seg.target, origin=project_origin(project), user=user, replace_origin=True
    )


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
