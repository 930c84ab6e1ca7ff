"""How much a word's letters look like a transliterated name rather than an Arabic word.

A letter-trigram naive Bayes score: log P(trigrams | names) − log P(trigrams | ordinary
words), averaged over the word's trigrams (with ``^``/``$`` for its edges).  Names are the
Arabic side of the training split of google/transliteration's ar2en list (12,877 names
mined from Wikipedia, Apache-2.0); ordinary words are the glossary's common-word list
(``glossary/data/common_words.txt``, from wordfreq, CC BY-SA 4.0).  Only the per-trigram
log-odds are shipped (``data/tagger/name_letters.tsv``), built by
``python -m translator.names.shape AR2EN_TRAIN OUT``.  ``موسكو`` and ``ناريشكين`` score
high, ``العاصمة`` low; the tagger uses the score as a feature and the finder as a rule.

The same build writes ``data/tagger/name_gazetteer.txt``: the folded names of that list that are
not ordinary words, a gazetteer feature of the tagger.

Hand-written: a trigram table is a few lines and needs no library at run time.
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

from glossary.common_words import DATA as COMMON_WORDS
from glossary.normalize import normalize

DATA = Path(__file__).resolve().parent / "data" / "tagger"
TABLE = DATA / "name_letters.tsv"
GAZETTEER = DATA / "name_gazetteer.txt"
COMMON = COMMON_WORDS
MIN_COUNT = 2  # a trigram seen fewer times in both lists together is not kept


def trigrams(word: str) -> list[str]:
    padded = f"^{word}$"
    return [padded[i : i + 3] for i in range(len(padded) - 2)]


@lru_cache(maxsize=1)
def _table() -> dict[str, float]:
    table: dict[str, float] = {}
    if not TABLE.exists():
        return table
    with TABLE.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            gram, _, value = line.rstrip("\n").partition("\t")
            table[gram] = float(value)
    return table


@lru_cache(maxsize=1)
def gazetteer() -> frozenset[str]:
    if not GAZETTEER.exists():
        return frozenset()
    with GAZETTEER.open(encoding="utf-8") as handle:
        return frozenset(w.strip() for w in handle if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=65536)
def name_score(word: str) -> float:
    """Mean trigram log-odds of ``word`` (folded) being a name; 0 when nothing is known."""
    table = _table()
    grams = trigrams(word)
    if not grams:
        return 0.0
    return sum(table.get(g, 0.0) for g in grams) / len(grams)


def _folded(text: str) -> str:
    norm = normalize(text)
    return "".join(norm.text_of(t) for t in norm.tokens if t.is_word)


def build(names_file: Path, out_dir: Path) -> tuple[int, int, int]:
    """Write the trigram table and the gazetteer; returns (names, words, trigrams)."""
    names = set()
    for line in names_file.read_text(encoding="utf-8").splitlines():
        arabic = line.split("\t", 1)[0]
        folded = _folded(arabic)
        if folded and " " not in arabic.strip():
            names.add(folded)
    common = set()
    for line in COMMON.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            common.add(line.split("\t", 1)[0])
    names -= common
    in_names = Counter(g for w in names for g in trigrams(w))
    in_common = Counter(g for w in common for g in trigrams(w))
    total_n, total_c = sum(in_names.values()), sum(in_common.values())
    vocab = set(in_names) | set(in_common)
    lines = [
        "# letter-trigram log-odds name vs ordinary word; built by translator.names.shape",
        "# from google/transliteration ar2en-train.txt (Apache-2.0) and",
        "# glossary/data/common_words.txt (wordfreq, CC BY-SA 4.0)",
    ]
    kept = 0
    for gram in sorted(vocab):
        if in_names[gram] + in_common[gram] < MIN_COUNT:
            continue
        p_n = (in_names[gram] + 1) / (total_n + len(vocab))
        p_c = (in_common[gram] + 1) / (total_c + len(vocab))
        lines.append(f"{gram}\t{math.log(p_n / p_c):.3f}")
        kept += 1
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / TABLE.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    gaz = [
        "# folded Arabic names of google/transliteration ar2en-train.txt (Apache-2.0)",
        "# that are not ordinary words; built by translator.names.shape",
        *sorted(names),
    ]
    (out_dir / GAZETTEER.name).write_text("\n".join(gaz) + "\n", encoding="utf-8")
    return len(names), len(common), kept


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m translator.names.shape AR2EN_TRAIN OUT_DIR", file=sys.stderr)
        return 2
    names, words, kept = build(Path(args[0]), Path(args[1]))
    print(f"{args[1]}: {kept} trigrams from {names} names and {words} ordinary words")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
