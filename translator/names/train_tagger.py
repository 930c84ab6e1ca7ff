"""Train the CRF name tagger: ``python -m translator.names.train_tagger CORPUS_DIR OUT``.

CORPUS_DIR holds CoNLL files (``token TAG``), one document each, in sub-folders if
wanted (the shipped model: ANERcorp's CAMeL Lab train split and AQMAR's articles, see
``data/tagger/README.md``).  Held out: ``--test FILES`` (e.g. ``anercorp/test.txt``), or every
``--test-every``-th file of the sorted list; ``--all`` trains on every file.  Writes OUT
(the crfsuite model) and OUT with ``.json`` (the recipe: corpus files used, held-out
files, feature groups, parameters), which the tagger reads and the benchmark uses to
find the held-out split.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from translator.names.conll import corpus_files, read_file, split_files
from translator.names.features import GROUPS, token_features

C1 = 0.05
C2 = 0.05
MAX_ITERATIONS = 150


def train(
    files: list[Path],
    out: Path,
    groups: tuple[str, ...] = GROUPS,
    c1: float = C1,
    c2: float = C2,
    iterations: int = MAX_ITERATIONS,
) -> int:
    """Train on ``files`` and write the model to ``out``; returns the sentence count."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    count = 0
    for path in files:
        for sentence in read_file(path):
            trainer.append(token_features(sentence.words, groups), sentence.tags)
            count += 1
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": iterations,
            "feature.possible_transitions": True,
        }
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m translator.names.train_tagger")
    parser.add_argument("corpus", type=Path, help="folder of CoNLL files, one document each")
    parser.add_argument("out", type=Path, help="model file to write (.crfsuite)")
    parser.add_argument("--test-every", type=int, default=4, help="hold out every N-th file")
    parser.add_argument("--all", action="store_true", help="train on every file (no held-out)")
    parser.add_argument(
        "--test",
        help="comma-separated held-out files (paths under CORPUS_DIR) instead of --test-every",
    )
    parser.add_argument("--groups", default=",".join(GROUPS), help="feature groups to use")
    parser.add_argument("--c1", type=float, default=C1)
    parser.add_argument("--c2", type=float, default=C2)
    parser.add_argument("--iterations", type=int, default=MAX_ITERATIONS)
    parser.add_argument("--force", action="store_true", help="replace an existing OUT")
    args = parser.parse_args(argv)
    if args.out.exists() and not args.force:
        print(f"error: {args.out} exists; pass --force to replace it", file=sys.stderr)
        return 1
    files = corpus_files(args.corpus)
    if not files:
        print(f"error: no .txt/.conll/.tsv files under {args.corpus}", file=sys.stderr)
        return 1
    if args.test:
        held = {args.corpus / t for t in args.test.split(",")}
        missing = sorted(str(p) for p in held if p not in files)
        if missing:
            print(f"error: --test names files not in the corpus: {missing}", file=sys.stderr)
            return 1
        train_files, test_files = [f for f in files if f not in held], sorted(held)
    else:
        train_files, test_files = (files, []) if args.all else split_files(files, args.test_every)
    groups = tuple(g for g in args.groups.split(",") if g)
    unknown = set(groups) - set(GROUPS)
    if unknown:
        print(f"error: unknown feature group(s) {sorted(unknown)}; use {GROUPS}", file=sys.stderr)
        return 1
    began = time.perf_counter()
    sentences = train(train_files, args.out, groups, args.c1, args.c2, args.iterations)
    recipe = {
        "corpus": str(args.corpus.name),
        "train": [str(p.relative_to(args.corpus)) for p in train_files],
        "test": [str(p.relative_to(args.corpus)) for p in test_files],
        "groups": list(groups),
        "c1": args.c1,
        "c2": args.c2,
        "iterations": args.iterations,
        "sentences": sentences,
    }
    args.out.with_suffix(".json").write_text(
        json.dumps(recipe, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    took = time.perf_counter() - began
    print(
        f"{args.out}: trained on {sentences} sentences of {len(train_files)} files in {took:.0f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
