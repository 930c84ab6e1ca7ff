"""The ``segment``, ``translate`` and ``eval`` commands.

Heavy libraries (torch, transformers) are imported inside the handlers so that
``tarjama --help`` and the glossary commands start at once.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from glossary.safe_text import for_terminal, visible
from translator.bench import register as register_bench
from translator.errors import TranslatorError
from translator.memory.options import add_memory_options, open_for_reuse
from translator.model_loading import BACKENDS, COMPUTE_TYPES, DEFAULT_MODEL
from translator.source_text import mostly_not_arabic, read_source

if TYPE_CHECKING:
    from translator.corpus import JobOptions


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
        "--files-from",
        metavar="LIST",
        help="also translate the files listed in LIST, one path a line (- reads the list "
        "from standard input); their outputs keep the paths as listed",
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
    source = args.inputs[0]
    from translator.corpus_files import refuse_output_onto_input

    refuse_output_onto_input(source, args.output)
    text = read_source(source)
    glossary = _load_glossary(args.glossary)
    if not text.strip():  # nothing to translate: no model; XLIFF is still a valid file
        empty = ""
        if args.format == "xliff":
            empty = _job_options(args).render(text, [], source, glossary is not None)
        write_output(empty, args.output)
        return 0
    if mostly_not_arabic(text):
        warn(f"{source} is mostly not Arabic text; translating it anyway")
    from translator.corpus import render_translation

    memory = open_for_reuse(args.memory, args.no_memory, warn)
    options = _job_options(args)
    translator = options.load(glossary)
    with progress_bar("translating", not args.quiet) as update:
        output, sentences, report = render_translation(
            translator, text, options, name=source, memory=memory, progress=update
        )
    write_output(output, args.output)
    seen: set[str] = set()
    for sentence in sentences:
        for message in sentence.warnings:
            if message not in seen:
                seen.add(message)
                warn(message)
    if glossary is not None and not args.quiet:
        print(visible(term_summary(sentences), keep="\n"), file=sys.stderr)
    if report is not None and not args.quiet:
        from translator.memory.reuse import reuse_summary

        print(visible(reuse_summary(report), keep="\n"), file=sys.stderr)
    return 0


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
    return run_corpus(
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
    )


def term_summary(sentences: list) -> str:
    """One line: the Arabic's names by status, the English's extras, and any last resorts."""
    from translator.enforcement.enforce import LAST_RESORTS

    statuses = [term.status for s in sentences for term in s.terms]
    names = len(statuses) - statuses.count("extra")
    line = (
        f"glossary terms: {names} found, {statuses.count('ok')} ok, "
        f"{statuses.count('enforced')} enforced, {statuses.count('missing')} missing, "
        f"{statuses.count('suggested')} suggested; {statuses.count('extra')} extra"
    )
    resorts = [
        f"{n} sentence(s) {kind}"
        for kind in LAST_RESORTS
        if (n := sum(1 for s in sentences if kind in getattr(s, "last_resort", [])))
    ]
    reused = statuses.count("tm")
    if reused:
        line += f"; {reused} kept from the translation memory"
    flagged = collections.Counter(
        str(f) for s in sentences for term in s.terms for f in getattr(term, "flags", ())
    )
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
