"""The review project: an Arabic text, its segments and their English, saved as JSON.

The project lives next to the Arabic file as ``<file>.tarjama.json`` so that
reopening the same file continues the review.  It holds everything needed to
resume without the model: the source text (and its SHA-256, to notice a changed
file), each segment's span, machine output, current English and status, the
glossary terms found when it was translated, the glossary path and the model id.

Format (``"format": "tarjama-review"``)::

    {"format": "tarjama-review", "version": 2,
     "source": {"path": "story.txt", "sha256": "…", "text": "…"},
     "glossary": "story.glossary.tsv" | null, "model": "Helsinki-NLP/opus-mt-ar-en" | null,
     "current": 0,
     "segments": [{"paragraph": 0, "start": 0, "end": 42, "source": "…",
                   "machine": "…" | null, "target": "…", "status": "machine",
                   "terms": [{"source": "…", "start": 0, "end": 5, "target": "…",
                              "status": "ok"}],
                   "warnings": [],
                   "memory": {"origin": "review:other.txt", "id": 12},
                   "recorded": {"source": "…", "target": "…", "origin": "review:story.txt",
                                "added_at": "2026-05-01T12:00:00Z", "replaced": []}}],
     "undo": [{"segment": 3, "before": {…a segment as above…}}]}

Statuses: ``pending``, ``machine``, ``edited``, ``approved`` and ``tm`` (English reused
from the translation memory, exact match, never seen by the model).  ``memory``
(optional) names the memory entry a ``tm`` segment's English came from; it stays when
the segment is edited, as ``machine`` does.  ``recorded`` (optional) is what the
segment's approval wrote into the translation memory (``tui.memory_record``), so
undoing the approval, even after reopening, takes it back.  Version 1 files (no
``tm``, no ``memory``, no ``recorded``) are read as they are.

``undo`` (optional, oldest first, bounded by ``tui.undo.LIMIT``) is the review's
undo history, so ctrl+z still works after reopening; an entry that does not fit
the segments is dropped on load rather than refusing the whole review.

Paths are stored relative to the project's folder, so a folder can be moved
whole.  Files from older versions are migrated on load (``MIGRATIONS``); a newer
version, or a file that fails the checks, is refused with a ``ProjectError``
that says what to do.  Saving is atomic: a crash leaves the old file or the new
one, never half of one.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glossary.atomic import write_text_atomic
from translator.formats.bilingual import STATUSES
from translator.segment import segment
from tui.errors import ProjectError
from tui.memory_record import MemoryRecord

FORMAT = "tarjama-review"
VERSION = 2
SUFFIX = ".tarjama.json"


def _from_v1(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 adds the ``tm`` status and the optional ``memory``/``recorded`` keys."""
    return {**data, "version": 2}


# version -> function turning a dict of that version into one of the next version
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _from_v1}


@dataclass
class Segment:
    """One sentence of the source with its machine and post-edited English.

    ``status``: pending (not translated yet), machine (English as the model gave
    it), tm (English reused from the translation memory, exact match: see
    ``memory_origin``), edited (changed by the translator) or approved (signed off).
    """

    paragraph: int
    start: int
    end: int
    source: str
    machine: str | None = None
    target: str = ""
    status: str = "pending"
    terms: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    memory_origin: str | None = None  # where a ``tm`` segment's English came from
    memory_id: int | None = None
    # what this segment's approval wrote into the memory (shared by copies: the
    # memory's thread fills it in, and an undo copy must see that)
    recorded: MemoryRecord | None = None

    def copy(self) -> Segment:
        return Segment(
            self.paragraph,
            self.start,
            self.end,
            self.source,
            self.machine,
            self.target,
            self.status,
            [dict(t) for t in self.terms],
            list(self.warnings),
            self.memory_origin,
            self.memory_id,
            self.recorded,
        )


@dataclass
class Project:
    """A review in progress; ``path`` is where it is saved."""

    path: Path
    source_text: str
    source_path: Path | None
    segments: list[Segment]
    glossary_path: Path | None = None
    model_id: str | None = None
    current: int = 0
    # undo history, oldest first: (segment index, the segment before a change)
    undo: list[tuple[int, Segment]] = field(default_factory=list)

    @property
    def source_sha256(self) -> str:
        return text_sha256(self.source_text)

    @property
    def name(self) -> str:
        """What to call the project on screen: the Arabic file's name."""
        if self.source_path is not None:
            return self.source_path.name
        return self.path.name.removesuffix(SUFFIX)

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for seg in self.segments:
            counts[seg.status] += 1
        return counts

    def pending(self) -> list[int]:
        return [i for i, seg in enumerate(self.segments) if seg.status == "pending"]


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def project_path_for(source: Path) -> Path:
    """Where the project of an Arabic file lives: ``story.txt`` -> ``story.txt.tarjama.json``."""
    return source.with_name(source.name + SUFFIX)


def new_project(
    source_path: Path, text: str, *, glossary_path: Path | None, model_id: str
) -> Project:
    """A fresh project with every sentence of ``text`` pending translation."""
    segments = [Segment(s.paragraph, s.start, s.end, s.text) for s in segment(text)]
    return Project(
        path=project_path_for(source_path),
        source_text=text,
        source_path=source_path,
        segments=segments,
        glossary_path=glossary_path,
        model_id=model_id,
    )


def _relative(path: Path | None, folder: Path) -> str | None:
    if path is None:
        return None
    try:
        return os.path.relpath(path.resolve(), folder.resolve())
    except ValueError:  # another drive on Windows
        return str(path.resolve())


def _segment_dict(s: Segment) -> dict[str, Any]:
    out: dict[str, Any] = {
        "paragraph": s.paragraph,
        "start": s.start,
        "end": s.end,
        "source": s.source,
        "machine": s.machine,
        "target": s.target,
        "status": s.status,
        "terms": s.terms,
        "warnings": s.warnings,
    }
    if s.memory_origin is not None:
        out["memory"] = {"origin": s.memory_origin, "id": s.memory_id}
    if s.recorded is not None and s.recorded.done and s.recorded.changed_memory:
        out["recorded"] = s.recorded.to_dict()
    return out


def to_dict(project: Project) -> dict[str, Any]:
    folder = project.path.parent
    return {
        "format": FORMAT,
        "version": VERSION,
        "source": {
            "path": _relative(project.source_path, folder),
            "sha256": project.source_sha256,
            "text": project.source_text,
        },
        "glossary": _relative(project.glossary_path, folder),
        "model": project.model_id,
        "current": project.current,
        "segments": [_segment_dict(s) for s in project.segments],
        "undo": [{"segment": i, "before": _segment_dict(s)} for i, s in project.undo],
    }


def dumps(project: Project) -> str:
    return json.dumps(to_dict(project), ensure_ascii=False, indent=1) + "\n"


def save_project(project: Project) -> None:
    """Write the project atomically; ProjectError (with the reason) if the disk refuses."""
    try:
        write_text_atomic(project.path, dumps(project))
    except OSError as err:
        raise ProjectError(f"cannot save review project {str(project.path)!r}: {err}") from err


def is_project_file(path: Path) -> bool:
    """Whether ``path`` looks like a review project (by name, or by its first bytes)."""
    if path.name.endswith(SUFFIX):
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(200)
    except OSError:
        return False
    return head.lstrip().startswith(b"{") and FORMAT.encode() in head


def load_project(path: Path) -> Project:
    """Read, migrate and check a project file; every failure is one ProjectError."""
    shown = str(path)
    if not path.is_file():
        raise ProjectError(f"review project {shown!r} does not exist")
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ProjectError(f"cannot read review project {shown!r}: {err}") from err
    damaged = (
        f"review project {shown!r} is damaged ({{}}); restore it from a backup, or move it "
        "away to start the review over (the Arabic file itself is untouched)"
    )
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as err:
        raise ProjectError(
            damaged.format(f"not valid JSON at line {err.lineno}, column {err.colno}")
        ) from err
    except RecursionError as err:  # arrays or objects nested thousands deep: not ours
        raise ProjectError(damaged.format("nested too deep to be a review project")) from err
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ProjectError(f'{shown!r} is not a tarjama review project (no "format": "{FORMAT}")')
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise ProjectError(damaged.format(f"bad format version {version!r}"))
    if version > VERSION:
        raise ProjectError(
            f"review project {shown!r} was saved by a newer tarjama (format version {version}; "
            f"this one reads up to {VERSION}); upgrade tarjama to open it"
        )
    while version < VERSION:
        if version not in MIGRATIONS:
            raise ProjectError(
                f"review project {shown!r} has format version {version}, which this tarjama "
                "cannot convert; open it with the tarjama that made it and export it"
            )
        data = MIGRATIONS[version](data)
        version += 1
    try:
        return _from_dict(data, path)
    except (KeyError, TypeError, ValueError) as err:
        raise ProjectError(damaged.format(_describe(err))) from err


def _describe(err: Exception) -> str:
    if isinstance(err, KeyError):
        return f"missing field {err.args[0]!r}"
    return str(err)


def _from_dict(data: dict[str, Any], path: Path) -> Project:
    folder = path.parent
    source = data["source"]
    text = source["text"]
    if not isinstance(text, str):
        raise TypeError("source text is not a string")
    if source.get("sha256") not in (None, text_sha256(text)):
        raise ValueError("the stored source text does not match its checksum")
    segments: list[Segment] = []
    for number, item in enumerate(data["segments"], start=1):
        seg = _segment_from(item)
        if seg.status not in STATUSES:
            raise ValueError(f"segment {number} has unknown status {seg.status!r}")
        if text[seg.start : seg.end] != seg.source:
            raise ValueError(f"segment {number} does not match the source text")
        if seg.machine is not None and not isinstance(seg.machine, str):
            raise TypeError(f"segment {number} has a machine translation that is not text")
        segments.append(seg)
    current = data.get("current", 0)
    current = current if isinstance(current, int) and 0 <= current < max(len(segments), 1) else 0
    source_path = source.get("path")
    glossary = data.get("glossary")
    return Project(
        path=path,
        source_text=text,
        source_path=(folder / source_path) if source_path else None,
        segments=segments,
        glossary_path=(folder / glossary) if glossary else None,
        model_id=data.get("model"),
        current=current,
        undo=_undo_from(data.get("undo"), segments),
    )


def _segment_from(item: dict[str, Any]) -> Segment:
    memory = item.get("memory")
    memory = memory if isinstance(memory, dict) else {}
    memory_id = memory.get("id")
    return Segment(
        paragraph=int(item["paragraph"]),
        start=int(item["start"]),
        end=int(item["end"]),
        source=str(item["source"]),
        machine=item.get("machine"),
        target=str(item.get("target") or ""),
        status=str(item.get("status") or "pending"),
        terms=list(item.get("terms") or []),
        warnings=[str(w) for w in item.get("warnings") or []],
        memory_origin=str(memory["origin"]) if memory.get("origin") is not None else None,
        memory_id=memory_id if isinstance(memory_id, int) else None,
        recorded=MemoryRecord.from_dict(item.get("recorded")),
    )


def _undo_from(raw: Any, segments: list[Segment]) -> list[tuple[int, Segment]]:
    """The saved undo history; entries that do not fit the segments are left out."""
    history: list[tuple[int, Segment]] = []
    for item in raw if isinstance(raw, list) else []:
        try:
            index = int(item["segment"])
            before = _segment_from(item["before"])
        except (KeyError, TypeError, ValueError):
            continue
        fits = 0 <= index < len(segments) and before.source == segments[index].source
        if fits and before.status in STATUSES and isinstance(before.machine, str | None):
            history.append((index, before))
    return history
