"""One file's English written as it is decoded, atomically at the end, resumable.

``tarjama translate FILE -o OUT`` writes each finished block into
``OUT.tarjama-partial`` and, after every block that ends a paragraph, records in
``OUT.tarjama-partial.json`` how many bytes of it are good, where the document
stands (``engine.StreamState``), the writer's state and the running tallies,
keyed by the input's SHA-256 and everything that shapes the English
(``corpus.fingerprint``).  At the end the partial becomes ``OUT`` by one
``os.replace`` (after an fsync) and the checkpoint is removed: ``OUT`` is never
half written.  After Ctrl-C or ``kill -9``, the same command finds the
checkpoint, cuts the partial back to its last recorded length and goes on from
the next paragraph, so the result is byte-identical to an uninterrupted run.
A checkpoint made from other input or options is discarded, with a warning.

To standard output the blocks are written as they finish (a pipe cannot be
resumed or replaced atomically).  The checkpoint logic is hand-written: it is
an append-only file plus a small JSON record, which no library here provides.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from glossary.atomic import _fsync_directory, write_text_atomic
from glossary.safe_text import for_terminal, visible
from translator.engine import StreamState, block_size
from translator.errors import TranslatorError
from translator.memory.reuse import ExactReuse, ReuseReport
from translator.names.in_translation import attach_names

if TYPE_CHECKING:
    from translator.engine import Block, Translator
    from translator.output_formats import StreamWriter
    from translator.source_text import Paragraph

PARTIAL_SUFFIX = ".tarjama-partial"
CHECKPOINT_SUFFIX = ".tarjama-partial.json"
CHECKPOINT_VERSION = 1


@dataclass
class Tally:
    """What the closing lines report, counted as blocks finish (kept in the checkpoint)."""

    sentences: int = 0
    statuses: Counter[str] = field(default_factory=Counter)  # glossary term statuses
    last_resort: Counter[str] = field(default_factory=Counter)  # sentences per last resort
    reused: int = 0  # sentences reused from the translation memory
    held_back: int = 0  # memory matches not reused: they no longer keep the glossary
    warned: list[str] = field(default_factory=list)  # warnings already printed, in order
    names: set[str] = field(default_factory=set)  # distinct unknown names (Arabic forms)
    flags: Counter[str] = field(default_factory=Counter)  # enforced names per TermFlag

    def add(self, block: Block) -> list[str]:
        """Count ``block``; return its warnings not printed before."""
        fresh: list[str] = []
        seen = set(self.warned)
        for s in block.sentences:
            self.sentences += 1
            self.statuses.update(term.status for term in s.terms)
            self.flags.update(str(f) for term in s.terms for f in getattr(term, "flags", ()))
            self.last_resort.update(set(getattr(s, "last_resort", [])))
            self.names.update(n["arabic"] for n in getattr(s, "names", []))
            for message in s.warnings:
                if message not in seen:
                    seen.add(message)
                    fresh.append(message)
        self.warned.extend(fresh)
        return fresh

    def as_json(self) -> dict[str, Any]:
        # not dataclasses.asdict: it rebuilds a Counter from (key, value) pairs, counting them
        return {
            "sentences": self.sentences,
            "statuses": dict(self.statuses),
            "last_resort": dict(self.last_resort),
            "reused": self.reused,
            "held_back": self.held_back,
            "warned": list(self.warned),
            "names": sorted(self.names),
            "flags": dict(self.flags),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Tally:
        return cls(
            sentences=int(data["sentences"]),
            statuses=Counter(data["statuses"]),
            last_resort=Counter(data["last_resort"]),
            reused=int(data["reused"]),
            held_back=int(data["held_back"]),
            warned=list(data["warned"]),
            names=set(data.get("names", [])),
            flags=Counter(data.get("flags", {})),
        )


class Sink:
    """Where the pieces go: standard output, or a partial file that can be resumed."""

    written = 0  # sentences whose English has been written (``run_document`` counts)

    def write(self, text: str) -> None:
        raise NotImplementedError

    def checkpoint(self, record: dict[str, Any]) -> None:
        """The output so far is good up to here; ``record`` says how to go on from it."""

    def finish(self) -> None:
        """All written: make it the output."""

    def close(self) -> None:
        """Release what the sink holds open (the partial stays for a rerun)."""

    def interrupted(self, done: int, total: int) -> str:
        """The one line Ctrl-C prints."""
        raise NotImplementedError


class StdoutSink(Sink):
    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream if stream is not None else sys.stdout

    def write(self, text: str) -> None:
        if text:  # on a terminal, shown with visible controls (glossary.safe_text)
            self.stream.write(for_terminal(text, self.stream))
            self.stream.flush()

    def interrupted(self, done: int, total: int) -> str:
        done = self.written
        return (
            f"tarjama: interrupted after {done} of {total} sentences ({_percent(done, total)}); "
            "their English went to standard output; give -o FILE to be able to resume"
        )


class PartialFile(Sink):
    """``OUT.tarjama-partial`` plus its checkpoint; ``finish`` renames it to ``OUT``."""

    def __init__(self, output: str, key: dict[str, Any]) -> None:
        self.shown = output
        self.target = Path(os.path.realpath(output))  # a symlinked OUT is written through
        self.partial = self.target.with_name(self.target.name + PARTIAL_SUFFIX)
        self.record_path = self.target.with_name(self.target.name + CHECKPOINT_SUFFIX)
        self.key = key
        self.handle: IO[bytes] | None = None
        self.length = 0
        self.saved = 0  # sentences the last checkpoint covers

    def resume(self) -> dict[str, Any] | None:
        """The checkpoint to go on from, or None (starting afresh); opens the partial."""
        record = self._read_record()
        if record is not None:
            try:
                handle = open(self.partial, "r+b")  # noqa: SIM115 -- kept open for the run
            except OSError:
                record = None
            else:
                size = os.fstat(handle.fileno()).st_size
                if size < record["output_bytes"]:  # shorter than recorded: not ours to trust
                    handle.close()
                    record = None
                else:
                    handle.truncate(record["output_bytes"])  # drop a block after the record
                    handle.seek(record["output_bytes"])
                    self.handle = handle
                    self.length = record["output_bytes"]
                    self.saved = int(record["state"]["sentences"])
        if record is None:
            try:
                self.handle = open(self.partial, "wb")  # noqa: SIM115 -- kept open for the run
            except OSError as err:
                raise TranslatorError(f"cannot write {self.partial}: {err.strerror}") from err
            with contextlib.suppress(FileNotFoundError):
                self.record_path.unlink()
        return record

    def _read_record(self) -> dict[str, Any] | None:
        try:
            record = json.loads(self.record_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            _warn(f"ignored the unreadable checkpoint {self.record_path}; starting afresh")
            return None
        if not isinstance(record, dict) or record.get("key") != self.key:
            _warn(
                f"{self.partial} was made from other input or options; starting afresh "
                "(it is replaced)"
            )
            return None
        if not isinstance(record.get("output_bytes"), int):
            return None
        return record

    def write(self, text: str) -> None:
        assert self.handle is not None
        data = text.encode("utf-8")
        try:
            self.handle.write(data)
        except OSError as err:
            raise TranslatorError(f"cannot write {self.partial}: {err.strerror}") from err
        self.length += len(data)

    def checkpoint(self, record: dict[str, Any]) -> None:
        assert self.handle is not None
        self.handle.flush()
        os.fsync(self.handle.fileno())  # the bytes the record vouches for are on disk first
        record = {
            "version": CHECKPOINT_VERSION,
            "key": self.key,
            "output_bytes": self.length,
            **record,
        }
        write_text_atomic(self.record_path, json.dumps(record, ensure_ascii=False) + "\n")
        self.saved = int(record["state"]["sentences"])

    def finish(self) -> None:
        assert self.handle is not None
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        try:
            mode = stat.S_IMODE(os.stat(self.target).st_mode)
        except OSError:
            mode = 0o666 & ~_umask()
        try:
            os.chmod(self.partial, mode)
            os.replace(self.partial, self.target)
        except OSError as err:
            raise TranslatorError(f"cannot write {self.shown}: {err.strerror}") from err
        _fsync_directory(str(self.target.parent))
        with contextlib.suppress(FileNotFoundError):
            self.record_path.unlink()

    def close(self) -> None:
        if self.handle is not None and not self.handle.closed:
            self.handle.close()

    def interrupted(self, done: int, total: int) -> str:
        return (
            f"tarjama: interrupted after {self.saved} of {total} sentences "
            f"({_percent(self.saved, total)}); they are kept in {self.partial}: run the "
            "same command again to resume"
        )


def _percent(done: int, total: int) -> str:
    return f"{100 * done / total:.1f} %" if total else "0 %"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _warn(message: str) -> None:
    print(f"tarjama: warning: {visible(message)}", file=sys.stderr)


def restored_state(record: dict[str, Any] | None) -> StreamState:
    if record is None:
        return StreamState()
    state = record["state"]
    return StreamState(
        paragraphs=int(state["paragraphs"]),
        sentences=int(state["sentences"]),
        opened=list(state["opened"]),
    )


class StringSink(Sink):
    """Collects the pieces (a corpus file: written whole, atomically, by its recorder)."""

    def __init__(self) -> None:
        self.pieces: list[str] = []

    def write(self, text: str) -> None:
        self.pieces.append(text)

    def text(self) -> str:
        return "".join(self.pieces)

    def interrupted(self, done: int, total: int) -> str:
        return f"tarjama: interrupted after {done} of {total} sentences"


def run_document(
    translator: Translator,
    paragraphs: Iterable[Paragraph],
    writer: StreamWriter,
    sink: Sink,
    *,
    memory: Any = None,
    record: dict[str, Any] | None = None,
    progress: Callable[[int], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    name: str = "-",
) -> Tally:
    """Translate a document block by block into ``sink``; the one path every run takes.

    ``tarjama translate FILE``, ``-o OUT`` (resumable from ``record``) and every file
    of a corpus run all come here, so their English is the same byte for byte; the
    sentences go through ``translator.pipeline.Pipeline.stream``, with the memory
    as its memory stage when there is one.
    Paragraphs before the checkpoint are read past, not translated.  Each block's
    unknown names are attached (``names.in_translation``) before it is written.
    """
    state = restored_state(record)
    tally = Tally.from_json(record["tally"]) if record is not None else Tally()
    if record is not None:
        writer.restore(record["writer"])
    else:
        sink.write(writer.begin())
    report = stage = None
    if memory is not None:  # the pipeline's memory stage, counting what it reuses
        report = ReuseReport()
        stage = ExactReuse(memory, translator.finder, report)
    reused, held = tally.reused, tally.held_back
    todo = (p for p in paragraphs if p.index >= state.paragraphs)
    pipeline = translator.pipeline(stage)
    blocks = pipeline.stream(todo, progress, size=block_size(), state=state)
    for block in blocks:
        attach_names(block.sentences, translator.glossary, memory, name)
        sink.write(writer.block(block))
        sink.written = state.sentences
        for message in tally.add(block):
            if on_warning is not None:
                on_warning(message)
        if report is not None:
            tally.reused = reused + report.reused
            tally.held_back = held + len(report.held_back)
        if block.ends_paragraph:
            sink.checkpoint(
                {"state": asdict(state), "writer": writer.state(), "tally": tally.as_json()}
            )
    sink.write(writer.end())
    sink.finish()
    return tally
