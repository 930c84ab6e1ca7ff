"""The model side of the review: a queue of segments and one thread worker draining it.

The worker loads the model once, then translates the queue a chunk at a time
and posts a ``SegmentsTranslated`` message after each chunk, so rows fill in as
the model goes and the screen never waits for it.  The app applies results on
its own thread (it is the only writer of the project); a segment changed by the
translator after it was queued keeps the translator's English.
"""

from __future__ import annotations

import copy
import threading
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.worker import get_current_worker

from tui.messages import SegmentsTranslated, TranslationFailed, TranslationProgress

if TYPE_CHECKING:
    from glossary.termbase import Glossary
    from tui.app import ReviewApp

CHUNK = 4  # sentences per model call: small enough that rows fill in steadily


class _Cancelled(Exception):
    """The app is closing while the model works."""


class TranslationQueue:
    """Segments waiting for the model, the worker that translates them, and the model."""

    def __init__(self, app: ReviewApp, model_id: str, device: str, beam: int) -> None:
        self.app = app
        self.model_id = model_id
        self.device = device
        self.beam = beam
        # the lock guards the queue and the running flag
        self._lock = threading.Lock()
        self._queue: list[tuple[int, int]] = []  # (segment index, its revision when queued)
        self._running = False
        self.requested = 0
        self.finished = 0
        self._loaded_model: Any = None  # touched only in the worker thread
        self._translator: Any = None
        self._translator_version = -1
        self._glossary: tuple[int, Glossary | None] = (0, copy.deepcopy(app.glossary))

    # ------------------------------------------------------------ app thread

    def use_glossary(self, glossary: Glossary | None) -> None:
        """Translate with ``glossary`` from the next chunk on (a copy: the worker owns it)."""
        self._glossary = (self._glossary[0] + 1, copy.deepcopy(glossary))

    def request(self, indices: list[int], revisions: list[int], front: bool = False) -> None:
        """Queue segments for the model; starts the worker unless it is running."""
        with self._lock:
            queued = {i for i, _ in self._queue}
            items = [(i, revisions[i]) for i in indices if i not in queued]
            self._queue = items + self._queue if front else self._queue + items
            self.requested += len(items)
            start = not self._running
            if start:
                self._running = True
        if start:
            self.app.run_worker(
                self._drain, thread=True, exclusive=True, group="model", exit_on_error=False
            )

    def progress_label(self, note: str = "") -> str:
        if self.requested and self.finished < self.requested:
            return f"{note or 'translating'} {self.finished}/{self.requested}…"
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
        """Load the model once, then translate CHUNK segments at a time until the queue is empty."""
        worker = get_current_worker()
        from translator.errors import TranslatorError

        project = self.app.project
        while not worker.is_cancelled:
            with self._lock:
                if not self._queue:
                    self._running = False
                    return
                chunk = self._queue[:CHUNK]
                del self._queue[:CHUNK]
            sources = [project.segments[i].source for i, _ in chunk]
            try:
                translator, results = _in_model_thread(worker, partial(self._run, sources))
            except _Cancelled:
                return  # quitting: the model thread is a daemon and dies with the app
            except Exception as err:  # the user's model or a bug: report it, keep the work
                message = (
                    str(err) if isinstance(err, TranslatorError) else f"{type(err).__name__}: {err}"
                )
                with self._lock:
                    failed = [i for i, _ in chunk] + [i for i, _ in self._queue]
                    self._queue.clear()
                    self._running = False
                self.app.post_message(TranslationFailed(message, failed))
                return
            self.app.post_message(
                SegmentsTranslated(
                    [i for i, _ in chunk], results, translator.model_id, [r for _, r in chunk]
                )
            )
        with self._lock:
            self._running = False

    def _run(self, sources: list[str]) -> tuple[Any, list[Any]]:
        translator = self._current_translator()
        return translator, translator.translate(sources)

    def _current_translator(self) -> Any:
        """The Translator for the glossary in use; runs in the worker thread only."""
        from translator.engine import Translator

        if self._loaded_model is None:
            from translator.model_loading import configure_threads, load_marian

            self.app.post_message(TranslationProgress(0, 0, "loading model"))
            configure_threads()
            self._loaded_model = load_marian(self.model_id, self.device)
        version, glossary = self._glossary
        if self._translator is None or version != self._translator_version:
            self._translator = Translator(self._loaded_model, beam=self.beam, glossary=glossary)
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
