"""Rebuild the CAMeL Lab train/test split of ANERcorp from the original release.

    python benchmarks/names_prepare_anercorp.py ANERCorp OUTDIR

Use the CAMeL Lab release itself when you have it (https://camel.abudhabi.nyu.edu/anercorp/,
CC BY-SA 4.0: ``ANERCorp_CamelLab_train.txt`` and ``..._test.txt``); this script is for a
copy of the original single-file release (``token TAG`` a line, no sentence breaks).  It
applies the split rules CAMeL Lab published: middle and bold periods (· •) become ``.``,
U+200F is removed, a sentence ends after a run of periods, and the sentences holding the
first 5/6 of the words are train, the rest test (CAMeL: 125,102 and 25,008 words).
CAMeL's minor tag-spelling corrections are not reproduced: malformed tags are read as
``O`` here, so the test set is near-identical, not identical.  Writes OUTDIR/train.txt
and OUTDIR/test.txt (CoNLL, blank line between sentences).  Nothing here is shipped.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    source, out = Path(argv[0]), Path(argv[1])
    sentences: list[list[tuple[str, str]]] = [[]]
    for line in source.read_text(encoding="utf-8").splitlines():
        parts = line.replace("\u200f", "").split()
        if len(parts) != 2:
            continue
        token, tag = parts
        token = token.replace("·", ".").replace("•", ".")
        if set(token) == {"."} or not sentences[-1] or set(sentences[-1][-1][0]) != {"."}:
            sentences[-1].append((token, tag))
        else:
            sentences.append([(token, tag)])
    words = sum(len(s) for s in sentences)
    cut = words * 5 // 6
    train: list[list[tuple[str, str]]] = []
    test: list[list[tuple[str, str]]] = []
    seen = 0
    for sentence in sentences:
        (train if seen < cut else test).append(sentence)
        seen += len(sentence)
    out.mkdir(parents=True, exist_ok=True)
    for name, part in (("train.txt", train), ("test.txt", test)):
        text = "\n\n".join("\n".join(f"{t} {g}" for t, g in s) for s in part) + "\n"
        (out / name).write_text(text, encoding="utf-8")
        print(f"{out / name}: {len(part)} sentences, {sum(len(s) for s in part)} words")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
