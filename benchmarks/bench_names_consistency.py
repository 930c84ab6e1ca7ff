"""Consistency: spelling variants injected into a corpus's English must all be reported.

    python benchmarks/bench_names_consistency.py [ARTICLE ENGLISH] [--copies 4]

The corpus is ``--copies`` copies of an Arabic article (default: the seed article) whose
English is its line-aligned reference (default: the seed's ``.en.txt``; each sentence
gets its paragraph's English).  In every second copy, a known variant spelling replaces
each of the names in ``VARIANTS`` in the English.  Reported: recall (injected names
reported with both spellings) and false reports (names reported that were not injected,
i.e. have one spelling in the English), with and without the glossary-empty finder's
misses counted separately (a name the finder does not find cannot be reported).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from translator.names.candidates import NameFinder, SentenceText  # noqa: E402
from translator.names.consistency import inconsistencies  # noqa: E402
from translator.segment import segment  # noqa: E402

SEED = ROOT / "seeds" / "000_33cab2cb41f507af.txt"
VARIANTS = {
    "Patrushev": "Patroshev",
    "Naryshkin": "Narishkin",
    "Zakharova": "Zaharova",
    "Peskov": "Peskoff",
    "Kozak": "Kosak",
    "Nuland": "Newland",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench_names_consistency.py")
    parser.add_argument("article", nargs="?", type=Path, default=SEED)
    parser.add_argument("english", nargs="?", type=Path, default=SEED.with_suffix(".en.txt"))
    parser.add_argument("--copies", type=int, default=4)
    args = parser.parse_args(argv)
    arabic = args.article.read_text(encoding="utf-8")
    paragraphs = [p for p in args.english.read_text(encoding="utf-8").splitlines() if p.strip()]
    sentences = segment(arabic)
    documents = []
    english: dict[tuple[str, int], str] = {}
    for copy in range(args.copies):
        name = f"copy{copy}.txt"
        documents.append((name, [SentenceText(i, s.text) for i, s in enumerate(sentences)]))
        for i, s in enumerate(sentences):
            text = paragraphs[s.paragraph]
            if copy % 2:
                for right, wrong in VARIANTS.items():
                    text = re.sub(rf"\b{right}\b", wrong, text)
            english[(name, i)] = text
    began = time.perf_counter()
    candidates = NameFinder().corpus(documents)
    found = inconsistencies(candidates, lambda d, i: english.get((d, i)))
    took = time.perf_counter() - began
    reported = {v.spelling for f in found for v in f.variants}
    hits = [r for r, w in VARIANTS.items() if r in reported and w in reported]
    injected = set(VARIANTS) | set(VARIANTS.values())
    false = [
        f
        for f in found
        if not any(word in injected for v in f.variants for word in v.spelling.split())
    ]
    print(f"# {args.article.name} × {args.copies} copies, variants in every second copy")
    print("| injected | reported (recall) | false reports | seconds |")
    print("| --- | --- | --- | --- |")
    print(
        f"| {len(VARIANTS)} | {len(hits)} ({len(hits) / len(VARIANTS):.2f}) | {len(false)} "
        f"| {took:.2f} |"
    )
    for f in found:
        shown = ", ".join(f"{v.spelling} ×{len(v.occurrences)}" for v in f.variants)
        print(f"- {f.form}: {shown} (majority: {f.majority or 'none, a tie'})")
    missed = sorted(set(VARIANTS) - set(hits))
    if missed:
        print(f"missed: {', '.join(missed)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
