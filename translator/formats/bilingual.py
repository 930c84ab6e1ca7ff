"""A translated document in neutral form: what XLIFF carries, in tarjama's terms.

A review project (``tui.project``) and the output of ``tarjama translate`` both map to a
``BilingualDocument``; the XLIFF writer writes one and the reader gives one back, so
the format code knows nothing about either.

Segment statuses are the review project's (``pending``, ``machine``, ``edited``,
``approved``) plus ``tm``: English reused from the translation memory by
``tarjama translate``.  ``terms`` are the glossary terms found when the segment was
translated, as dicts with ``source``, ``start``, ``end`` (offsets into the segment's
Arabic), ``target`` and ``status`` (any string: ``ok``, ``enforced``, ``missing``, ``tm``,
…) and possibly more keys, which are carried as they are.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class SegmentStatus(StrEnum):
    """How far along a segment is; the values are what projects and XLIFF files hold."""

    PENDING = "pending"  # no English yet
    MACHINE = "machine"  # the model's English, untouched
    EDITED = "edited"  # post-edited, not approved
    APPROVED = "approved"
    TM = "tm"  # English reused from the translation memory, exact match


STATUSES = tuple(SegmentStatus)


def fingerprint(status: str, target: str) -> str:
    """A short hash of a segment's status and English, written into the XLIFF at export.

    On import it tells whether the project's segment changed since the file was made.
    """
    return hashlib.sha256(f"{status}\n{target}".encode()).hexdigest()[:16]


@dataclass
class BilingualSegment:
    """One sentence: its Arabic, its English and how far along it is."""

    source: str
    target: str = ""
    status: str = "pending"
    machine: str | None = None  # the model's English, kept beside the final English
    paragraph: int | None = None
    start: int | None = None  # code-point offsets into the whole source text
    end: int | None = None
    terms: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    memory_origin: str | None = None  # for status "tm": where the reused English came from
    memory_id: int | None = None
    base: str | None = None  # ``fingerprint`` of the project segment when exported
    notes: list[str] = field(default_factory=list)  # notes other tools added (read only)


@dataclass
class BilingualDocument:
    """Segments in reading order, and what the document as a whole was made with."""

    segments: list[BilingualSegment]
    original: str = "document.txt"  # the Arabic file's name
    source_language: str = "ar"
    target_language: str = "en"
    # tarjama's own document facts: "model", "glossary", "current", "source-sha256", ...
    metadata: dict[str, str] = field(default_factory=dict)
    version: str = "2.1"  # the XLIFF version read or to write
    tarjama: bool = True  # False when read from a file without tarjama's markers
    warnings: list[str] = field(default_factory=list)  # what reading changed, for the user

    def paragraphs(self) -> list[list[tuple[int, BilingualSegment]]]:
        """(number, segment) pairs grouped by paragraph, in order (``number`` from 0)."""
        groups: list[list[tuple[int, BilingualSegment]]] = []
        last: int | None = None
        for number, seg in enumerate(self.segments):
            if not groups or seg.paragraph is None or seg.paragraph != last:
                groups.append([])
            groups[-1].append((number, seg))
            last = seg.paragraph
        return groups


def from_sentences(
    source_text: str,
    sentences: list[Any],
    *,
    original: str,
    model: str | None = None,
    glossary: str | None = None,
) -> BilingualDocument:
    """The output of ``tarjama translate`` as a document: model English, or memory English."""

    segments = []
    for s in sentences:
        origin = getattr(s, "origin", None)
        reused = origin is not None
        segments.append(
            BilingualSegment(
                source=s.source,
                target=s.target,
                status=SegmentStatus.TM if reused else SegmentStatus.MACHINE,
                machine=None if reused else s.target,
                paragraph=s.paragraph,
                start=s.start,
                end=s.end,
                terms=[t.record() for t in s.terms],
                warnings=list(s.warnings),
                memory_origin=origin,
                memory_id=getattr(s, "memory_id", None),
            )
        )
    metadata = {"source-sha256": hashlib.sha256(source_text.encode("utf-8")).hexdigest()}
    if model:
        metadata["model"] = model
    if glossary:
        metadata["glossary"] = glossary
    return BilingualDocument(segments, original=original, metadata=metadata)
