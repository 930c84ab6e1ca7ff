"""``tarjama eval``: BLEU, chrF and TER with sacrebleu, and the glossary's term accuracy."""

from __future__ import annotations

import argparse
import json

from glossary.matcher import Matcher, TargetFinder
from glossary.storage import load_glossary
from translator.errors import TranslatorError
from translator.source_text import read_source


def declare_arguments(ev: argparse.ArgumentParser) -> None:
    ev.description = (
        "Score line-aligned translations with sacrebleu (lines end at \\n only, "
        "trailing spaces dropped, as sacrebleu's own command reads files)."
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


def _read_lines(path: str) -> list[str]:
    """Lines as sacrebleu's command reads them: split at \\n only, trailing whitespace dropped.

    ``str.splitlines`` would also split at U+2028, NEL, form feed and lone CR, so
    a line count or score could differ from sacrebleu's for the same files.
    """
    # lazy: not loaded by `tarjama eval --help`, which imports this module
    from translator.scoring import split_lines

    return split_lines(read_source(path))


def run_eval(args: argparse.Namespace) -> int:
    # lazy: not loaded by `tarjama eval --help`, which imports this module
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
        accuracy = _term_accuracy(args.src, args.hyp, args.glossary, hyps)
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


def _term_accuracy(src: str, hyp: str, glossary_path: str, hyps: list[str]):  # -> TermAccuracy
    # lazy: not loaded by `tarjama eval --help`, which imports this module
    from translator.enforcement.terms import term_accuracy

    sources = _read_lines(src)
    if len(sources) != len(hyps):
        raise TranslatorError(
            f"{src} has {len(sources)} lines but {hyp} has {len(hyps)}; they must be line-aligned"
        )
    glossary = load_glossary(glossary_path)
    return term_accuracy(sources, hyps, Matcher(glossary), TargetFinder(glossary.targets()))
