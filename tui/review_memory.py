"""The review's side of the translation memory: record approvals, take them back, find matches.

The memory is the one ``tarjama translate`` reuses from (``--memory``,
``$TARJAMA_MEMORY``, the XDG data folder).  Reading a memory that does not exist
finds nothing and creates nothing; the first approval creates it.

Every SQLite call runs on one background thread (a Textual thread worker that
drains a queue), never on the screen's: a busy shared memory waits up to 10 s,
and the screen must not.  Writes run in the order they were asked for (an
approval, then its undo), and a lookup waits behind them, so the panel sees a
pair just approved.  Only the newest waiting lookup is kept: moving quickly
through the rows never builds up stale lookups.  Results come back as messages
(``MemoryMatchesFound``, ``MemoryChanged``, ``MemoryProblem``).  The exact
matches that stand in for the model are read by the translation worker
(``tui.translation_queue``) through ``reader``.

What an approval does: its pair is recorded at once (``record``), and the
``MemoryRecord`` it returns rides on the segment.  Undoing the approval takes
the pair back (``unrecord``; ``tui.memory_record`` says exactly what that
restores).  Editing an approved segment keeps its pair until the segment is
approved again, when the new English replaces it: the memory holds what was
approved, and only undoing the approval unsays it.
"""

from __future__ import annotations

import threading
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glossary.target_finder import TargetFinder
from translator.formats.bilingual import SegmentStatus
from translator.memory.errors import MemoryStoreError
from translator.memory.respelling import compare_names
from tui.memory_record import MemoryRecord
from tui.messages import MemoryChanged, MemoryMatchesFound, MemoryProblem

if TYPE_CHECKING:
    from textual.app import App

    from glossary.termbase import Glossary
    from translator.memory.fuzzy import FuzzyMatch
    from translator.memory.store import TranslationMemory
    from tui.project import Project, Segment
    from tui.review_state import ReviewState

SHOWN = 3  # fuzzy matches offered for the current segment (keys m/1, 2, 3)


@dataclass(frozen=True)
class MemoryMatch:
    """A fuzzy match as the review shows it: the stored pair, how close, and what differs."""

    entry_id: int
    score: float  # 0–100, rapidfuzz's ratio on the normalized Arabic
    source: str  # the stored Arabic
    target: str  # its approved English
    origin: str
    changed_at: str
    changed_by: str
    source_differs: tuple[tuple[int, int], ...]  # words of the stored Arabic the segment lacks
    segment_words: tuple[str, ...]  # words of the segment's Arabic the stored one lacks
    # glossary names the segment needs that the English lacks, with the English's own
    # spelling when the glossary changed since: "Dmitry Peskov (spelled Dmitri Peskov)"
    lacks: tuple[str, ...]
    extra: tuple[str, ...]  # glossary names in the English the segment does not have (as shown)


def match_view(match: FuzzyMatch, query: str, required: Counter[str], finder: Any) -> MemoryMatch:
    """``match`` for the panel; names checked against the segment's own requirements."""
    lacks: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()
    if finder is not None:
        verdict = compare_names(match.entry.target, required, finder)
        found = verdict.found
        lacks = tuple(
            (name if required[name] == 1 else f"{name} (has {found[name]} of {required[name]})")
            + "".join(f" (spelled {r.found})" for r in verdict.respelling_of(name))
            for name in verdict.missing
        )
        extra = tuple(
            name if not required[name] else f"{name} (has {found[name]}, needs {required[name]})"
            for name in verdict.extra
        )
    entry = match.entry
    return MemoryMatch(
        entry.id,
        match.score,
        entry.source,
        entry.target,
        entry.origin,
        entry.changed_at,
        entry.changed_by,
        tuple(match.match_differs),
        tuple(query[a:b] for a, b in match.query_differs),
        lacks,
        extra,
    )


class ReviewMemory:
    """The open memory (or None), its background thread, and what the review asks of it."""

    def __init__(
        self,
        app: App[Any],
        project: Project,
        path: Path | None,
        *,
        threshold: float,
        glossary: Glossary | None,
    ) -> None:
        """``app`` runs the memory's thread and gets its messages."""
        # lazy: sqlite3 (and lxml); the review app imports this at start
        from tui.memory_project import project_origin

        self.app = app
        self.project = project
        self.path = path  # None: --no-memory
        self.threshold = threshold
        self.origin = project_origin(project)
        self._lock = threading.Lock()  # guards the jobs and the running flag
        self._writes: deque[Callable[[], None]] = deque()
        self._lookup: tuple[int, str, Counter[str]] | None = None
        self._running = False
        self._idle = threading.Event()
        self._idle.set()
        self._open_lock = threading.Lock()
        self._store: TranslationMemory | None = None
        self._off: str | None = None  # why the memory was turned off for this review
        self._reported: set[str] = set()
        self._glossary = glossary
        self._finder: tuple[Any, Any] = (None, None)  # (glossary, its TargetFinder)

    @property
    def enabled(self) -> bool:
        return self.path is not None and self._off is None

    def describe(self) -> str:
        """For the status line: which memory, or that there is none."""
        if self.path is None:
            return "no memory"
        if self._off is not None:
            return "memory off"
        return f"memory {self.path.name}"

    # ------------------------------------------------------------ app thread

    def use_glossary(self, glossary: Glossary | None) -> None:
        """Check the names of later matches against ``glossary``."""
        self._glossary = glossary

    def record(self, seg: Segment) -> MemoryRecord | None:
        """Record an approved segment's pair; the record says (once done) what changed."""
        if not self.enabled:
            return None
        record = MemoryRecord(seg.source, seg.target.strip(), self.origin)
        self._submit(partial(self._record, record))
        return record

    def unrecord(self, record: MemoryRecord) -> None:
        """Take back what an approval wrote (after the write itself, if it is still queued)."""
        if self.enabled:
            self._submit(partial(self._unrecord, record))

    def look_up(self, index: int, source: str, required: Counter[str]) -> None:
        """Find fuzzy matches for segment ``index``; replaces a lookup still waiting."""
        if not self.enabled:
            return
        with self._lock:
            self._lookup = (index, source, required)
        self._start()

    def wait_idle(self, timeout: float) -> bool:
        """Block until every queued write is done (quitting); False if it took too long."""
        return self._idle.wait(timeout)

    def close(self) -> None:
        with self._open_lock:
            if self._store is not None:
                self._store.close()
                self._store = None

    def report(self, message: str) -> None:
        """Tell the user about a memory problem once (any thread)."""
        if message not in self._reported:
            self._reported.add(message)
            self.app.post_message(MemoryProblem(message))

    # ----------------------------------------------------------- any thread

    def reader(self) -> TranslationMemory | None:
        """The memory to read from, or None (off, or not created yet: nothing to find)."""
        return self._open(create=False)

    def _open(self, create: bool) -> TranslationMemory | None:
        if not self.enabled or self.path is None:
            return None
        with self._open_lock:
            if self._store is None:
                if not create and not self.path.exists():
                    return None
                # lazy: sqlite3 (and lxml); the review app imports this at start
                from translator.memory.store import (
                    TranslationMemory,
                    fts5_available,
                    no_fts5_message,
                )

                try:
                    if not fts5_available():
                        raise MemoryStoreError(no_fts5_message())
                    self._store = TranslationMemory(self.path)
                except MemoryStoreError as err:
                    self._off = str(err)
                    self.report(f"{err}; the review goes on without the translation memory")
                    return None
            return self._store

    # --------------------------------------------------------- memory thread

    def _submit(self, job: Callable[[], None]) -> None:
        with self._lock:
            self._writes.append(job)
        self._start()

    def _start(self) -> None:
        with self._lock:
            if self._running:
                return
            self._running = True
            self._idle.clear()
        self.app.run_worker(self._drain, thread=True, group="memory", exit_on_error=False)

    def _drain(self) -> None:
        while True:
            with self._lock:
                if self._writes:
                    job = self._writes.popleft()
                elif self._lookup is not None:
                    job = partial(self._find, *self._lookup)
                    self._lookup = None
                else:
                    self._running = False
                    self._idle.set()
                    return
            try:
                job()
            except Exception as err:  # a memory problem must never take the review down
                self.report(f"translation memory: {err}")

    def _record(self, record: MemoryRecord) -> None:
        # lazy: sqlite3 (and lxml); the review app imports this at start
        from tui.memory_project import record_approval

        store = self._open(create=True)
        try:
            if store is None:
                record.error = "the translation memory is off"
            else:
                record_approval(store, record)
        except MemoryStoreError as err:
            record.error = str(err)
            self.report(
                f"an approval was not recorded in the translation memory: {err} (tarjama tm "
                f"import {self.project.path.name} records every approved segment later)"
            )
        finally:
            record.done = True
        self.app.post_message(MemoryChanged(record))

    def _unrecord(self, record: MemoryRecord) -> None:
        # lazy: sqlite3 (and lxml); the review app imports this at start
        from tui.memory_project import undo_approval

        if record.error or not record.changed_memory:
            return
        store = self._open(create=False)
        if store is not None:
            undo_approval(store, record)
            self.app.post_message(MemoryChanged(record))

    def _find(self, index: int, source: str, required: Counter[str]) -> None:
        store = self._open(create=False)
        found = [] if store is None else store.fuzzy(source, k=SHOWN, threshold=self.threshold)
        finder = self._target_finder()
        matches = [match_view(m, source, required, finder) for m in found]
        self.app.post_message(MemoryMatchesFound(index, source, matches))

    def _target_finder(self) -> Any:
        glossary = self._glossary
        if glossary is None or not len(glossary):
            return None
        if self._finder[0] is not glossary:
            self._finder = (glossary, TargetFinder(glossary.targets()))
        return self._finder[1]


def reused_respellings(state: ReviewState, indices: list[int]) -> list[str]:
    """For segments reused from the memory (status ``tm``) among ``indices``, each name their
    English spells as the glossary no longer does: "segment 3 spells 'Dmitri Peskov' where
    the glossary now has 'Dmitry Peskov'".  Said after a glossary edit in the review."""
    glossary = state.glossary
    if glossary is None or not len(glossary):
        return []
    finder: TargetFinder | None = None
    lines: list[str] = []
    for index in indices:
        seg = state.segments[index]
        if seg.status != SegmentStatus.TM:
            continue
        required = Counter(m.target for m in state.checker.matches(seg.source, index))
        finder = finder or TargetFinder(glossary.targets())
        for old in compare_names(seg.target, required, finder).respelled:
            lines.append(
                f"segment {index + 1} spells {old.found!r} where the glossary now has "
                f"{old.target!r}"
            )
    return lines
