"""Translate a corpus: many files in one run, resumable, each file exactly as if alone.

A run plans against OUTDIR's manifest (skip what is done, record what cannot
be read), translates the rest on one loaded model, and writes each file's
English atomically the moment it is done, then records it.  Both engines (this
module's local loop and ``translator.ray_engine``) translate a document with
``translate_text`` and hand the result to the same ``Recorder``, so their
outputs and manifests are the same.

Each file is translated by the very call ``tarjama translate FILE`` makes
(``resumable.run_document``: ``translator.pipeline.Pipeline.stream``), so its
sentences meet the same batches and its output is byte-identical.  Sentences of different files
do not share batches, on purpose: CTranslate2 decodes a batch up to the length cap of
its longest sentence, and a beam search run to a longer cap and cut back is not
the search to the sentence's own cap (on the tiny test model, 5 of the seed's 34
sentences change that way, while padding alone changed none).  Instead, files
are translated side by side, one per CTranslate2 replica (``run_local``), so
many small files keep every core busy as one big one does.  The folder run is
faster than a loop of single-file runs because the model is loaded once.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glossary.atomic import write_bytes_atomic
from glossary.errors import AtomicWriteError
from glossary.safe_text import visible
from translator.corpus_files import CorpusFile
from translator.corpus_memory import FileMatches, Matches, lookup, matches_digest
from translator.decoding.ct2_backend import model_revision
from translator.engine import Translator
from translator.errors import TranslatorError, first_line
from translator.manifest import Manifest, matches
from translator.model_loading import resolve_model_folder
from translator.output_formats import render, stream_writer
from translator.resumable import StringSink, run_document
from translator.segment import segment
from translator.source_text import decode_utf8, iter_paragraphs, mostly_not_arabic

if TYPE_CHECKING:
    from glossary.matcher import Matcher
    from glossary.termbase import Glossary
    from translator.corpus_progress import CorpusProgress
    from translator.engine import SentenceTranslation
    from translator.memory.store import TranslationMemory
    from translator.output_formats import StreamWriter
    from translator.resumable import Tally


@dataclass(frozen=True)
class JobOptions:
    """Everything from the command line that shapes a translation."""

    model: str
    device: str
    backend: str
    compute_type: str
    beam: int
    batch_size: int
    enforce: str | None
    fmt: str
    xliff_version: str = "2.1"
    glossary_path: str | None = None  # as given, for the XLIFF header
    remove_extras: bool = False  # strict mode also takes out glossary names the Arabic lacks

    def render(
        self, text: str, sentences: list[SentenceTranslation], name: str, terms: bool
    ) -> str:
        """The file ``tarjama translate NAME --format fmt`` writes for these sentences."""
        return render(
            self.fmt,
            text,
            sentences,
            terms,
            name=name,
            model=self.model,
            glossary=self.glossary_path,
            xliff_version=self.xliff_version,
        )

    def writer(self, name: str, terms: bool, sha256: str) -> StreamWriter:
        """The block-by-block writer of the same file (``sha256``: the text's, for XLIFF)."""
        return stream_writer(
            self.fmt,
            terms,
            name=name,
            model=self.model,
            glossary=self.glossary_path,
            xliff_version=self.xliff_version,
            sha256=sha256,
        )

    def load(
        self, glossary: Glossary | None, device: str | None = None, matcher: Matcher | None = None
    ) -> Translator:
        """The translator every file of the run (or a single-file run) uses.

        ``matcher``: the glossary's compiled matcher from the cache, when the caller has it.
        """
        return Translator.load(
            self.model,
            device or self.device,
            backend=self.backend,
            compute_type=self.compute_type,
            beam=self.beam,
            batch_size=self.batch_size,
            glossary=glossary,
            enforce=self.enforce or "strict",
            remove_extras=self.remove_extras,
            matcher=matcher,
        )


def tarjama_version() -> str:
    try:
        return version("tarjama")
    except PackageNotFoundError:
        return "unknown"


def glossary_digest(glossary: Glossary | None) -> str | None:
    """Hash of what the glossary says, not how its file is laid out.

    Comment lines and spacing do not count; any change to an entry does, and
    redoes every file: strict mode looks for every glossary target in every
    sentence's English, so a new or changed name can change any file.
    """
    if glossary is None:
        return None
    entries = []
    for entry in glossary.entries:
        fields = asdict(entry)
        fields.pop("comments", None)
        entries.append(fields)
    payload = json.dumps(entries, ensure_ascii=False, sort_keys=True, default=_plain)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _plain(value: object) -> object:
    """Sets (an entry's flags) in a stable order; anything else by its text."""
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    return str(value)


def model_identity(model: str) -> tuple[str, str]:
    """The model's id (a folder as an absolute path) and the revision of its files."""
    folder = resolve_model_folder(model)
    local = Path(model).expanduser()
    return (os.path.abspath(local) if local.exists() else model), model_revision(folder)


def fingerprint(options: JobOptions, glossary: Glossary | None) -> dict[str, Any]:
    """What a manifest record must match, besides its input, to be reused."""
    model, revision = model_identity(options.model)
    return {
        "model": model,
        "model_revision": revision,
        "glossary_sha256": glossary_digest(glossary),
        "options": {
            "format": options.fmt,
            "beam": options.beam,
            "batch_size": options.batch_size,
            "enforce": (options.enforce or "strict") if glossary is not None else None,
            "backend": options.backend,
            "compute_type": options.compute_type,
            "device": options.device,
            "tarjama": tarjama_version(),
            # The XLIFF header names the model and glossary as given on the command line.
            **(
                {
                    "xliff": {
                        "version": options.xliff_version,
                        "model": options.model,
                        "glossary": options.glossary_path,
                    }
                }
                if options.fmt == "xliff"
                else {}
            ),
        },
    }


class BadInput(Exception):
    """A file the run cannot translate; the message is the reason recorded for it."""

    def __init__(self, reason: str, sha256: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.sha256 = sha256


def read_input(path: Path | str) -> tuple[str, str]:
    """The text of ``path`` and the SHA-256 of its bytes; BadInput if it is no text."""
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise BadInput(f"cannot read it: {err.strerror or err}") from err
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = decode_utf8(data, "it")
    except TranslatorError as err:
        raise BadInput(str(err), digest) from err
    if not text.strip():
        raise BadInput("it is empty; there is nothing to translate", digest)
    return text, digest


def render_translation(
    translator: Translator,
    text: str,
    options: JobOptions,
    *,
    name: str,
    memory: TranslationMemory | FileMatches | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[str, Tally]:
    """What ``tarjama translate NAME`` writes for ``text``, and its tallies.

    The same block-by-block call (``resumable.run_document``) as a single-file
    run, so a corpus file's English is byte-identical to it.  With a memory,
    exact matches that keep the glossary are reused first; the model does the rest.
    """
    sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    writer = options.writer(name, translator.glossary is not None, sha256)
    sink = StringSink()
    tally = run_document(
        translator,
        iter_paragraphs([text]),
        writer,
        sink,
        memory=memory,
        progress=progress,
        name=name,
    )
    return sink.text(), tally


NOT_ARABIC = "it is mostly not Arabic text; translated anyway"


@dataclass
class DocumentResult:
    """One translated file, as the recorder needs it."""

    output: str
    sentences: int
    terms: dict[str, int]
    warnings: list[str]
    seconds: float
    backend: str
    device: str
    # CTranslate2 replicas: its batches (hence a few words) depend on them; None on PyTorch
    threads: int | None
    reused: int = 0  # sentences whose English came from the translation memory
    names: int = 0  # unknown names (``translator.names``) found in its Arabic


def translate_text(
    translator: Translator,
    text: str,
    options: JobOptions,
    *,
    name: str,
    matches: Matches,
    progress: Callable[[int, int], None] | None = None,
) -> DocumentResult:
    """Translate one document (reusing its memory ``matches``) and summarise it."""
    started = time.perf_counter()
    # No match: translated as without a memory, which gives the same English (corpus_memory).
    memory = FileMatches(matches) if matches else None
    done: Callable[[int], None] | None = None
    if progress is not None:  # the engine counts sentences done; the bar wants (done, total)
        report_progress, total = progress, len(segment(text))

        def done(count: int) -> None:
            report_progress(count, total)

    output, tally = render_translation(
        translator, text, options, name=name, memory=memory, progress=done
    )
    statuses = tally.statuses
    warnings = [NOT_ARABIC] if mostly_not_arabic(text) else []
    warnings.extend(w for w in tally.warned if w not in warnings)
    return DocumentResult(
        output=output,
        sentences=tally.sentences,
        terms={"found": sum(statuses.values()), **dict(sorted(statuses.items()))}
        if translator.glossary is not None
        else {},
        warnings=warnings,
        seconds=round(time.perf_counter() - started, 3),
        backend=translator.backend,
        device=translator.loaded.device,
        threads=translator.loaded.decoder.replicas,
        reused=tally.reused,
        names=len(tally.names),
    )


@dataclass
class Task:
    """A file the run will translate."""

    file: CorpusFile
    sentences: int  # counted while planning, for the progress bar's total
    sha256: str  # of the input as planned; a file changed since then is not translated
    matches: Matches = field(default_factory=dict)  # its translation-memory matches


CHANGED = "it changed while the run was going; run the same command again to translate it"


@dataclass
class Summary:
    """What a run did, for the closing lines."""

    files: int = 0
    translated: int = 0
    skipped: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    sentences: int = 0
    reused: int = 0  # sentences reused from the translation memory
    names: int = 0  # unknown names, summed over files
    terms: Counter[str] = field(default_factory=Counter)


class Recorder:
    """Writes each finished file's English and its manifest record (the run's one writer)."""

    def __init__(
        self,
        outdir: Path,
        manifest: Manifest,
        fingerprint: dict[str, Any],
        progress: CorpusProgress,
    ) -> None:
        self.outdir = outdir
        self.manifest = manifest
        self.fingerprint = fingerprint
        self.progress = progress
        self.summary = Summary()

    def _record(self, file: CorpusFile, **fields: Any) -> None:
        self.manifest.append(
            {"input": file.shown, "output": file.output, **self.fingerprint, **fields}
        )

    def failed(
        self, file: CorpusFile, reason: str, sha256: str | None = None, task: Task | None = None
    ) -> None:
        """Record ``file`` as failed; ``task`` when it failed while being translated."""
        self._record(file, status="failed", reason=reason, input_sha256=sha256)
        self.summary.failures.append((file.shown, reason))
        if task is not None:
            self.progress.file_done(task.sentences)
        shown, why = visible(file.shown), visible(reason, keep="\n")  # a name may hold ESC, LF
        self.progress.log(f"tarjama: failed: {shown}: {why}")

    def skipped(self) -> None:
        self.summary.skipped += 1

    def finished(self, task: Task, sha256: str, result: DocumentResult) -> None:
        """Write the English atomically, then record it.

        English that tarjama did not write (or that was edited since) is never replaced.
        """
        file = task.file
        target = self.outdir / file.output
        data = result.output.encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()
        problem = self._foreign_output(target, file.output, data)
        if problem is None:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                write_bytes_atomic(target, data)
            except (OSError, AtomicWriteError) as err:
                problem = str(err)
        if problem is not None:
            self.failed(file, problem, sha256, task)
            return
        self._record(
            file,
            status="done",
            input_sha256=sha256,
            output_sha256=digest,
            sentences=result.sentences,
            terms=result.terms,
            warnings=result.warnings,
            seconds=result.seconds,
            backend=result.backend,
            device=result.device,
            threads=result.threads,
            memory_sha256=matches_digest(task.matches),
            memory_reused=result.reused,
            unknown_names=result.names,
        )
        self.summary.translated += 1
        self.summary.sentences += result.sentences
        self.summary.reused += result.reused
        self.summary.names += result.names
        self.summary.terms.update(result.terms)
        for message in result.warnings:
            self.progress.log(f"tarjama: warning: {visible(file.shown)}: {visible(message)}")
        self.progress.file_done(task.sentences)

    def _foreign_output(self, target: Path, output: str, data: bytes) -> str | None:
        """Why ``target`` must not be replaced (edited by hand, or not ours), or None."""
        try:
            existing = target.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as err:
            return f"cannot check the existing {target}: {err.strerror or err}"
        if existing == data or self.manifest.wrote(output, hashlib.sha256(existing).hexdigest()):
            return None
        return (
            f"{target} exists and was not written by tarjama (or was edited since); "
            "move it away to translate this file again"
        )


def plan(
    files: Sequence[CorpusFile],
    manifest: Manifest,
    outdir: Path,
    recorder: Recorder,
    memory: TranslationMemory | None = None,
) -> list[Task]:
    """The files to translate; the rest are skipped (up to date) or recorded as failed."""
    tasks: list[Task] = []
    for file in files:
        try:
            text, digest = read_input(file.path)
        except BadInput as bad:
            recorder.failed(file, bad.reason, bad.sha256)
            continue
        found = lookup(memory, text)
        latest = manifest.latest(file.output)
        if (
            matches(latest, digest, recorder.fingerprint, matches_digest(found))
            and (outdir / file.output).exists()
        ):
            recorder.skipped()
            continue
        tasks.append(Task(file, len(segment(text)), digest, found))
    return tasks


@dataclass
class Outcome:
    """What became of one planned file: a result, or why it failed."""

    digest: str | None
    result: DocumentResult | None = None
    reason: str | None = None


def translate_task(
    task: Task,
    translator: Translator,
    options: JobOptions,
    progress: Callable[[int, int], None] | None,
) -> Outcome:
    """Read one planned file again and translate it; never raises for a bad document."""
    try:
        text, digest = read_input(task.file.path)
    except BadInput as bad:  # changed since planning
        return Outcome(bad.sha256, reason=bad.reason)
    if digest != task.sha256:  # its memory matches were looked up for the old text
        return Outcome(digest, reason=CHANGED)
    try:
        result = translate_text(
            translator,
            text,
            options,
            name=task.file.shown,  # as given (an XLIFF names it), links unresolved
            matches=task.matches,
            progress=progress,
        )
    except (KeyboardInterrupt, TranslatorError):
        raise
    except Exception as err:  # one document's failure must not stop the corpus
        return Outcome(digest, reason=describe_failure(err))
    return Outcome(digest, result)


def record(task: Task, outcome: Outcome, recorder: Recorder) -> None:
    if outcome.result is None:
        recorder.failed(task.file, outcome.reason or "", outcome.digest, task)
    else:
        assert outcome.digest is not None
        recorder.finished(task, outcome.digest, outcome.result)


def run_local(
    tasks: Sequence[Task], translator: Translator, options: JobOptions, recorder: Recorder
) -> None:
    """Translate the planned files on this machine's loaded model, a few side by side.

    CTranslate2 runs one replica per core, each decoding one batch at a time, and
    a small file is one batch: one file at a time would leave the other cores
    idle.  So as many files as there are replicas are translated at once, each
    by the same call as alone (its own batches, hence the same English), from a
    thread pool (CTranslate2 releases the GIL while it decodes).  Results are
    written and recorded here, in the files' order, by this thread alone; at most
    ``2 × replicas`` files are in flight, which is what a kill can lose.
    """
    recorder.progress.model_loaded()
    workers = translator.loaded.decoder.replicas or 1
    if workers <= 1:  # PyTorch (which threads each batch itself), or one core
        for task in tasks:
            progress = recorder.progress.within_file(task.sentences)
            record(task, translate_task(task, translator, options, progress), recorder)
        return
    from collections import deque
    from concurrent.futures import Future, ThreadPoolExecutor

    pending: deque[tuple[Task, Future[Outcome]]] = deque()
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="tarjama-file")
    try:
        for task in tasks:
            # Per-file progress would interleave across threads: files count as they finish.
            pending.append((task, pool.submit(translate_task, task, translator, options, None)))
            if len(pending) >= 2 * workers:
                done, future = pending.popleft()
                record(done, future.result(), recorder)
        while pending:
            done, future = pending.popleft()
            record(done, future.result(), recorder)
    finally:
        for _, future in pending:  # stopped early (Ctrl-C, a model error): drop the rest
            future.cancel()
        pool.shutdown(wait=True)


def describe_failure(err: BaseException) -> str:
    detail = first_line(err)
    return f"translation failed ({type(err).__name__}{': ' + detail if detail else ''})"
