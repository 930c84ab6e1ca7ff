"""The ``segment``, ``translate`` and ``eval`` commands.

Heavy libraries (torch, transformers) are imported inside the handlers so that
``tarjama --help`` and the glossary commands start at once.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from translator.bench import register as register_bench
from translator.errors import TranslatorError
from translator.model_loading import BACKENDS, COMPUTE_TYPES, DEFAULT_MODEL
from translator.source_text import arabic_share, read_source

MOSTLY_NOT_ARABIC = 0.5


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return number


def warn(message: str) -> None:
    print(f"tarjama: warning: {message}", file=sys.stderr)


def write_output(text: str, out: str | None) -> None:
    """Write to stdout, or atomically to ``out`` so a failure leaves no half file.

    A failed write raises AtomicWriteError, a GlossaryError the CLI prints as one line.
    """
    if out is None or out == "-":
        sys.stdout.write(text)
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

    tr = subparsers.add_parser("translate", help="translate an Arabic file sentence by sentence")
    tr.add_argument("input", metavar="FILE", help="Arabic UTF-8 text file, or - for standard input")
    tr.add_argument(
        "-o", "--output", metavar="OUT", help="write here (atomically) instead of stdout"
    )
    tr.add_argument("--format", choices=("text", "jsonl", "tsv"), default="text")
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
    tr.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    tr.set_defaults(func=run_translate)

    ev = subparsers.add_parser("eval", help="score translations: BLEU, chrF, TER (+ term accuracy)")
    ev.add_argument(
        "--hyp", required=True, metavar="FILE", help="system output, one segment a line"
    )
    ev.add_argument(
        "--ref", required=True, metavar="FILE", help="reference, line-aligned with --hyp"
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
    sys.stdout.write("".join(lines))
    return 0


def _load_glossary(path: str | None):  # -> Glossary | None
    if path is None:
        return None
    from glossary.storage import load_glossary

    return load_glossary(path)


def run_translate(args: argparse.Namespace) -> int:
    text = read_source(args.input)
    if args.enforce is not None and args.glossary is None:
        raise TranslatorError("--enforce needs --glossary FILE")
    if args.remove_extras and (args.glossary is None or args.enforce not in (None, "strict")):
        raise TranslatorError("--remove-extras needs --glossary FILE in strict mode")
    glossary = _load_glossary(args.glossary)
    if not text.strip():
        write_output("", args.output)
        return 0
    if arabic_share(text) < MOSTLY_NOT_ARABIC:
        warn(f"{args.input} is mostly not Arabic text; translating it anyway")
    from translator.engine import Translator
    from translator.output_formats import render

    translator = Translator.load(
        args.model,
        args.device,
        backend=args.backend,
        compute_type=args.compute_type,
        beam=args.beam,
        batch_size=args.batch_size,
        glossary=glossary,
        enforce=args.enforce or "strict",
        remove_extras=args.remove_extras,
    )
    with progress_bar("translating", not args.quiet) as update:
        sentences = translator.translate_document(text, update)
    write_output(render(args.format, text, sentences, with_terms=glossary is not None), args.output)
    seen: set[str] = set()
    for sentence in sentences:
        for message in sentence.warnings:
            if message not in seen:
                seen.add(message)
                warn(message)
    if glossary is not None and not args.quiet:
        print(term_summary(sentences), file=sys.stderr)
    return 0


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
    return line + (f"; last resort: {', '.join(resorts)}" if resorts else "")


def _read_lines(path: str) -> list[str]:
    return read_source(path).splitlines()


def run_eval(args: argparse.Namespace) -> int:
    from translator.scoring import corpus_scores

    hyps, refs = _read_lines(args.hyp), _read_lines(args.ref)
    if len(hyps) != len(refs):
        raise TranslatorError(
            f"{args.hyp} has {len(hyps)} lines but {args.ref} has {len(refs)}; "
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
