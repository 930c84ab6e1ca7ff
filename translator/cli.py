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
from translator.memory.options import add_memory_options, open_for_reuse
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
    sys.stdout.write("".join(lines))
    return 0


def _load_glossary(path: str | None):  # -> Glossary | None
    if path is None:
        return None
    from glossary.storage import load_glossary

    return load_glossary(path)


def _rendered(args: argparse.Namespace, text: str, sentences: list, glossary: object) -> str:
    """The translation in ``--format`` (no sentences: an empty text, or an empty XLIFF)."""
    from translator.output_formats import render

    return render(
        args.format,
        text,
        sentences,
        glossary is not None,
        name=args.input,
        model=args.model,
        glossary=args.glossary,
        xliff_version=args.xliff_version,
    )


def run_translate(args: argparse.Namespace) -> int:
    text = read_source(args.input)
    if args.enforce is not None and args.glossary is None:
        raise TranslatorError("--enforce needs --glossary FILE")
    glossary = _load_glossary(args.glossary)
    if not text.strip():  # nothing to translate: no model; XLIFF is still a valid file
        write_output(
            _rendered(args, text, [], glossary) if args.format == "xliff" else "", args.output
        )
        return 0
    if arabic_share(text) < MOSTLY_NOT_ARABIC:
        warn(f"{args.input} is mostly not Arabic text; translating it anyway")
    from translator.engine import Translator

    memory = open_for_reuse(args.memory, args.no_memory, warn)
    translator = Translator.load(
        args.model,
        args.device,
        backend=args.backend,
        compute_type=args.compute_type,
        beam=args.beam,
        batch_size=args.batch_size,
        glossary=glossary,
        enforce=args.enforce or "strict",
    )
    reuse = None
    with progress_bar("translating", not args.quiet) as update:
        if memory is None:
            sentences = translator.translate_document(text, update)
        else:
            from translator.memory.reuse import MemoryReuse

            reuse = MemoryReuse(translator, memory)
            sentences = reuse.translate_document(text, update)
    write_output(_rendered(args, text, sentences, glossary), args.output)
    seen: set[str] = set()
    for sentence in sentences:
        for message in sentence.warnings:
            if message not in seen:
                seen.add(message)
                warn(message)
    if glossary is not None and not args.quiet:
        print(term_summary(sentences), file=sys.stderr)
    if reuse is not None and not args.quiet:
        from translator.memory.reuse import reuse_summary

        print(reuse_summary(reuse.report), file=sys.stderr)
    return 0


def term_summary(sentences: list) -> str:
    statuses = [term.status for s in sentences for term in s.terms]
    line = (
        f"glossary terms: {len(statuses)} found, {statuses.count('ok')} ok, "
        f"{statuses.count('enforced')} enforced, {statuses.count('missing')} missing"
    )
    reused = statuses.count("tm")
    return line + (f", {reused} kept from the translation memory" if reused else "")


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
            term_false_insertions=accuracy.false_insertions,
        )
        rows.append(
            (
                "Term accuracy",
                f"{accuracy.accuracy:.4f}",
                f"{accuracy.correct}/{accuracy.total} exact, "
                f"{accuracy.false_insertions} false insertions",
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
