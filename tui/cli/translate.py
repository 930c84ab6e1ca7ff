"""``tarjama translate``: one file streamed to stdout or -o FILE, or many into -o OUTDIR.

The handler checks the options and calls the library: ``Translator.translate_stream``
through ``translator.resumable.run_document`` for one file, ``translator.corpus_job``
for a corpus.  Heavy libraries (torch, transformers) are imported there, when it runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from glossary.index_cache import CompiledGlossary, load_compiled
from glossary.safe_text import visible
from translator.errors import TranslatorError
from translator.memory.location import memory_path
from translator.memory.options import open_for_reuse
from translator.model_loading import BACKENDS, COMPUTE_TYPES, DEFAULT_MODEL
from translator.source_text import SourceScan, iter_paragraphs, read_chunks, scan_source
from translator.writers import declare_format
from tui.cli.common import (
    add_memory_options,
    number_from,
    positive_int,
    warn,
    write_output,
)
from tui.cli.names import check_names_output, write_corpus_names

if TYPE_CHECKING:
    from translator.corpus import JobOptions
    from translator.output_formats import StreamWriter


def declare_arguments(tr: argparse.ArgumentParser) -> None:
    tr.description = (
        "Translate one Arabic file (to standard output or -o FILE), or many "
        "files, folders and listed paths into -o OUTDIR, one English file per input, "
        "resumably. '-' as IN is Arabic text on standard input (translated alone); "
        "--files-from - reads a list of paths from standard input instead, so that '-' "
        "means standard input data for every file argument, as in every other command."
    )
    tr.add_argument(
        "inputs",
        metavar="IN",
        nargs="*",
        help="Arabic UTF-8 text file, a folder (walked recursively, see --glob), "
        "or - for Arabic text on standard input",
    )
    tr.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="one input: write here (atomically) instead of stdout; several inputs, a "
        "folder, or an existing folder or a path ending in /: the output folder OUTDIR "
        "(mirrors the inputs' paths, keeps a manifest, and a rerun skips finished files)",
    )
    tr.add_argument(
        "--force",
        action="store_true",
        help="one input: replace OUT if it exists (never the input, glossary or memory)",
    )
    tr.add_argument(
        "--files-from",
        metavar="LIST",
        help="also translate the files listed in LIST, one path a line (- reads the list "
        "from standard input); their outputs keep the paths as listed",
    )
    tr.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="folders: also translate links that lead out of the input folders (skipped and "
        "named by default)",
    )
    tr.add_argument(
        "--glob",
        default="*.txt",
        metavar="PATTERN",
        help="files to take from folders, matched against the path below the folder "
        "(default '*.txt'; '*' takes every file; hidden files are skipped)",
    )
    declare_format(tr, "translate")  # --format and the options its writers declare
    tr.add_argument(
        "--model",
        default=DEFAULT_MODEL,
        metavar="ID_OR_DIR",
        help=f"Marian hub id or local folder (default {DEFAULT_MODEL})",
    )
    tr.add_argument(
        "--beam", type=positive_int, default=4, metavar="N", help="beam size (default 4)"
    )
    tr.add_argument(
        "--batch-size",
        type=positive_int,
        default=16,
        metavar="N",
        help="sentences per batch (default 16)",
    )
    tr.add_argument("--device", choices=("cpu", "cuda", "auto"), default="auto")
    tr.add_argument("--glossary", metavar="FILE", help="glossary of names to enforce")
    tr.add_argument(
        "--enforce",
        choices=("strict", "check", "off"),
        help="strict: guarantee every glossary name (default with --glossary); "
        "check: translate freely and report misses; off: ignore the glossary",
    )
    tr.add_argument(
        "--remove-extras",
        action="store_true",
        help="strict mode: also remove glossary names the Arabic's matches do not call for "
        "(reported as extra and kept by default)",
    )
    tr.add_argument(
        "--backend",
        choices=BACKENDS,
        default="auto",
        help="auto (default): CTranslate2 when it works, else transformers",
    )
    tr.add_argument(
        "--compute-type",
        choices=COMPUTE_TYPES,
        default="int8",
        metavar="TYPE",
        help="CTranslate2 weights and arithmetic: int8 (default), int8_float32, "
        "float32, ... (the model is converted once per type and cached)",
    )
    tr.add_argument(
        "--engine",
        choices=("local", "ray"),
        default="local",
        help="local (default): this process; ray: a Ray Data pipeline with an actor pool, "
        "on the cluster at --ray-address or RAY_ADDRESS, else a local Ray started for the "
        "run (needs pip install 'tarjama[ray]'); outputs are the same",
    )
    tr.add_argument(
        "--ray-address",
        metavar="ADDR",
        help="Ray cluster to join (default: $RAY_ADDRESS, else start a local one)",
    )
    tr.add_argument(
        "--actors",
        type=positive_int,
        default=2,
        metavar="N",
        help="--engine ray: translator actors, each with its own loaded model (default 2)",
    )
    tr.add_argument(
        "--cpus-per-actor",
        type=number_from(0, inclusive=False),
        default=1.0,
        metavar="C",
        help="--engine ray: CPUs each actor reserves and decodes with (default 1)",
    )
    tr.add_argument(
        "--gpus-per-actor",
        type=number_from(0, inclusive=True),
        default=None,
        metavar="G",
        help="--engine ray: GPUs each actor reserves (default 1 with --device cuda, else 0)",
    )
    tr.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    tr.add_argument(
        "--names",
        metavar="OUT",
        help="corpus run: also write the table of unknown names of all inputs (as 'tarjama "
        "names'; .csv/.jsonl by suffix, else tsv)",
    )
    tr.add_argument(
        "--progress-every",
        type=number_from(0, inclusive=True),
        default=None,
        metavar="SECONDS",
        help="one file, stderr not a terminal: a progress line every SECONDS (default 10)",
    )
    add_memory_options(tr, reuse=True)
    tr.set_defaults(func=run_translate)


def _load_glossary(path: str | None) -> CompiledGlossary | None:
    """The glossary and its compiled matcher: from the user's cache after the first load
    (``glossary.load_compiled``, keyed by the file's content), so a desk glossary of
    100,000 names is not compiled again on every call."""
    if path is None:
        return None
    return load_compiled(path)


def _job_options(args: argparse.Namespace) -> JobOptions:
    # lazy: engine, sqlite3 memory, Ray: when translating, not for `--help`
    from translator.corpus import JobOptions

    return JobOptions(
        model=args.model,
        device=args.device,
        backend=args.backend,
        compute_type=args.compute_type,
        beam=args.beam,
        batch_size=args.batch_size,
        enforce=args.enforce,
        fmt=args.format,
        xliff_version=args.xliff_version,
        glossary_path=args.glossary,
        remove_extras=args.remove_extras,
    )


def _is_corpus_run(args: argparse.Namespace) -> bool:
    """Many files into OUTDIR, or the one-file mode (stdout or -o FILE)?"""
    out = args.output
    return (
        args.files_from is not None
        or args.engine == "ray"
        or len(args.inputs) != 1
        or Path(args.inputs[0]).is_dir()
        or (out is not None and out != "-" and (out.endswith(("/", os.sep)) or Path(out).is_dir()))
    )


def run_translate(args: argparse.Namespace) -> int:
    if args.enforce is not None and args.glossary is None:
        raise TranslatorError("--enforce needs --glossary FILE")
    if args.remove_extras and (args.glossary is None or args.enforce not in (None, "strict")):
        raise TranslatorError("--remove-extras needs --glossary FILE in strict mode")
    if not args.inputs and args.files_from is None:
        raise TranslatorError(
            "nothing to translate: give a file, a folder, - for standard input, "
            "or --files-from LIST"
        )
    if _is_corpus_run(args):
        return _run_corpus(args)
    return _run_one_file(args)


def _run_one_file(args: argparse.Namespace) -> int:
    """One file (or standard input) to stdout or ``-o OUT``: streamed, resumable with -o."""
    # lazy: engine, sqlite3 memory, Ray: when translating, not for `--help`
    from translator.corpus_files import check_output, refuse_output_onto_input

    source = args.inputs[0]
    refuse_output_onto_input(source, args.output)
    check_output(args.output, force=args.force, inputs=[
        ("the glossary", args.glossary),
        ("the translation memory", None if args.no_memory else memory_path(args.memory)),
    ])  # fmt: skip
    compiled = _load_glossary(args.glossary)
    options = _job_options(args)
    with _source_file(source) as (path, shown):
        scan = scan_source(read_chunks(path, shown))
        writer = options.writer(source, compiled is not None, scan.sha256)
        if scan.empty:  # nothing to translate: no model; XLIFF is still a valid file
            write_output(writer.begin() + writer.end(), args.output)
            return 0
        if scan.mostly_not_arabic:
            warn(f"{source} is mostly not Arabic text; translating it anyway")
        return _translate_streamed(args, options, compiled, path, shown, scan, writer)


def _translate_streamed(
    args: argparse.Namespace,
    options: JobOptions,
    compiled: CompiledGlossary | None,
    path: str,
    shown: str,
    scan: SourceScan,
    writer: StreamWriter,
) -> int:
    # lazy: engine, sqlite3 memory, Ray: when translating, not for `--help`
    from translator.corpus import fingerprint
    from translator.corpus_progress import PROGRESS_EVERY_S, FileProgress
    from translator.engine import block_size
    from translator.resumable import PartialFile, Sink, StdoutSink, run_document

    memory = open_for_reuse(args.memory, args.no_memory, warn)
    glossary = compiled.glossary if compiled is not None else None
    matcher = compiled.matcher if compiled is not None else None
    translator = options.load(glossary, matcher=matcher)
    record = None
    sink: Sink
    if args.output is None or args.output == "-":
        sink = StdoutSink()
    else:
        key = {
            "input_sha256": scan.sha256,
            "name": args.inputs[0],
            "memory": str(memory.path) if memory is not None else None,
            "block_sentences": block_size(),
            **fingerprint(options, glossary),  # type: ignore[arg-type]
        }
        sink = PartialFile(args.output, key)
        record = sink.resume()
        if record is not None and not args.quiet:
            done = record["state"]["sentences"]
            line = (
                f"tarjama: resuming {args.output} after {done} of {scan.sentences} sentences "
                f"(checkpoint {sink.record_path})"
            )
            print(visible(line), file=sys.stderr)
    every = args.progress_every if args.progress_every is not None else PROGRESS_EVERY_S
    start = record["state"]["sentences"] if record is not None else 0
    bar = FileProgress(
        args.inputs[0], scan.sentences, enabled=not args.quiet, start=start, every=every
    )
    try:
        tally = run_document(
            translator,
            iter_paragraphs(read_chunks(path, shown)),
            writer,
            sink,
            memory=memory,
            record=record,
            progress=bar.update,
            on_warning=warn,
            name=args.inputs[0],
        )
    except KeyboardInterrupt:
        bar.close()
        print(visible(sink.interrupted(bar.done, scan.sentences)), file=sys.stderr)
        return 130
    finally:
        bar.close()
        sink.close()
    if glossary is not None and not args.quiet:
        print(
            visible(term_line(tally.statuses, tally.last_resort, tally.flags), keep="\n"),
            file=sys.stderr,
        )
    if tally.names and not args.quiet:
        line = f"unknown names: {len(tally.names)} (list them: tarjama names {args.inputs[0]})"
        print(visible(line), file=sys.stderr)
    if memory is not None and not args.quiet:
        # lazy: engine, sqlite3 memory, Ray: when translating, not for `--help`
        from translator.memory.reuse import ReuseReport, reuse_summary

        # reuse_summary counts held-back matches by len(); a resumed run knows only the count
        held: list = [None] * tally.held_back
        summary = reuse_summary(ReuseReport(tally.sentences, tally.reused, held))
        print(visible(summary, keep="\n"), file=sys.stderr)
    return 0


@contextmanager
def _source_file(source: str) -> Iterator[tuple[str, str]]:
    """(a file to read, its name for messages); standard input is first copied to a temp file.

    The input is read twice (a scan for the total, the hash and errors, then the
    translation), which a pipe cannot be; the copy is removed afterwards.
    """
    if source != "-":
        file = Path(source)
        if not file.exists():
            raise TranslatorError(f"input file {source!r} does not exist")
        if file.is_dir():
            raise TranslatorError(f"input {source!r} is a folder; give a text file")
        yield source, repr(source)
        return
    import shutil
    import tempfile

    with tempfile.NamedTemporaryFile(prefix="tarjama-stdin-", suffix=".txt") as copy:
        shutil.copyfileobj(sys.stdin.buffer, copy)
        copy.flush()
        yield copy.name, "standard input"


def _run_corpus(args: argparse.Namespace) -> int:
    # lazy: engine, sqlite3 memory, Ray: when translating, not for `--help`
    from translator.corpus_job import RaySettings, run_corpus

    if args.output is None or args.output == "-":
        raise TranslatorError(
            "translating several files (or a folder) needs -o OUTDIR, the folder for the "
            "English files"
        )
    ray = None
    if args.engine == "ray":
        gpus = args.gpus_per_actor
        if gpus is None:
            gpus = 1.0 if args.device == "cuda" else 0.0
        ray = RaySettings(
            address=args.ray_address or os.environ.get("RAY_ADDRESS") or None,
            actors=args.actors,
            cpus_per_actor=args.cpus_per_actor,
            gpus_per_actor=gpus,
        )
    if args.names:
        check_names_output(args.names, args.files_from)
    compiled = _load_glossary(args.glossary)
    code = run_corpus(
        args.inputs,
        files_from=args.files_from,
        glob=args.glob,
        outdir=Path(args.output),
        options=_job_options(args),
        glossary=compiled.glossary if compiled is not None else None,
        matcher=compiled.matcher if compiled is not None else None,
        memory=open_for_reuse(args.memory, args.no_memory, warn),
        engine=args.engine,
        ray=ray,
        quiet=args.quiet,
        follow_symlinks=args.follow_symlinks,
    )
    if args.names:
        write_corpus_names(args, Path(args.output))
    return code


def term_summary(sentences: list) -> str:
    """One line: the Arabic's names by status, the English's extras, and any last resorts."""
    statuses = Counter(term.status for s in sentences for term in s.terms)
    resorts: Counter[str] = Counter()
    for s in sentences:
        resorts.update(set(getattr(s, "last_resort", [])))
    flagged = Counter(str(f) for s in sentences for t in s.terms for f in getattr(t, "flags", ()))
    return term_line(statuses, resorts, flagged)


def term_line(
    statuses: Counter[str], last_resort: Counter[str], flagged: Counter[str] | None = None
) -> str:
    """``term_summary`` from counts: term statuses, sentences per last resort, term flags."""
    # lazy: the enforcement modules (difflib): not for `tarjama translate --help`
    from translator.enforcement.enforce import LAST_RESORTS
    from translator.enforcement.terms import TermState

    names = sum(statuses.values()) - statuses[TermState.EXTRA]
    line = (
        f"glossary terms: {names} found, {statuses[TermState.OK]} ok, "
        f"{statuses[TermState.ENFORCED]} enforced, {statuses[TermState.MISSING]} missing, "
        f"{statuses[TermState.SUGGESTED]} suggested; {statuses[TermState.EXTRA]} extra"
    )
    resorts = [f"{n} sentence(s) {kind}" for kind in LAST_RESORTS if (n := last_resort[kind])]
    reused = statuses[TermState.TM]
    if reused:
        line += f"; {reused} kept from the translation memory"
    if flagged:  # what enforcement could not keep (translator.enforcement.flags)
        line += "; flagged: " + ", ".join(f"{n} {f}" for f, n in sorted(flagged.items()))
    return line + (f"; last resort: {', '.join(resorts)}" if resorts else "")
