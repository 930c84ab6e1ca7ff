"""A review project to XLIFF and back: export for another tool, import what it made of it.

Export (``project_document``) maps every segment to a ``BilingualSegment`` with its
machine English, terms, warnings, and a fingerprint of its status and English at export
time.  Import (``import_document``) puts a file reviewed elsewhere back into the
project:

* the file's sentences must be the project's, one for one and in order (the Arabic
  compared exactly, or with whitespace runs collapsed, since some tools rewrite
  whitespace); anything else is refused with one line and the project is untouched;
* targets and statuses come from the file (``xliff_common`` says how states map);
  English reused from the translation memory (status ``tm``, from ``tarjama
  translate`` or a review) stays ``tm`` with its origin while the file still has the
  memory's English;
* what a tool dropped is kept from the project: the model's English when the file has
  no tarjama candidate, terms when it has no tarjama term marks, warnings when the file
  carries no tarjama data at all;
* a segment edited or approved in tarjama after the file was exported (its fingerprint
  differs) is never overwritten with different English or status unless the user says
  so (``overwrite``): the import is refused and names the segments.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from translator.formats.bilingual import (
    BilingualDocument,
    BilingualSegment,
    SegmentStatus,
    fingerprint,
)
from tui.errors import ProjectError
from tui.project import STATUSES, Project, Segment, project_path_for


def relative_path(path: Path, folder: Path) -> str:
    try:
        return os.path.relpath(path.resolve(), folder.resolve())
    except ValueError:  # another drive on Windows
        return str(path.resolve())


def project_document(project: Project) -> BilingualDocument:
    """The project as a BilingualDocument (every segment, whatever its status)."""
    segments = [
        BilingualSegment(
            source=s.source,
            target=s.target,
            status=s.status,
            machine=s.machine,
            paragraph=s.paragraph,
            start=s.start,
            end=s.end,
            terms=[dict(t) for t in s.terms],
            warnings=list(s.warnings),
            memory_origin=s.memory_origin,
            memory_id=s.memory_id,
            base=fingerprint(s.status, s.target),
        )
        for s in project.segments
    ]
    metadata = {"source-sha256": project.source_sha256, "current": str(project.current)}
    if project.model_id:
        metadata["model"] = project.model_id
    if project.glossary_path is not None:  # relative to the project's folder, as the project has it
        metadata["glossary"] = relative_path(project.glossary_path, project.path.parent)
    return BilingualDocument(segments, original=project.name, metadata=metadata)


@dataclass
class ImportReport:
    """What an import changed, for the one-line summary."""

    total: int
    changed: list[int] = field(default_factory=list)  # segment indices whose English/status moved
    newly_approved: list[int] = field(default_factory=list)
    overwritten: list[int] = field(default_factory=list)  # edited/approved here, replaced
    foreign_notes: int = 0  # notes other tools added (not kept: a project has no place)


def _flat(text: str) -> str:
    return " ".join(text.split())


def check_sources(project: Project, doc: BilingualDocument, shown: str) -> None:
    """ProjectError unless the file's sentences are the project's, one for one."""
    mine, theirs = len(project.segments), len(doc.segments)
    if mine != theirs:
        raise ProjectError(
            f"{shown} has {theirs} segments but the review of {project.name!r} has {mine}; "
            "the file is of another text or its segments were split or joined — export a "
            f"fresh XLIFF with: tarjama export {project.path} --format xliff"
        )
    for number, (seg, item) in enumerate(zip(project.segments, doc.segments, strict=True), 1):
        if seg.source != item.source and _flat(seg.source) != _flat(item.source):
            raise ProjectError(
                f"{shown} does not match the review of {project.name!r}: the Arabic of segment "
                f"{number} differs ({_clip(item.source)!r} in the file, {_clip(seg.source)!r} "
                "in the review); import it into the review it was exported from (--project)"
            )


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _incoming(seg: Segment, item: BilingualSegment, doc: BilingualDocument) -> Segment:
    """The project segment as the file has it, with what the file lacks kept from ``seg``."""
    machine = item.machine if item.machine is not None else seg.machine
    status = item.status
    warnings = list(item.warnings) if doc.tarjama else list(seg.warnings)
    origin, memory_id = seg.memory_origin, seg.memory_id
    if status == SegmentStatus.TM:
        origin, memory_id = item.memory_origin or origin or "", item.memory_id
        machine = seg.machine
    elif (
        status == "edited"
        and item.machine is None
        and item.base is None
        and item.target == machine  # a tool dropped tarjama's data; the English is the model's
    ):
        status = "machine"
    if status not in STATUSES:
        status = "edited"
    return Segment(
        paragraph=seg.paragraph,
        start=seg.start,
        end=seg.end,
        source=seg.source,
        machine=machine,
        target=item.target if status != "pending" else "",
        status=status,
        terms=[dict(t) for t in item.terms] if item.terms else [dict(t) for t in seg.terms],
        warnings=warnings,
        memory_origin=origin,
        memory_id=memory_id,
        recorded=seg.recorded,
    )


def import_document(
    project: Project, doc: BilingualDocument, shown: str, *, overwrite: bool = False
) -> ImportReport:
    """Put ``doc`` into ``project`` (in memory; the caller saves).  ProjectError if refused."""
    check_sources(project, doc, shown)
    report = ImportReport(total=len(project.segments))
    incoming = [
        _incoming(seg, item, doc) for seg, item in zip(project.segments, doc.segments, strict=True)
    ]
    conflicts: list[int] = []
    for index, (seg, item, new) in enumerate(
        zip(project.segments, doc.segments, incoming, strict=True)
    ):
        moved = (new.status, new.target) != (seg.status, seg.target)
        if moved:
            report.changed.append(index)
            if new.status == "approved":
                report.newly_approved.append(index)
        touched_here = seg.status in ("edited", "approved") and (
            item.base is None or item.base != fingerprint(seg.status, seg.target)
        )
        if moved and touched_here:
            conflicts.append(index)
        report.foreign_notes += len(item.notes)
    if conflicts and not overwrite:
        listed = ", ".join(str(i + 1) for i in conflicts[:8]) + ("…" if len(conflicts) > 8 else "")
        raise ProjectError(
            f"segment(s) {listed} of {project.name!r} were edited or approved in tarjama and the "
            f"file {shown} has other English or status for them; nothing was imported — rerun "
            "with --overwrite to take the file's version"
        )
    report.overwritten = conflicts
    project.segments = incoming
    return report


def find_project_for(xliff_path: Path, doc: BilingualDocument, project_option: str | None) -> str:
    """What to open for the import: ``--project``, else the file's original beside the XLIFF."""
    if project_option is not None:
        return project_option
    folder = xliff_path.parent
    arabic = folder / Path(doc.original).name  # beside the XLIFF, never elsewhere
    if arabic.is_file():
        return str(arabic)
    saved = project_path_for(arabic)
    if saved.is_file():
        return str(saved)
    raise ProjectError(
        f"found no review of {doc.original!r} beside {xliff_path} (looked for {str(arabic)!r} and "
        f"{str(saved)!r}); name it with --project FILE"
    )
