"""What strict glossary mode costs over free decoding, and what it does to the English.

On the trained test model (``tests/data/romanizer``, the default) the held-out
seed article is translated free and strict in one process, the two sides
interleaved, ``--rounds`` times each (min and median reported), with three
glossaries made from the romanizer's own: every name spelt unlike the model (all
forced), and ~30 % and ~10 % of the name occurrences forced (the other entries
spelt as the model writes them, ``romanize`` of their Arabic, so the model's own
output already holds them).  For each: strict/free time, chrF lost (strict
against the names reference next to free against the plain reference), term
accuracy, name-free sentences byte-identical to free, and the continuation work
per forced name (backend calls, prefix tokens replayed, new tokens decoded).

``--audit`` checks every re-joined window of the all-forced run: the rest it
took from the current output against the rest the decoder writes when it goes on
from the window to the end, and the next-token distributions after the two
prefixes (KL, top-1).  ``--compare`` translates the all-forced run again with
whole continuations (no windows) and with per-example suppress lists (no shared
lists), and counts the sentences whose English differs.  ``--backends`` runs the
all-forced glossary on the PyTorch backend once and compares it with
CTranslate2's, sentence by sentence.

``--model random`` uses ``tarjama bench``'s random opus-mt-ar-en-sized model
(random weights: no chrF, every name forced, every sentence runs to its cap)
with the seed glossary over the first ``--sentences`` sentences of the article.

    .venv/bin/python benchmarks/bench_strict_speed.py [--rounds 3] [--audit]
        [--compare] [--backends] [--json out.json]
    .venv/bin/python benchmarks/bench_strict_speed.py --model random --sentences 4
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TRAINED = ROOT / "tests" / "data" / "romanizer"
SEED_GLOSSARY = ROOT / "seeds" / "000_33cab2cb41f507af.glossary.tsv"


def share_glossary(glossary: Any, sentences: list[str], share: float) -> Any:
    """``glossary`` with entries respelt as the model writes them until about ``share``
    of the name occurrences in ``sentences`` are still spelt unlike the model."""
    from glossary.entry import Entry
    from glossary.matcher import Matcher
    from glossary.termbase import Glossary
    from translator.romanization import romanize

    if share >= 1.0:
        return glossary
    found = Counter(
        m.target for ms in Matcher(glossary).find_document(sentences) for m in ms if not m.suggest
    )
    total = sum(found.values())
    forced: set[str] = set()
    count = 0
    for entry in sorted(glossary.entries, key=lambda e: (-found[e.target], e.target)):
        n = found[entry.target]
        if n and abs(count + n - share * total) < abs(count - share * total):
            forced.add(entry.target)
            count += n
    entries = []
    for entry in glossary.entries:
        if entry.target in forced:
            entries.append(entry)
            continue
        spelt: dict[str, list[str]] = {}
        for form in entry.forms:
            spelt.setdefault(romanize(form), []).append(form)
        entries.extend(Entry(target, forms, entry.type) for target, forms in spelt.items())
    return Glossary(entries)


def interleaved(free_tr: Any, strict_tr: Any, sentences: list[str], rounds: int) -> dict:
    free_t, strict_t = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        free_tr.translate(sentences)
        free_t.append(time.perf_counter() - start)
        start = time.perf_counter()
        strict_tr.translate(sentences)
        strict_t.append(time.perf_counter() - start)
    return {
        "free_s": [round(t, 3) for t in free_t],
        "strict_s": [round(t, 3) for t in strict_t],
        "ratio_min": round(min(strict_t) / min(free_t), 2),
        "ratio_median": round(statistics.median(strict_t) / statistics.median(free_t), 2),
    }


def quality(
    sentences: list[str], glossary: Any, free: list[Any], strict: list[Any], trained: bool
) -> dict[str, Any]:
    from sacrebleu.metrics import CHRF

    from glossary.matcher import Matcher, TargetFinder
    from tests.support.names_reference import names_reference
    from translator.enforcement.terms import term_accuracy
    from translator.romanization import romanize

    matches = [
        [m for m in ms if not m.suggest] for ms in Matcher(glossary).find_document(sentences)
    ]
    free_text = [t.target for t in free]
    strict_text = [t.target for t in strict]
    unnamed = [i for i, ms in enumerate(matches) if not ms]
    accuracy = term_accuracy(
        sentences, strict_text, Matcher(glossary), TargetFinder(glossary.targets())
    )
    out: dict[str, Any] = {
        "names": sum(map(len, matches)),
        "statuses": dict(Counter(t.status for r in strict for t in r.terms)),
        "flags": dict(Counter(str(f) for r in strict for t in r.terms for f in t.flags)),
        "term_accuracy": round(accuracy.accuracy, 4),
        "false_insertions": accuracy.false_insertions,
        "unnamed_identical": f"{sum(strict_text[i] == free_text[i] for i in unnamed)}"
        f"/{len(unnamed)}",
        "fallbacks": sum("pytorch-fallback" in r.last_resort for r in strict),
    }
    if trained:
        chrf = CHRF()
        plain = [romanize(s) for s in sentences]
        names = [names_reference(s, ms) for s, ms in zip(sentences, matches, strict=True)]
        free_chrf = chrf.corpus_score(free_text, [plain]).score
        strict_chrf = chrf.corpus_score(strict_text, [names]).score
        out |= {
            "free_chrf": round(free_chrf, 2),
            "strict_chrf": round(strict_chrf, 2),
            "chrf_lost": round(free_chrf - strict_chrf, 2),
        }
    return out


def work_per_name(strict_tr: Any, sentences: list[str]) -> tuple[list[Any], dict[str, Any]]:
    """One strict run with the continuation counters reset: its output and the work done."""
    pg = strict_tr._prefix_glossary
    runtime = pg.runtime
    runtime.stats.clear()
    pg.windows.clear()
    out = strict_tr.translate(sentences)
    forced = sum(t.status == "enforced" for r in out for t in r.terms)
    stats = dict(runtime.stats)
    per = max(1, forced)
    return out, {
        "forced": forced,
        "calls": stats.get("calls", 0),
        "sequences": stats.get("sequences", 0),
        "replayed": stats.get("replayed", 0),
        "generated": stats.get("generated", 0),
        "filled_prefixes_skipped": stats.get("filled", 0),
        "windows": dict(pg.windows),
        "calls_per_name": round(stats.get("calls", 0) / per, 2),
        "sequences_per_name": round(stats.get("sequences", 0) / per, 2),
        "tokens_per_name": round((stats.get("replayed", 0) + stats.get("generated", 0)) / per, 1),
        "new_tokens_per_name": round(stats.get("generated", 0) / per, 1),
    }


def audit_rejoins(strict_tr: Any, sentences: list[str], beam: int) -> dict[str, Any]:
    """Each re-joined window: the taken rest against the decoder's own, and the next-token
    distributions after the window and after the current output at that point."""
    import numpy as np

    pg = strict_tr._prefix_glossary
    ct2 = pg.runtime
    pg.rejoins = []
    strict_tr.translate(sentences)
    events, pg.rejoins = pg.rejoins, None
    same = same_text = 0
    kls: list[float] = []
    top1 = 0
    differing: list[dict[str, Any]] = []
    for e in events:
        (full,) = ct2.continue_from(
            e.source, e.window, num_beams=beam, max_tokens=e.cap, suppress=e.suppress
        )()
        same += full.ids == e.output
        same_text += ct2.text(full.ids) == ct2.text(e.output)
        if ct2.text(full.ids) != ct2.text(e.output) and len(differing) < 5:
            differing.append({"taken": ct2.text(e.output), "decoded": ct2.text(full.ids)})
        dists = []
        for prefix in (e.window, e.own):
            (res,) = ct2.translator.translate_batch(
                [e.source],
                target_prefix=[ct2.tokenizer.convert_ids_to_tokens(prefix)],
                beam_size=1,
                max_decoding_length=len(prefix) + 1,
                max_input_length=0,
                return_logits_vocab=True,
            )
            logits = np.asarray(res.logits[0][len(prefix)], dtype=np.float64)
            logits = logits - logits.max()
            dists.append(logits - np.log(np.exp(logits).sum()))
        p, q = dists
        kls.append(float(np.sum(np.exp(q) * (q - p))))
        top1 += int(np.argmax(p) == np.argmax(q))
    n = max(1, len(events))
    return {
        "rejoins": len(events),
        "rest_identical_to_decoding_on": f"{same}/{len(events)}",
        "rest_same_text_as_decoding_on": f"{same_text}/{len(events)}",
        "next_token_top1_agrees": f"{top1}/{len(events)}",
        "kl_median": round(statistics.median(kls), 5) if kls else None,
        "kl_max": round(max(kls), 5) if kls else None,
        "kl_mean": round(sum(kls) / n, 5),
        "differing_examples": differing,
    }


def compare_variants(
    strict_tr: Any, sentences: list[str], glossary: Any, base: list[Any], trained: bool
) -> dict[str, Any]:
    """The all-forced run again without windows and without shared suppress lists."""
    from translator.enforcement import prefix_glossary as pg

    saved = pg.WINDOWS, pg.SHARE_SUPPRESSION
    out: dict[str, Any] = {}
    try:
        for name, windows, share in (
            ("whole continuations, own suppress lists", (None,), False),
            ("windows, own suppress lists", saved[0], False),
        ):
            pg.WINDOWS, pg.SHARE_SUPPRESSION = windows, share
            start = time.perf_counter()
            other = strict_tr.translate(sentences)
            took = time.perf_counter() - start
            differ = [
                i for i, (a, b) in enumerate(zip(base, other, strict=True)) if a.target != b.target
            ]
            entry: dict[str, Any] = {
                "time_s": round(took, 3),
                "sentences_differing_from_default": len(differ),
                "examples": [
                    {"default": base[i].target, "variant": other[i].target} for i in differ[:3]
                ],
            }
            if trained:
                q = quality(sentences, glossary, other, other, trained)
                entry["strict_chrf"] = q["strict_chrf"]
            out[name] = entry
    finally:
        pg.WINDOWS, pg.SHARE_SUPPRESSION = saved
    return out


def compare_backends(model: str, glossary: Any, sentences: list[str], beam: int) -> dict:
    from translator.engine import Translator

    runs = {}
    for backend in ("ctranslate2", "transformers"):
        free = Translator.load(model, backend=backend, beam=beam).translate(sentences)
        strict = Translator.load(
            model, backend=backend, beam=beam, glossary=glossary, enforce="strict"
        ).translate(sentences)
        runs[backend] = (free, strict)
    (cf, cs), (tf, ts) = runs["ctranslate2"], runs["transformers"]
    same_free = [i for i in range(len(sentences)) if cf[i].target == tf[i].target]
    differ = [i for i in same_free if cs[i].target != ts[i].target]
    statuses_differ = sum(
        [t.status for t in cs[i].terms] != [t.status for t in ts[i].terms]
        for i in range(len(sentences))
    )
    return {
        "sentences": len(sentences),
        "free_identical": len(same_free),
        "strict_differs_where_free_identical": len(differ),
        "statuses_differ": statuses_differ,
        "examples": [
            {"ctranslate2": cs[i].target, "transformers": ts[i].target} for i in differ[:5]
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=str(TRAINED), help="model folder, or 'random'")
    parser.add_argument("--glossary", type=Path, help="default: the model's (or the seed's)")
    parser.add_argument("--sentences", type=int, help="first N sentences only")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--shares", type=float, nargs="+", default=[1.0, 0.3, 0.1])
    parser.add_argument("--audit", action="store_true", help="check every re-joined window")
    parser.add_argument("--compare", action="store_true", help="outputs without the shortcuts")
    parser.add_argument("--backends", action="store_true", help="CTranslate2 against PyTorch")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)

    from glossary.storage import load_glossary
    from translator.engine import Translator
    from translator.model_loading import configure_threads

    configure_threads()
    trained = args.model != "random"
    if trained:
        from tests.support.trained_model import held_out_sentences

        model = args.model
        sentences = held_out_sentences()
        glossary_path = args.glossary or Path(model) / "names.tsv"
    else:
        from translator.bench.command import random_model_dir
        from translator.bench.seed import bench_sentences

        model = str(random_model_dir())
        sentences = bench_sentences(args.sentences or 4)
        glossary_path = args.glossary or SEED_GLOSSARY
        args.shares = [1.0]
    sentences = sentences[: args.sentences]
    glossary = load_glossary(glossary_path)
    free_tr = Translator.load(model, backend="ctranslate2", beam=args.beam)
    free = free_tr.translate(sentences)  # warm-up, and the free English
    report: dict[str, Any] = {
        "model": model,
        "glossary": str(glossary_path),
        "sentences": len(sentences),
        "beam": args.beam,
        "rounds": args.rounds,
        "configs": {},
    }
    for share in args.shares:
        variant = share_glossary(glossary, sentences, share)
        strict_tr = Translator.load(
            model, backend="ctranslate2", beam=args.beam, glossary=variant, enforce="strict"
        )
        strict, work = work_per_name(strict_tr, sentences)  # warm-up, counted
        config: dict[str, Any] = {"time": interleaved(free_tr, strict_tr, sentences, args.rounds)}
        config |= quality(sentences, variant, free, strict, trained)
        config["work"] = work
        if share >= 1.0 and args.audit:
            config["audit"] = audit_rejoins(strict_tr, sentences, args.beam)
        if share >= 1.0 and args.compare:
            config["compare"] = compare_variants(strict_tr, sentences, variant, strict, trained)
        report["configs"][f"{share:.0%} forced"] = config
        print(f"== {share:.0%} of name occurrences spelt unlike the model", flush=True)
        print(json.dumps(config, ensure_ascii=False, indent=1), flush=True)
    if args.backends:
        report["backends"] = compare_backends(model, glossary, sentences, args.beam)
        print("== backends", json.dumps(report["backends"], ensure_ascii=False, indent=1))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
