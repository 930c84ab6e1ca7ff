"""Accuracy and speed of the name transliterator on google/transliteration's ar2en test split.

    .venv/bin/python benchmarks/bench_transliteration.py DATA_DIR [--model DIR] [--rounds 5]

``DATA_DIR`` holds ``ar2en-test.txt`` (``arabic<TAB>english``; Apache-2.0, from
https://github.com/google/transliteration — not shipped with tarjama).  Reported,
for the model and for a letter-table baseline:

* top-1 exact and top-5 accuracy: the reference spelling (lower case, as the data
  has it) equals the best / one of the five best proposals, case ignored;
* character error rate of the best proposal: Levenshtein distance summed over the
  test names, over the summed reference length (rapidfuzz);
* names per second of ``propose(names, n=5)`` over the whole test split, with 1
  and 2 CTranslate2 threads, interleaved for ``--rounds`` rounds (min and median).
  The machine this runs on is shared, so speeds are what a busy machine gives;
* the size of the model folder.

The baseline is a hand-written table of one Latin spelling per Arabic letter
(``LETTERS``), small on purpose: it shows what the model adds over the obvious
approach.  Vowels Arabic does not write are not guessed, so it is expected to
be poor at exact match and better at character error rate.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz.distance import Levenshtein  # noqa: E402

from translator.names.transliterate import (  # noqa: E402
    DEFAULT_MODEL_DIR,
    NameTransliterator,
    normalize_arabic,
    normalize_english,
)

# One spelling per letter of the normalized Arabic (alef forms are folded to ا
# by the glossary's normalization).  Long vowels: و and ي are vowels inside a
# word and consonants at its start.
LETTERS = {
    "ا": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d",
    "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t",
    "ظ": "z", "ع": "a", "غ": "g", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m",
    "ن": "n", "ه": "h", "و": "o", "ي": "i", "ى": "a", "ة": "a", "ء": "", "ئ": "", "ؤ": "",
    " ": " ",
}  # fmt: skip
WORD_START = {"و": "w", "ي": "y", "ا": "a"}


def letter_table(arabic: str) -> str:
    """The baseline spelling: each letter looked up in ``LETTERS``."""
    out = []
    for i, ch in enumerate(arabic):
        if i == 0 or arabic[i - 1] == " ":
            out.append(WORD_START.get(ch, LETTERS.get(ch, "")))
        else:
            out.append(LETTERS.get(ch, ""))
    return "".join(out)


def read_test(path: Path) -> list[tuple[str, str]]:
    """(raw Arabic, normalized English) pairs, in file order."""
    pairs = []
    for line in path.read_text("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 2 and normalize_arabic(parts[0]) and parts[1].strip():
            pairs.append((parts[0], normalize_english(parts[1])))
    return pairs


def score(references: list[str], nbest: list[list[str]]) -> dict[str, float]:
    top1 = sum(bool(n) and n[0].lower() == r for r, n in zip(references, nbest, strict=True))
    top5 = sum(r in [s.lower() for s in n[:5]] for r, n in zip(references, nbest, strict=True))
    edits = sum(
        Levenshtein.distance(n[0].lower() if n else "", r)
        for r, n in zip(references, nbest, strict=True)
    )
    total = len(references)
    return {
        "names": total,
        "top1": top1 / total,
        "top5": top5 / total,
        "cer": edits / sum(len(r) for r in references),
    }


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path, help="folder with ar2en-test.txt")
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR)
    parser.add_argument("--split", default="ar2en-test.txt")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--beam", type=int, default=None, help="beam size (default: the model's)")
    parser.add_argument("--show", type=int, default=0, help="print N wrong top-1 proposals")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--compare", type=Path,
                        help="a second model, timed in the same rounds")  # fmt: skip
    args = parser.parse_args(argv)
    test_file = args.data_dir / args.split
    if not test_file.is_file():
        print(f"error: {test_file} not found; get ar2en-test.txt from "
              "https://github.com/google/transliteration", file=sys.stderr)  # fmt: skip
        return 2
    models = {t: NameTransliterator.from_dir(args.model, threads=t) for t in (1, 2)}
    if models[1] is None:
        print(f"error: no transliteration model in {args.model}", file=sys.stderr)
        return 2
    for model in models.values():
        if model is not None and args.beam:
            model.beam_size = args.beam
    pairs = read_test(test_file)
    arabic = [a for a, _ in pairs]
    references = [e for _, e in pairs]

    proposals = models[1].propose(arabic, n=5)
    nbest = [[s for s, _ in p] for p in proposals]
    model_scores = score(references, nbest)
    baseline_scores = score(references, [[letter_table(normalize_arabic(a))] for a in arabic])

    timings: dict[int, list[float]] = {1: [], 2: []}
    for _ in range(args.rounds):  # interleaved, so both see the same machine load
        for threads, model in models.items():
            assert model is not None
            start = time.perf_counter()
            model.propose(arabic, n=5)
            timings[threads].append(len(arabic) / (time.perf_counter() - start))
    if args.compare and args.rounds:  # interleaved with --model, one thread each
        other = NameTransliterator.from_dir(args.compare, threads=1)
        if other is None:
            print(f"error: no transliteration model in {args.compare}", file=sys.stderr)
            return 2
        ratios = []
        for _ in range(args.rounds):
            start = time.perf_counter()
            models[1].propose(arabic, n=5)
            mine = time.perf_counter() - start
            start = time.perf_counter()
            other.propose(arabic, n=5)
            ratios.append(mine / (time.perf_counter() - start))
        print(f"time --model / --compare, 1 thread, {len(ratios)} rounds: "
              f"min {min(ratios):.2f}, median {statistics.median(ratios):.2f}")  # fmt: skip
    speed = {  # --rounds 0: accuracy only
        f"{t}_threads": {"min": min(v), "median": statistics.median(v), "rounds": len(v)}
        for t, v in timings.items()
        if v
    }
    size = folder_bytes(args.model)
    result = {
        "split": str(test_file.name),
        "beam_size": models[1].beam_size,
        "model": model_scores,
        "letter_table": baseline_scores,
        "names_per_second": speed,
        "model_bytes": size,
    }
    print(f"split: {test_file.name}, {len(pairs)} names, beam size {models[1].beam_size}")
    print(f"{'system':14} {'top-1':>7} {'top-5':>7} {'CER':>7}")
    for name, s in (("model", model_scores), ("letter table", baseline_scores)):
        print(f"{name:14} {s['top1']:7.1%} {s['top5']:7.1%} {s['cer']:7.1%}")
    for key, s in speed.items():
        print(f"names/s, {key.replace('_', ' ')}: min {s['min']:.0f}, median {s['median']:.0f}")
    print(f"model size: {size / 1e6:.2f} MB ({args.model})")
    if args.show:
        shown = 0
        for (a, r), n in zip(pairs, nbest, strict=True):
            if n and n[0].lower() != r and shown < args.show:
                print(f"  {a}\t{r}\t{' | '.join(n)}")
                shown += 1
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
