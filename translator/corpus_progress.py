"""Progress of a corpus run: files and sentences, their rates, and an ETA.

On a terminal, rich draws one live line on stderr; anywhere else nothing is
drawn (logs stay clean) and messages are plain lines.  The ETA is counted in
sentences, not files, because files differ in length.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

from glossary.safe_text import visible


class CorpusProgress:
    """Counts finished files and sentences; draws them when ``enabled`` on a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.files_total = 0
        self.sentences_total = 0
        self.files_done = 0
        self.sentences_done = 0
        self._partial = 0  # sentences of the file in flight, estimated from its batches
        self._started = time.perf_counter()
        self._rate_started = self._started  # rates and the ETA: from when the model is loaded
        self._bar: Any = None
        self._task: Any = None

    def start(self, files: int, sentences: int) -> None:
        """Begin counting (and drawing, on a terminal) the files the run will translate."""
        self.files_total = files
        self.sentences_total = sentences
        self._rate_started = time.perf_counter()
        if self.enabled and files and sys.stderr.isatty():
            self._start_bar()

    def model_loaded(self) -> None:
        """Rates and the ETA measure translating, not the one-off model load."""
        self._rate_started = time.perf_counter()
        self._redraw()

    @property
    def elapsed(self) -> float:
        """Seconds since the run began, model load included (for the summary)."""
        return time.perf_counter() - self._started

    def _start_bar(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn

        self._bar = Progress(
            BarColumn(bar_width=12),
            TextColumn("{task.fields[line]}"),
            console=Console(stderr=True),
            transient=True,
        )
        self._task = self._bar.add_task("", total=max(self.sentences_total, 1), line="")
        self._bar.start()
        self._redraw()

    def line(self) -> str:
        """``3/10 files · 41/120 sentences · 30.5 sentences/s · ETA 0:03``."""
        elapsed = max(time.perf_counter() - self._rate_started, 1e-9)
        sentences = self.sentences_done + self._partial
        parts = [
            f"{self.files_done}/{self.files_total} files",
            f"{sentences}/{self.sentences_total} sentences",
            f"{sentences / elapsed:.1f} sentences/s",
        ]
        if sentences:
            left = max(self.sentences_total - sentences, 0) * elapsed / sentences
            parts.append(f"ETA {int(left) // 60}:{int(left) % 60:02d}")
        return " · ".join(parts)

    def _redraw(self) -> None:
        if self._bar is not None:
            self._bar.update(
                self._task, completed=self.sentences_done + self._partial, line=self.line()
            )

    def within_file(self, sentences: int) -> Callable[[int, int], None]:
        """A callback for the engine's (done, total) batches of the file in flight."""

        def update(done: int, total: int) -> None:
            self._partial = sentences * done // total if total else 0
            self._redraw()

        return update

    def file_done(self, sentences: int) -> None:
        """A file is finished (or failed): ``sentences`` is what it counted while planning."""
        self.files_done += 1
        self.sentences_done += sentences
        self._partial = 0
        self._redraw()

    def log(self, message: str) -> None:
        """A line on stderr that does not tear the live bar."""
        if self._bar is not None:
            self._bar.console.print(message, markup=False, highlight=False)
        else:
            print(message, file=sys.stderr)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


PROGRESS_EVERY_S = 10.0  # seconds between progress lines when stderr is not a terminal


def _clock(seconds: float) -> str:
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class FileProgress:
    """Progress of one long file, in sentences.

    On a terminal, a rich bar on stderr.  Anywhere else (a log, a pipe, nohup) a
    plain line every ``every`` seconds, so a long run is visibly alive:
    ``tarjama: story.txt: 1200/50000 sentences (2.4 %), 8.1 sentences/s, ETA 1:40:00``.
    Nothing at all when not ``enabled`` (``-q``).  Rates count this run only
    (a resumed run starts from its checkpoint, ``start``).
    """

    def __init__(
        self,
        name: str,
        total: int,
        *,
        enabled: bool,
        start: int = 0,
        every: float = PROGRESS_EVERY_S,
        stream: Any = None,
    ) -> None:

        self.name = visible(name)  # a file name reaches the terminal only made visible
        self.total = total
        self.enabled = enabled
        self.every = every
        self.stream = stream if stream is not None else sys.stderr
        self.start = start
        self.done = start
        self._began = time.monotonic()
        self._last_line = self._began
        self._bar: Any = None
        self._task: Any = None
        if enabled and self.stream.isatty():
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(file=self.stream),
                transient=True,
            )
            self._task = self._bar.add_task("translating", total=total, completed=start)
            self._bar.start()

    def line(self) -> str:
        elapsed = max(time.monotonic() - self._began, 1e-9)
        rate = (self.done - self.start) / elapsed
        share = f"{100 * self.done / self.total:.1f} %" if self.total else "100 %"
        parts = [
            f"tarjama: {self.name}: {self.done}/{self.total} sentences ({share})",
            f"{rate:.1f} sentences/s",
        ]
        if rate > 0:
            parts.append(f"ETA {_clock(max(self.total - self.done, 0) / rate)}")
        return ", ".join(parts)

    def update(self, done: int) -> None:
        """``done`` sentences of the file are finished (estimated inside a block)."""
        self.done = done
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.update(self._task, completed=done)
            return
        now = time.monotonic()
        if now - self._last_line >= self.every:
            self._last_line = now
            print(self.line(), file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
