"""What the review edits, without a screen: the project, the glossary in use, names checked.

The app and its controllers share one ``ReviewState``.  It knows nothing of
Textual, so the rules for an edit, an approval, an undo or a finished
translation, and the lines that describe a segment, can be read (and tested)
without running the app.  Each segment has a revision, bumped on every change,
so a translation queued before the translator changed the segment does not
overwrite their English.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from glossary.termbase import Glossary
from translator.formats.bilingual import SegmentStatus
from tui.project import Project, Segment
from tui.term_check import SegmentTerms, TermChecker
from tui.undo import UndoStore


def term_dicts(terms: list[Any]) -> list[dict[str, Any]]:
    """A result's glossary terms as the project file stores them."""
    keys = ("source", "start", "end", "target", "status")
    return [
        {**{k: getattr(t, k, None) for k in keys}, "flags": list(getattr(t, "flags", ()))}
        for t in terms
    ]


class ReviewState:
    """The project under review, the glossary in use and each segment's name check."""

    def __init__(self, project: Project, glossary: Glossary | None, bidi: str) -> None:
        self.project = project
        self.glossary = glossary
        self.glossary_path: Path | None = project.glossary_path
        self.bidi = bidi
        self.checker = TermChecker(glossary, [s.source for s in project.segments])
        self.terms: list[SegmentTerms] = []
        self.undo = UndoStore(project.undo)
        self.revisions = [0] * len(project.segments)

    @property
    def segments(self) -> list[Segment]:
        return self.project.segments

    # ---------------------------------------------------------------- checks

    def check(self, index: int) -> SegmentTerms:
        seg = self.segments[index]
        return self.checker.check(
            seg.source, seg.target, seg.status != SegmentStatus.PENDING, index
        )

    def check_all(self) -> None:
        self.terms = [self.check(i) for i in range(len(self.segments))]

    def recheck(self, index: int) -> SegmentTerms:
        self.terms[index] = self.check(index)
        return self.terms[index]

    def use_glossary(self, glossary: Glossary, path: Path) -> tuple[list[int], bool]:
        """Switch to ``glossary`` (saved at ``path``); the segments whose names changed,
        and whether the project must be saved (it now points at another glossary file)."""
        segments = self.segments
        before = [self.checker.signature(s.source, i) for i, s in enumerate(segments)]
        self.glossary = glossary
        self.glossary_path = path
        moved = self.project.glossary_path != path
        if moved:
            self.project.glossary_path = path
        self.checker = TermChecker(glossary, [s.source for s in segments])
        affected = [
            i for i, s in enumerate(segments) if self.checker.signature(s.source, i) != before[i]
        ]
        return affected, moved

    # --------------------------------------------------------------- changes

    def changed(self, index: int) -> None:
        """After any change to segment ``index``: a new revision, its names checked again."""
        self.revisions[index] += 1
        self.recheck(index)

    def edit(self, index: int, text: str, remember: bool) -> bool:
        """The translator's English for segment ``index``; False when nothing changed.

        ``remember``: keep the segment as it was for undo (the first store of an edit session).
        """
        seg = self.segments[index]
        if text == seg.target:
            return False
        if remember:
            self.undo.push(index, seg)
        seg.target = text
        seg.status = (
            SegmentStatus.MACHINE
            if seg.machine is not None and text == seg.machine
            else SegmentStatus.EDITED
        )
        self.changed(index)
        return True

    def approve(self, index: int) -> bool:
        """Sign segment ``index`` off; False when it already was approved."""
        seg = self.segments[index]
        if seg.status == SegmentStatus.APPROVED:
            return False
        self.undo.push(index, seg)
        seg.status = SegmentStatus.APPROVED
        seg.target = seg.target.strip()
        return True

    def take(self, index: int, english: str) -> None:
        """Put ``english`` (a memory match's) into segment ``index``, as an undoable edit."""
        seg = self.segments[index]
        self.undo.push(index, seg)
        seg.target = english
        seg.status = SegmentStatus.MACHINE if seg.target == seg.machine else SegmentStatus.EDITED
        self.changed(index)

    def translated(self, index: int, result: Any, revision: int) -> bool:
        """Apply a finished translation; False (and nothing changed) when the segment
        changed since it was queued: the translator's English wins."""
        if revision != self.revisions[index]:
            return False
        seg = self.segments[index]
        if seg.status != SegmentStatus.PENDING:
            self.undo.push(index, seg)
        origin = getattr(result, "origin", None)  # a ReusedSentence: from the memory
        if origin is not None:
            seg.target = result.target
            seg.status = SegmentStatus.TM
            seg.memory_origin, seg.memory_id = origin, result.memory_id
        else:
            seg.machine = seg.target = result.target
            seg.status = SegmentStatus.MACHINE
            seg.memory_origin = seg.memory_id = None
        seg.terms = term_dicts(result.terms)
        seg.warnings = list(result.warnings)
        self.changed(index)
        return True

    def undo_last(self) -> tuple[int, Segment, Segment] | None:
        """Put the last change back: (index, the segment as it was, as it is now)."""
        entry = self.undo.pop()
        if entry is None:
            return None
        index, previous = entry
        current = self.segments[index]
        self.segments[index] = previous
        self.changed(index)
        return index, previous, current

    # --------------------------------------------------------------- reading

    def header(self) -> str:
        """The app's sub-title: where the review stands."""
        counts = self.project.counts()
        parts = [f"{counts[SegmentStatus.APPROVED]}/{len(self.segments)} approved"]
        if counts[SegmentStatus.EDITED]:
            parts.append(f"{counts[SegmentStatus.EDITED]} edited")
        if counts[SegmentStatus.TM]:
            parts.append(f"{counts[SegmentStatus.TM]} from memory")
        if counts[SegmentStatus.PENDING]:
            parts.append(f"{counts[SegmentStatus.PENDING]} to translate")
        warnings = sum(1 for t in self.terms if t.missing)
        if warnings:
            parts.append(f"{warnings} ⚠ missing names")
        return " · ".join(parts)

    def pane_title(self, index: int) -> tuple[str, str]:
        """The editor pane's border title and subtitle for segment ``index``."""
        seg = self.segments[index]
        status = seg.status
        if status == SegmentStatus.TM:
            status += f" (exact match from the memory: {seg.memory_origin or 'no origin'})"
        terms = self.terms[index]
        notes = [f"⚠ missing: {', '.join(terms.missing)}"] if terms.missing else []
        notes += [f"extra: {', '.join(terms.extra)}"] if terms.extra else []
        return f"Segment {index + 1} of {len(self.segments)} · {status}", " · ".join(notes)

    def next_warning(self, start: int) -> int | None:
        """The next segment after ``start`` (wrapping) that lacks a glossary name."""
        count = len(self.segments)
        for offset in range(1, count + 1):
            index = (start + offset) % count
            if self.terms[index].missing:
                return index
        return None
