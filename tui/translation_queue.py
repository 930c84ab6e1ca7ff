"""The model side of the review: a queue of segments and one thread worker draining it.

The review translates exactly as ``tarjama translate`` does: the model is
loaded by ``load_model(..., backend)`` (CTranslate2 int8 by default, converted
once and cached) and wrapped in the same ``Translator`` with the same glossary
enforcement.  Glossary requirements are computed over the whole document
(``Translator.requirements`` of every segment, in order) and handed to each
call for its segments, because the glossary's document rules (a short form
counts only after its full name) need the sentences before it.

The worker loads the model once, then translates the queue a chunk at a time
and posts a ``SegmentsTranslated`` message after each chunk, so rows fill in as
the model goes and the screen never waits for it; within a chunk the status
line counts sentences as each batch is decoded.  Chunks are sized for the
model, not for the screen: the first few segments of the document come first
(the translator reads from the top), the rest go in length order, in calls of
at least ``CHUNK_MIN`` sentences.  Measured on the seed article (CPU time, no
glossary): the first 4 then the other 30 in one call cost the same as one call
of 34; calls of 12 cost 34 % more and calls of 15 15 % more, because a call is
decoded in about three batches per CTranslate2 replica whatever its size, and
small batches use the cores badly.  A re-translation goes to the front as a
chunk of its own, so it costs about one sentence's decode.  The app applies results on its own
thread (it is the only writer of the project); a segment changed by the
translator after it was queued keeps the translator's English.

Each call goes through ``translator.pipeline.Pipeline``, the same stages as
``tarjama translate``.  Exact reuse: segments queued for their first
translation (``use_memory``) are looked up in the translation memory first, in
this worker thread, by the pipeline's memory stage
(``translator.memory.reuse.ExactReuse``): an
exact match whose English keeps the glossary as it is now comes back as a
``ReusedSentence`` (status ``tm`` in the review) and never reaches the model; a
match that no longer keeps the glossary is held back, the model translates the
segment, and the reason goes with the result.  When every segment of a call is
reused, the model is not even loaded.  A re-translation the user asks for
always goes to the model.
"""

from __future__ import annotations

import contextlib
import copy
import io
import threading
import time
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.worker import get_current_worker

from glossary.matcher import Matcher, TargetFinder
from translator.enforcement.terms import document_requirements
from translator.errors import TranslatorError
from tui.messages import SegmentsTranslated, TranslationFailed, TranslationProgress

if TYPE_CHECKING:
    from glossary.termbase import Glossary
    from translator.engine import Translator
    from tui.review_host import ReviewHost

Item = tuple[int, int, bool]  # (segment index, its revision when queued, look in the memory)

FIRST_CHUNK = 4  # the first segments of the document, translated first and alone
CHUNK_MIN = 32  # sentences per later model call, at least (see the module docstring)
MAX_LATER_CALLS = 4  # a long document still fills in in a few waves


def plan_chunks(items: list[Item], lengths: Sequence[int]) -> list[list[Item]]:
    """Split queued ``(segment, revision, use_memory)`` items into model calls.

    Up to ``FIRST_CHUNK`` items at the front stay in queue order (the top of the
    document, or a re-translation); the rest are sorted by source length and cut
    into calls of ``CHUNK_MIN`` sentences or more (at most ``MAX_LATER_CALLS`` of
    them), so each call batches sentences of like length as ``tarjama
    translate`` does over the whole document.
    """
    if not items:
        return []
    head, rest = items[:FIRST_CHUNK], items[FIRST_CHUNK:]
    rest = sorted(rest, key=lambda item: lengths[item[0]])
    size = max(CHUNK_MIN, -(-len(rest) // MAX_LATER_CALLS))
    return [head] + [rest[i : i + size] for i in range(0, len(rest), size)]


class _Cancelled(Exception):
    """The app is closing while the model works."""


class TranslationQueue:
    """Segments waiting for the model, the worker that translates them, and the model."""

    # the engine class the worker builds (benchmarks and tests count model inputs with a
    # subclass; the model itself is never replaced)
    translator_type: type[Translator] | None = None

    def __init__(
        self,
        app: ReviewHost,
        model_id: str,
        device: str,
        beam: int,
        backend: str = "auto",
        compute_type: str = "int8",
    ) -> None:
        self.app = app
        self.model_id = model_id
        self.device = device
        self.beam = beam
        self.backend = backend
        self.compute_type = compute_type
        self.loaded_backend = ""  # set once the model is loaded: what the review really uses
        self.loaded_at: float | None = None  # perf_counter() when the model was ready
        self.loaded_cpu: float | None = None  # process_time() then (benchmarks)
        self.output_tokens = 0  # decoded so far (what benchmarks compare)
        # the lock guards the planned calls and the running flag
        self._lock = threading.Lock()
        # planned model calls, each a list of (segment index, its revision when queued,
        # whether the memory may stand in for the model)
        self._chunks: list[list[Item]] = []
        self._running = False
        self.requested = 0
        self.finished = 0
        self._loaded_model: Any = None  # touched only in the worker thread
        self._translator: Any = None
        self._translator_version = -1
        self._requirements: list[Any] | None = None  # whole-document, for the glossary in use
        self._requirements_version = -1
        self._finder: Any = None  # the glossary's targets, for checking memory English
        self._matcher: Matcher | None = None  # the glossary's, handed to the Translator too
        self._glossary: tuple[int, Glossary | None] = (0, copy.deepcopy(app.glossary))
        self._sources = [seg.source for seg in app.project.segments]  # never change

    # ------------------------------------------------------------ app thread

    def use_glossary(self, glossary: Glossary | None) -> None:
        """Translate with ``glossary`` from the next chunk on (a copy: the worker owns it)."""
        self._glossary = (self._glossary[0] + 1, copy.deepcopy(glossary))

    def request(
        self,
        indices: list[int],
        revisions: list[int],
        front: bool = False,
        use_memory: Sequence[int] = (),
    ) -> None:
        """Queue segments for the model; starts the worker unless it is running.

        ``front``: one call of their own, ahead of everything waiting (a
        re-translation the user asked for and waits to see).  ``use_memory``: the
        segments an exact memory match may stand for (their first translation).
        """
        lengths = [len(source) for source in self._sources]
        with self._lock:
            wanted = set(indices)
            if front:  # a segment already waiting moves up, with its current revision
                self._chunks = [[it for it in c if it[0] not in wanted] for c in self._chunks]
                self._chunks = [c for c in self._chunks if c]
            queued = {item[0] for chunk in self._chunks for item in chunk}
            memory = set(use_memory)
            items = [
                (i, revisions[i], i in memory) for i in dict.fromkeys(indices) if i not in queued
            ]
            if front:
                self._chunks = ([items] if items else []) + self._chunks
            else:
                self._chunks += plan_chunks(items, lengths)
            self.requested += len(items)
            start = not self._running
            if start:
                self._running = True
        if start:
            self.app.run_worker(
                self._drain, thread=True, exclusive=True, group="model", exit_on_error=False
            )

    def progress_label(self, note: str = "", in_call: int = 0) -> str:
        """``translating 12/34…``: finished segments, plus those decoded in the running call."""
        if self.requested and self.finished < self.requested:
            done = min(self.finished + in_call, self.requested)
            return f"{note or 'translating'} {done}/{self.requested}…"
        return note

    def count_finished(self, count: int) -> None:
        self.finished += count
        if self.finished >= self.requested:
            self.requested = self.finished = 0

    def reset_counts(self) -> None:
        self.requested = self.finished = 0

    @property
    def busy(self) -> bool:
        """Whether the model thread is still working (it cannot be interrupted)."""
        with self._lock:
            return self._running

    # --------------------------------------------------------- worker thread

    def _drain(self) -> None:
        """Load the model once, then translate the queue a chunk at a time until it is empty."""
        worker = get_current_worker()
        while not worker.is_cancelled:
            with self._lock:
                if not self._chunks:
                    self._running = False
                    return
                chunk = self._chunks.pop(0)
            indices = [i for i, _, _ in chunk]
            try:
                done = _in_model_thread(worker, partial(self._run, chunk))
            except _Cancelled:
                return  # quitting: the model thread is a daemon and dies with the app
            except Exception as err:  # the user's model or a bug: report it, keep the work
                message = (
                    str(err) if isinstance(err, TranslatorError) else f"{type(err).__name__}: {err}"
                )
                with self._lock:
                    failed = indices + [item[0] for c in self._chunks for item in c]
                    self._chunks.clear()
                    self._running = False
                self.app.post_message(TranslationFailed(message, failed))
                return
            results, model_id, held = done
            self.app.post_message(
                SegmentsTranslated(indices, results, model_id, [r for _, r, _ in chunk], held)
            )
        with self._lock:
            self._running = False

    def _run(self, chunk: list[Item]) -> tuple[list[Any], str, dict[int, list[str]]]:
        """One call through the pipeline: memory matches first, the model for the rest.

        The segments are already cut, and matched over the whole document for the
        glossary in use, so the pipeline's memory and decode stages are what is left
        (``Pipeline.translate``).  Returns the records in ``chunk`` order, the model's
        id ("" when the model was not needed) and, per segment whose memory match
        was held back, why.
        """
        # lazy: in the worker thread, so the review app starts without the engine or sqlite3
        from translator.memory.reuse import ReuseReport
        from translator.pipeline import Decode, Pipeline, SentenceRecord

        version, glossary = self._glossary  # one glossary for the whole call
        reqs = self._current_requirements(version, glossary)
        indices = [i for i, _, _ in chunk]
        records = [
            SentenceRecord(
                self._sources[i],
                index=i,
                requirements=reqs[i] if reqs is not None else None,
                use_memory=memory,
            )
            for i, _, memory in chunk
        ]
        report = ReuseReport()

        def progress(done: int, total: int) -> None:  # model inputs, batch by batch
            if total:
                rest = len(indices) - report.reused
                decoded = report.reused + round(rest * done / total)
                self.app.post_message(TranslationProgress(decoded, len(indices)))

        decode = Decode(load=partial(self._current_translator, version, glossary))
        memory = self._memory_stage(report) if any(m for _, _, m in chunk) else None
        # no match stage: the records carry the whole document's requirements (above)
        pipeline = Pipeline(decode, memory=memory)
        done = pipeline.translate(records, progress)
        self.output_tokens += decode.output_tokens
        held = {i: r.held_back for i, r in zip(indices, done, strict=True) if r.held_back}
        return done, decode.model_id, held

    def _memory_stage(self, report: Any) -> Any:
        """The pipeline's memory stage over the review's memory (None: no memory open).

        A memory error (a busy file) is reported and the model translates instead.
        """
        memory = self.app.memory.reader()
        if memory is None:
            return None
        # lazy: in the worker thread, so the review app starts without the engine or sqlite3
        from translator.memory.reuse import ExactReuse

        return ExactReuse(memory, self._finder, report, on_error=self.app.memory.report)

    def _current_requirements(self, version: int, glossary: Glossary | None) -> list[Any] | None:
        """Whole-document glossary requirements for the glossary in use (worker thread only).

        Computed from the glossary alone, so memory matches can be checked before
        (or without) loading the model; the model calls get the same requirements.
        """
        if self._requirements_version != version:
            self._requirements = self._finder = self._matcher = None
            if glossary is not None:
                self._matcher = Matcher(glossary)
                self._requirements = document_requirements(self._sources, self._matcher)
                self._finder = TargetFinder(glossary.targets())
            self._requirements_version = version
        return self._requirements

    def _current_translator(self, version: int, glossary: Glossary | None) -> Any:
        """The Translator for the glossary in use; runs in the worker thread only."""
        # lazy: in the worker thread, so the review app starts without the engine or sqlite3
        from translator.engine import Translator

        make = self.translator_type or Translator
        if self._loaded_model is None:
            # lazy: in the worker thread, so the review app starts without the engine or sqlite3
            from translator.model_loading import load_model

            self.app.post_message(TranslationProgress(0, 0, "loading model"))
            warnings = io.StringIO()
            with contextlib.redirect_stderr(warnings):  # a fallback warning, for the screen
                self._loaded_model = load_model(
                    self.model_id, self.device, self.backend, self.compute_type
                )
            self.loaded_backend = self._loaded_model.backend
            self.loaded_at = time.perf_counter()
            self.loaded_cpu = time.process_time()
            for line in warnings.getvalue().splitlines():
                self.app.post_message(TranslationProgress(0, 0, "", line.removeprefix("tarjama: ")))
        if self._translator is None or version != self._translator_version:
            self._translator = make(
                self._loaded_model, beam=self.beam, glossary=glossary, matcher=self._matcher
            )  # the matcher the requirements were found with, not compiled again
            self._translator_version = version
        return self._translator


def _in_model_thread(worker: Any, call: Any) -> Any:
    """Run ``call`` in a daemon thread, so quitting never waits for a batch to finish.

    The worker's own thread belongs to asyncio's executor, which the app waits for
    on exit; the model call cannot be interrupted, so it runs beside it instead.
    """
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["result"] = call()
        except BaseException as err:
            box["error"] = err

    thread = threading.Thread(target=run, name="tarjama-model", daemon=True)
    thread.start()
    while thread.is_alive():
        thread.join(0.1)
        if worker.is_cancelled:
            raise _Cancelled
    if "error" in box:
        raise box["error"]
    return box["result"]
