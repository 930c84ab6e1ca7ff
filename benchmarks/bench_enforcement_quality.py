"""What strict enforcement does to the English around a name, on a model that knows its task.

The trained test model (``tests/support/trained_model.py``) romanizes Arabic word by
word, so the right output of any sentence is known exactly: ``romanize`` for
free decoding, and ``names_reference`` (the romanization with each glossary
match replaced by its target) under strict enforcement.  On the held-out seed
article, with the romanizer's glossary (names spelt unlike the model's own
romanization, so every one of them must be forced), this script translates
free and strict on each backend, in one run, and reports:

* term accuracy of the strict output (``enforcement.terms.term_accuracy``);
* chrF of the strict output against the names-substituted reference next to
  chrF of the free output against the plain reference (goal: enforcement
  costs at most 1 point);
* the share of sentences without names whose strict output is byte-identical
  to free decoding (goal: 100 %);
* time strict / free, best of ``--repeat`` runs each (goal on the fast path:
  at most 1.5x);
* the free model's own health: chrF, sentences ended by EOS before the length
  cap, how often its alignment head peaks on the source word being written,
  and how often it goes on with exactly the reference's words when the
  reference up to a name is forced as a CTranslate2 prefix (the ceiling of
  forced-prefix enforcement with every name in its right place);
* the worst sentences, strict output against reference, to see the damage.

    .venv/bin/python benchmarks/bench_enforcement_quality.py [--backend ctranslate2]
        [--backend transformers] [--json out.json] [--worst 5]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MODEL = ROOT / "tests" / "data" / "romanizer"
GLOSSARY = MODEL / "names.tsv"
BACKENDS = ("ctranslate2", "transformers")


def timed(translator: Any, sentences: list[str], repeat: int) -> tuple[list[Any], float]:
    """Outputs of the first run and the best wall time over ``repeat`` runs."""
    best = float("inf")
    first: list[Any] | None = None
    for _ in range(repeat):
        start = time.perf_counter()
        out = translator.translate(sentences)
        best = min(best, time.perf_counter() - start)
        first = first if first is not None else out
    assert first is not None
    return first, best


def run_backend(
    backend: str,
    model: Path,
    glossary: Any,
    sentences: list[str],
    plain_refs: list[str],
    names_refs: list[str],
    has_names: list[bool],
    args: argparse.Namespace,
) -> dict[str, Any]:
    from sacrebleu.metrics import CHRF

    from glossary.matcher import Matcher, TargetFinder
    from tests.support.trained_model_checks import decode, free_report
    from translator.enforcement.terms import term_accuracy
    from translator.engine import Translator

    health = free_report(decode(model, sentences, backend, args.beam), plain_refs)
    options = {"compute_type": args.compute_type}
    free_tr = Translator.load(str(model), backend=backend, beam=args.beam, **options)
    strict_tr = Translator.load(
        str(model), backend=backend, beam=args.beam, glossary=glossary, enforce="strict",
        **options,
    )  # fmt: skip
    # Warm-up: conversion cache, lazy loads, first-call allocations stay out of the timing.
    free_tr.translate(sentences[:2])
    strict_tr.translate(sentences[:2])
    repeat = args.repeat if backend == "ctranslate2" else 1  # the time goal is the fast path's
    free, t_free = timed(free_tr, sentences, repeat)
    strict, t_strict = timed(strict_tr, sentences, repeat)
    free_text = [t.target for t in free]
    strict_text = [t.target for t in strict]

    chrf = CHRF()
    free_chrf = chrf.corpus_score(free_text, [plain_refs]).score
    strict_chrf = chrf.corpus_score(strict_text, [names_refs]).score
    named = [i for i, has in enumerate(has_names) if has]
    unnamed = [i for i, has in enumerate(has_names) if not has]
    free_named = chrf.corpus_score([free_text[i] for i in named], [[plain_refs[i] for i in named]])
    strict_named = chrf.corpus_score(
        [strict_text[i] for i in named], [[names_refs[i] for i in named]]
    )
    accuracy = term_accuracy(
        sentences, strict_text, Matcher(glossary), TargetFinder(glossary.targets())
    )
    statuses = Counter(term.status for t in strict for term in t.terms)
    warnings = sum(len(t.warnings) for t in strict)
    identical = sum(strict_text[i] == free_text[i] for i in unnamed)
    per_sentence = [
        {
            "index": i,
            "chrf": round(chrf.sentence_score(strict_text[i], [names_refs[i]]).score, 2),
            "source": sentences[i],
            "reference": names_refs[i],
            "free": free_text[i],
            "strict": strict_text[i],
            "terms": [f"{t.target}:{t.status}" for t in strict[i].terms],
            "warnings": list(strict[i].warnings),
        }
        for i in range(len(sentences))
    ]
    return {
        "backend": backend,
        "free_chrf": round(free_chrf, 2),
        "strict_chrf": round(strict_chrf, 2),
        "chrf_cost": round(free_chrf - strict_chrf, 2),
        "free_chrf_named": round(free_named.score, 2),
        "strict_chrf_named": round(strict_named.score, 2),
        "term_accuracy": round(accuracy.accuracy, 4),
        "terms": accuracy.total,
        "terms_correct": accuracy.correct,
        "false_insertions": accuracy.false_insertions,
        "statuses": dict(statuses),
        "warnings": warnings,
        "unnamed_sentences": len(unnamed),
        "unnamed_identical": identical,
        "time_free_s": round(t_free, 3),
        "time_strict_s": round(t_strict, 3),
        "time_ratio": round(t_strict / t_free, 2),
        "free_model": health,
        "sentences": per_sentence,
    }


def print_table(results: list[dict[str, Any]], names: int, count: int) -> None:
    print(f"{count} held-out sentences, {names} names; chrF: sacrebleu defaults")
    rows = [
        ("free chrF vs plain reference", "free_chrf"),
        ("strict chrF vs names reference", "strict_chrf"),
        ("chrF lost to enforcement (goal <= 1)", "chrf_cost"),
        ("  sentences with names: free / strict", None),
        ("term accuracy (goal 1.0)", "term_accuracy"),
        ("false insertions", "false_insertions"),
        ("statuses", None),
        ("sentences without names identical to free (goal 100 %)", None),
        ("time strict / free (goal <= 1.5x on ctranslate2)", None),
        ("free model: exact sentences", None),
        ("free model: ended by EOS before the cap", None),
        ("free model: alignment head on the written word", None),
    ]
    width = max(len(label) for label, _ in rows)
    print(f"{'':{width}}  " + "  ".join(f"{r['backend']:>28}" for r in results))
    for label, key in rows:
        cells = []
        for r in results:
            h = r["free_model"]
            if key is not None:
                cells.append(str(r[key]))
            elif label.startswith("  sentences"):
                cells.append(f"{r['free_chrf_named']} / {r['strict_chrf_named']}")
            elif label == "statuses":
                cells.append(", ".join(f"{n} {s}" for s, n in sorted(r["statuses"].items())))
            elif label.startswith("sentences without"):
                share = r["unnamed_identical"] / max(1, r["unnamed_sentences"])
                cells.append(f"{r['unnamed_identical']}/{r['unnamed_sentences']} ({share:.0%})")
            elif label.startswith("time"):
                cells.append(f"{r['time_ratio']}x ({r['time_strict_s']} / {r['time_free_s']} s)")
            elif label.endswith("exact sentences"):
                cells.append(f"{h['exact']}/{h['sentences']}")
            elif label.endswith("cap"):
                cells.append(f"{h['stopped_by_eos']}/{h['sentences']}")
            else:
                cells.append(f"{h['attention_on_word']:.1%} of {h['attention_pieces']} pieces")
        print(f"{label:{width}}  " + "  ".join(f"{c:>28}" for c in cells))


def print_worst(results: list[dict[str, Any]], worst: int) -> None:
    for r in results:
        ranked = sorted(r["sentences"], key=lambda s: s["chrf"])[:worst]
        print(f"\nworst {len(ranked)} strict sentences on {r['backend']} (chrF vs names ref):")
        for s in ranked:
            print(f"  [{s['index']}] chrF {s['chrf']}  terms: {', '.join(s['terms'])}")
            print(f"    reference: {s['reference']}")
            print(f"    strict:    {s['strict']}")
            if s["free"] != s["reference"]:
                print(f"    free:      {s['free']}")
            for warning in s["warnings"]:
                print(f"    warning:   {warning}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=MODEL, help="trained model folder")
    parser.add_argument("--glossary", type=Path, default=GLOSSARY)
    parser.add_argument(
        "--backend", action="append", choices=BACKENDS, help="repeat for both (default: both)"
    )
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument(
        "--compute-type", default="int8", help="CTranslate2's compute type (default int8)"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed runs per side on ctranslate2; best kept"
    )
    parser.add_argument("--worst", type=int, default=5, help="worst strict sentences to print")
    parser.add_argument("--json", type=Path, help="write every figure and sentence here")
    parser.add_argument("--sentences", type=int, help="first N held-out sentences only")
    args = parser.parse_args(argv)

    from glossary.storage import load_glossary
    from tests.support.names_reference import names_reference
    from tests.support.trained_model import held_out_sentences
    from translator.model_loading import configure_threads
    from translator.romanization import romanize

    configure_threads()
    glossary = load_glossary(args.glossary)
    sentences = held_out_sentences()[: args.sentences]
    from glossary.matcher import Matcher

    matches = [
        [m for m in found if not m.suggest] for found in Matcher(glossary).find_document(sentences)
    ]
    plain_refs = [romanize(s) for s in sentences]
    names_refs = [names_reference(s, found) for s, found in zip(sentences, matches, strict=True)]
    has_names = [bool(found) for found in matches]
    results = [
        run_backend(b, args.model, glossary, sentences, plain_refs, names_refs, has_names, args)
        for b in (args.backend or BACKENDS)
    ]
    from tests.support.trained_model_checks import continuations_after_names

    continued = continuations_after_names(args.model, sentences, matches, args.beam)
    exact = sum(c.output == c.expected for c in continued)
    print_table(results, sum(map(len, matches)), len(sentences))
    print(
        f"forced-prefix ceiling (ctranslate2): after {exact}/{len(continued)} names forced "
        "with the reference before them, the model wrote exactly the reference's rest"
    )
    print_worst(results, args.worst)
    if args.json:
        payload = {
            "model": str(args.model),
            "glossary": str(args.glossary),
            "beam": args.beam,
            "held_out_sentences": len(sentences),
            "names": sum(map(len, matches)),
            "continuation_exact": exact,
            "continuations": [c.__dict__ for c in continued],
            "backends": results,
        }
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
