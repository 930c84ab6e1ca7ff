"""The ``segment``, ``translate`` and ``eval`` commands.

Heavy libraries (torch, transformers) are imported inside the handlers so that
``tarjama --help`` and the glossary commands start at once.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from glossary.safe_text import for_terminal, visible
from translator.bench.command import register as register_bench
from translator.errors import TranslatorError
from translator.memory.options import add_memory_options, open_for_reuse
from translator.model_loading import BACKENDS, COMPUTE_TYPES, DEFAULT_MODEL
from translator.source_text import (
    SourceScan,
    iter_paragraphs,
    read_chunks,
    read_source,
    scan_source,
)

if TYPE_CHECKING:
    from translator.corpus import JobOptions
    from translator.output_formats import StreamWriter


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return number


def number_from(minimum: float, *, inclusive: bool) -> Callable[[str], float]:
    """An argparse type for numbers above ``minimum`` (or equal to it, if ``inclusive``)."""

    def parse(value: str) -> float:
        try:
            number = float(value)
        except ValueError:
            number = float("nan")  # fails both comparisons below
        if not (number >= minimum if inclusive else number > minimum):
            bound = f"of at least {minimum:g}" if inclusive else f"above {minimum:g}"
            raise argparse.ArgumentTypeError(f"expected a number {bound}, got {value!r}")
        return number

    return parse


def warn(message: str) -> None:
    print(f"tarjama: warning: {visible(message)}", file=sys.stderr)


def write_output(text: str, out: str | None) -> None:
    """Write to stdout, or atomically to ``out`` so a failure leaves no half file.

    A failed write raises AtomicWriteError, a GlossaryError the CLI prints as one line.
    """
    if out is None or out == "-":
        sys.stdout.write(for_terminal(text, sys.stdout))
        sys.stdout.flush()
        return
    from glossary.atomic import write_text_atomic

    write_text_atomic(out, text)


@contextmanager
def progress_bar(label: str, enabled: bool) -> Iterator[object]:
    """A rich progress bar on stderr; a no-op callback when stderr is not a terminal."""
    if not enabled or not sys.stderr.isatty():
        yield lambda done, total: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def register(subparsers: argparse._SubParsersAction) -> None:
    seg = subparsers.add_parser("segment", help="split Arabic text into sentences (JSON lines)")
    seg.add_argument(
        "input", metavar="FILE", help="Arabic UTF-8 text file, or - for standard input"
    )
    seg.set_defaults(func=run_segment)

    tr = subparsers.add_parser(
        "translate",
        help="translate Arabic files sentence by sentence (one file, or folders into -o OUTDIR)",
        description="Translate one Arabic file (to standard output or -o FILE), or many "
        "files, folders and listed paths into -o OUTDIR, one English file per input, "
        "resumably. '-' as IN is Arabic text on standard input (translated alone); "
        "--files-from - reads a list of paths from standard input instead, so that '-' "
        "means standard input data for every file argument, as in every other command.",
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
    tr.add_argument("--format", choices=("text", "jsonl", "tsv", "xliff"), default="text")
    tr.add_argument(
        "--xliff-version", choices=("2.1", "1.2"), default="2.1", help="with --format xliff"
    )
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

    ev = subparsers.add_parser(
        "eval",
        help="score translations: BLEU, chrF, TER (+ term accuracy)",
        description="Score line-aligned translations with sacrebleu (lines end at \\n only, "
        "trailing spaces dropped, as sacrebleu's own command reads files).",
    )
    ev.add_argument(
        "--hyp", required=True, metavar="FILE", help="system output, one segment a line, or -"
    )
    ev.add_argument(
        "--ref",
        required=True,
        metavar="FILE",
        nargs="+",
        action="extend",
        help="reference(s), line-aligned with --hyp; several files (--ref A B, or --ref A "
        "--ref B) are scored together as multiple references, as sacrebleu does",
    )
    ev.add_argument("--src", metavar="FILE", help="Arabic source, line-aligned (for term accuracy)")
    ev.add_argument("--glossary", metavar="FILE", help="glossary (for term accuracy, with --src)")
    ev.add_argument("--json", action="store_true", help="print one JSON object")
    ev.set_defaults(func=run_eval)

    register_bench(subparsers, positive_int)


def run_segment(args: argparse.Namespace) -> int:
    from translator.segment import segment

    text = read_source(args.input)
    lines = (
        json.dumps(
            {"paragraph": s.paragraph, "start": s.start, "end": s.end, "text": s.text},
            ensure_ascii=False,
        )
        + "\n"
        for s in segment(text)
    )
    sys.stdout.write(for_terminal("".join(lines), sys.stdout))
    return 0


def _load_glossary(path: str | None):  # -> Glossary | None
    if path is None:
        return None
    from glossary.storage import load_glossary

    return load_glossary(path)


def _job_options(args: argparse.Namespace) -> JobOptions:
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
    from translator.corpus_files import check_output, refuse_output_onto_input
    from translator.memory.location import memory_path

    source = args.inputs[0]
    refuse_output_onto_input(source, args.output)
    check_output(args.output, force=args.force, inputs=[
        ("the glossary", args.glossary),
        ("the translation memory", None if args.no_memory else memory_path(args.memory)),
    ])  # fmt: skip
    glossary = _load_glossary(args.glossary)
    options = _job_options(args)
    with _source_file(source) as (path, shown):
        scan = scan_source(read_chunks(path, shown))
        writer = options.writer(source, glossary is not None, scan.sha256)
        if scan.empty:  # nothing to translate: no model; XLIFF is still a valid file
            write_output(writer.begin() + writer.end(), args.output)
            return 0
        if scan.mostly_not_arabic:
            warn(f"{source} is mostly not Arabic text; translating it anyway")
        return _translate_streamed(args, options, glossary, path, shown, scan, writer)


def _translate_streamed(
    args: argparse.Namespace,
    options: JobOptions,
    glossary: object,
    path: str,
    shown: str,
    scan: SourceScan,
    writer: StreamWriter,
) -> int:
    from translator.corpus import fingerprint
    from translator.corpus_progress import PROGRESS_EVERY_S, FileProgress
    from translator.engine import block_size
    from translator.resumable import PartialFile, Sink, StdoutSink, run_document

    memory = open_for_reuse(args.memory, args.no_memory, warn)
    translator = options.load(glossary)  # type: ignore[arg-type]
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
        from translator.names.cli import check_names_output

        check_names_output(args.names, args.files_from)
    code = run_corpus(
        args.inputs,
        files_from=args.files_from,
        glob=args.glob,
        outdir=Path(args.output),
        options=_job_options(args),
        glossary=_load_glossary(args.glossary),
        memory=open_for_reuse(args.memory, args.no_memory, warn),
        engine=args.engine,
        ray=ray,
        quiet=args.quiet,
        follow_symlinks=args.follow_symlinks,
    )
    if args.names:
        from translator.names.cli import write_corpus_names

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
    from translator.enforcement.enforce import LAST_RESORTS

    names = sum(statuses.values()) - statuses["extra"]
    line = (
        f"glossary terms: {names} found, {statuses['ok']} ok, "
        f"{statuses['enforced']} enforced, {statuses['missing']} missing, "
        f"{statuses['suggested']} suggested; {statuses['extra']} extra"
    )
    resorts = [f"{n} sentence(s) {kind}" for kind in LAST_RESORTS if (n := last_resort[kind])]
    reused = statuses["tm"]
    if reused:
        line += f"; {reused} kept from the translation memory"
    if flagged:  # what enforcement could not keep (translator.enforcement.flags)
        line += "; flagged: " + ", ".join(f"{n} {f}" for f, n in sorted(flagged.items()))
    return line + (f"; last resort: {', '.join(resorts)}" if resorts else "")


def _read_lines(path: str) -> list[str]:
    """Lines as sacrebleu's command reads them: split at \\n only, trailing whitespace dropped.

    ``str.splitlines`` would also split at U+2028, NEL, form feed and lone CR, so
    a line count or score could differ from sacrebleu's for the same files.
    """
    from translator.scoring import split_lines

    return split_lines(read_source(path))


def run_eval(args: argparse.Namespace) -> int:
    from translator.scoring import corpus_scores

    inputs = [args.hyp, *args.ref] + ([args.src] if args.src is not None else [])
    if inputs.count("-") > 1:
        raise TranslatorError("only one of --hyp, --ref and --src can be - (standard input)")
    hyps = _read_lines(args.hyp)
    refs = [_read_lines(ref) for ref in args.ref]
    for name, lines in zip(args.ref, refs, strict=True):
        if len(lines) != len(hyps):
            raise TranslatorError(
                f"{args.hyp} has {len(hyps)} lines but {name} has {len(lines)}; "
                "they must be line-aligned"
            )
    result: dict[str, object] = {}
    rows: list[tuple[str, str, str]] = []
    for score in corpus_scores(hyps, refs):
        result[score.key] = score.score
        result[f"{score.key}_signature"] = score.signature
        rows.append((score.name, f"{score.score:.2f}", score.signature))
    if (args.src is None) != (args.glossary is None):
        raise TranslatorError("term accuracy needs both --src FILE and --glossary FILE")
    if args.src is not None:
        accuracy = _term_accuracy(args, hyps)
        result.update(
            term_accuracy=round(accuracy.accuracy, 4),
            terms_total=accuracy.total,
            terms_correct=accuracy.correct,
            term_extras=accuracy.extras,
        )
        rows.append(
            (
                "Term accuracy",
                f"{accuracy.accuracy:.4f}",
                f"{accuracy.correct}/{accuracy.total} exact; {accuracy.extras} extra "
                "(glossary names the Arabic's matches do not call for)",
            )
        )
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table("metric", "score", "signature / detail")
        for row in rows:
            table.add_row(*row)
        Console().print(table)
    return 0


def _term_accuracy(args: argparse.Namespace, hyps: list[str]):  # -> TermAccuracy
    from glossary.matcher import Matcher, TargetFinder
    from translator.enforcement.terms import term_accuracy

    sources = _read_lines(args.src)
    if len(sources) != len(hyps):
        raise TranslatorError(
            f"{args.src} has {len(sources)} lines but {args.hyp} has {len(hyps)}; "
            "they must be line-aligned"
        )
    glossary = _load_glossary(args.glossary)
    return term_accuracy(sources, hyps, Matcher(glossary), TargetFinder(glossary.targets()))
