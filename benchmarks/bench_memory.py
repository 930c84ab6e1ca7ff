"""Benchmark: the translation memory at 100,000 segment pairs, and reuse of approved work.

Part 1 builds a memory of ``--entries`` synthetic pairs (default 100,000) and measures,
per sentence, the exact lookup (half hits, half misses) and the top-5 fuzzy lookup
(stored sentences with one to three words replaced, inserted or deleted, so the stored
one is the match to find; recall is reported), plus the process's RSS growth and the
file size.  Goals: exact under 1 ms, fuzzy under 50 ms per sentence.

The Arabic is synthetic but shaped like news copy: sentences of 8 to 35 words, each
word drawn from the seed article's own words (by their frequency in it, so و, في, من
dominate as in real text) or, one time in three, from 30,000 synthetic Arabic-letter
words with a Zipf distribution (the long tail of names and rare words a real desk's
memory has).  ``--vocabulary article`` draws every word from the article's ~630 words
instead: every word is then common, the worst case for finding fuzzy candidates.

Part 2 translates the seed article with the tiny random model and the seed glossary,
records every sentence as approved in a memory, and translates it again through
``MemoryReuse``: it counts the sentences that reached the model both times (with a
counting subclass of tarjama's own ``Translator``; the model itself is not touched).

Run: .venv/bin/python benchmarks/bench_memory.py [--entries N] [--vocabulary mixed|article]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402

from translator.memory.store import NewEntry, TranslationMemory  # noqa: E402
from translator.segment import segment  # noqa: E402

ARTICLE = ROOT / "seeds" / "000_33cab2cb41f507af.txt"
ENGLISH = ROOT / "seeds" / "000_33cab2cb41f507af.en.txt"
GLOSSARY = ROOT / "seeds" / "000_33cab2cb41f507af.glossary.tsv"
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوية"
EXACT_GOAL_MS, FUZZY_GOAL_MS = 1.0, 50.0


def rss_mb() -> float:
    return psutil.Process().memory_info().rss / 1e6


class Corpus:
    """Synthetic Arabic sentences and English lines, reproducible from a seed."""

    def __init__(self, vocabulary: str, rng: random.Random) -> None:
        self.rng = rng
        self.article_words = ARTICLE.read_text("utf-8").split()
        self.english_words = ENGLISH.read_text("utf-8").split()
        self.mixed = vocabulary == "mixed"
        self.tail = [
            "".join(rng.choice(LETTERS) for _ in range(rng.randint(3, 8))) for _ in range(30_000)
        ]
        self.tail_weights = list(
            itertools.accumulate(1 / (rank + 1) for rank in range(len(self.tail)))
        )

    def word(self) -> str:
        if self.mixed and self.rng.random() < 1 / 3:
            return self.rng.choices(self.tail, cum_weights=self.tail_weights)[0]
        return self.rng.choice(self.article_words)

    def sentence(self) -> str:
        return " ".join(self.word() for _ in range(self.rng.randint(8, 35))) + "."

    def english(self) -> str:
        return " ".join(self.rng.choice(self.english_words) for _ in range(self.rng.randint(8, 30)))

    def perturb(self, sentence: str) -> str:
        words = sentence.rstrip(".").split()
        for _ in range(self.rng.randint(1, 3)):
            kind = self.rng.choice(("replace", "insert", "delete"))
            at = self.rng.randrange(len(words))
            if kind == "replace":
                words[at] = self.word()
            elif kind == "insert":
                words.insert(at, self.word())
            elif len(words) > 8:
                del words[at]
        return " ".join(words) + "."


def timed(calls, fn) -> list[float]:
    out = []
    for arg in calls:
        start = time.perf_counter()
        fn(arg)
        out.append((time.perf_counter() - start) * 1000)
    return out


def summary(ms: list[float]) -> dict[str, float]:
    ordered = sorted(ms)
    return {
        "mean_ms": round(statistics.fmean(ms), 3),
        "median_ms": round(statistics.median(ms), 3),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1], 3),
    }


def bench_lookups(entries: int, vocabulary: str, folder: Path) -> dict[str, object]:
    rng = random.Random(13)
    corpus = Corpus(vocabulary, rng)
    path = folder / "memory.sqlite3"
    # Only the sentences the lookups will use are kept, so RSS shows the memory's own growth.
    wanted = set(rng.sample(range(entries), 700))
    kept: list[str] = []
    rss_start = rss_mb()
    start = time.perf_counter()
    with TranslationMemory(path) as memory:
        done = 0
        while done < entries:
            batch = [corpus.sentence() for _ in range(min(5000, entries - done))]
            memory.add_many(NewEntry(s, corpus.english(), "synthetic") for s in batch)
            kept.extend(s for i, s in enumerate(batch, start=done) if i in wanted)
            done += len(batch)
        count = len(memory)
    build_s = time.perf_counter() - start
    rss_built = rss_mb()
    size_mb = sum(p.stat().st_size for p in folder.iterdir() if p.name.startswith(path.name)) / 1e6

    rng.shuffle(kept)
    hits, originals = kept[:500], kept[500:]
    misses = [corpus.sentence() for _ in range(500)]
    queries = hits + misses
    rng.shuffle(queries)
    fuzzy_queries = [corpus.perturb(s) for s in originals]
    rss_before_lookups = rss_mb()
    memory = TranslationMemory(path)  # a fresh connection and caches, as a new process has
    exact_ms = timed(queries, memory.exact)
    found = sum(memory.exact(q) is not None for q in hits)
    results: list[list] = []
    fuzzy_ms = timed(fuzzy_queries, lambda q: results.append(memory.fuzzy(q, k=5, threshold=75)))
    recalled = sum(
        any(m.entry.source == original for m in matches)
        for original, matches in zip(originals, results, strict=True)
    )
    with_match = sum(bool(m) for m in results)
    rss_end = rss_mb()
    from rapidfuzz import fuzz

    from translator.memory.keys import memory_key

    # how many originals are within reach at all (score >= 75 against their edited copy)
    reachable = sum(
        fuzz.ratio(memory_key(q), memory_key(o)) >= 75
        for q, o in zip(fuzzy_queries, originals, strict=True)
    )
    memory.close()
    return {
        "entries": count,
        "vocabulary": vocabulary,
        "build_s": round(build_s, 1),
        "db_mb": round(size_mb, 1),
        "rss_start_mb": round(rss_start, 1),
        "rss_growth_build_mb": round(rss_built - rss_start, 1),
        "rss_growth_lookups_mb": round(rss_end - rss_before_lookups, 1),
        "exact": {**summary(exact_ms), "queries": len(queries), "hits_found": f"{found}/500"},
        "fuzzy_top5": {
            **summary(fuzzy_ms),
            "queries": len(fuzzy_queries),
            "with_a_match_over_75": with_match,
            "original_scores_75_or_more": reachable,
            "original_in_top5": recalled,
        },
    }


def bench_reuse(folder: Path) -> dict[str, object]:
    from glossary.storage import load_glossary
    from translator.bench.random_model import build_random_marian, seed_corpus
    from translator.engine import Translator
    from translator.memory.reuse import MemoryReuse
    from translator.model_loading import load_model

    class CountingTranslator(Translator):
        model_texts: list[str]

        def _translate_units(self, texts, advance, reqs):  # type: ignore[no-untyped-def]
            self.model_texts.extend(texts)
            return super()._translate_units(texts, advance, reqs)

    source, target = seed_corpus(ROOT / "seeds")
    model_dir = build_random_marian(folder / "model", source, target, size="tiny")
    translator = CountingTranslator(
        load_model(str(model_dir), "cpu", "auto", "int8"), beam=4, glossary=load_glossary(GLOSSARY)
    )
    translator.model_texts = []
    text = ARTICLE.read_text("utf-8")
    sentences = len(segment(text))
    with TranslationMemory(folder / "reuse.sqlite3") as memory:
        reuse = MemoryReuse(translator, memory)
        start = time.perf_counter()
        first = reuse.translate_document(text)
        first_s = time.perf_counter() - start
        first_calls = len(translator.model_texts)
        for result in first:
            memory.add(result.source, result.target, origin="review:article.txt")
        translator.model_texts = []
        start = time.perf_counter()
        second = reuse.translate_document(text)
        second_s = time.perf_counter() - start
        same = [s.target for s in second] == [s.target for s in first]
    return {
        "sentences": sentences,
        "model_inputs_first": first_calls,
        "model_inputs_second": len(translator.model_texts),
        "reused_second": reuse.report.reused,
        "same_english": same,
        "first_s": round(first_s, 2),
        "second_s": round(second_s, 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--vocabulary", choices=("mixed", "article"), default="mixed")
    parser.add_argument("--skip-reuse", action="store_true", help="part 1 only")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tarjama-bench-memory-") as tmp:
        folder = Path(tmp)
        (folder / "lookups").mkdir()
        result: dict[str, object] = {
            "lookups": bench_lookups(args.entries, args.vocabulary, folder / "lookups")
        }
        if not args.skip_reuse:
            os.environ.setdefault("XDG_CACHE_HOME", str(folder / "cache"))
            result["reuse"] = bench_reuse(folder)
    if args.json:
        print(json.dumps(result))
    else:
        print(json.dumps(result, indent=1))
    lookups = result["lookups"]
    ok = (
        lookups["exact"]["mean_ms"] < EXACT_GOAL_MS  # type: ignore[index]
        and lookups["fuzzy_top5"]["mean_ms"] < FUZZY_GOAL_MS  # type: ignore[index]
    )
    if "reuse" in result:
        ok = ok and result["reuse"]["model_inputs_second"] == 0  # type: ignore[index]
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
