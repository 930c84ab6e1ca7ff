"""Rebuild ``common_words.txt`` from wordfreq's Arabic list (needs ``pip install wordfreq``).

Run: .venv/bin/python glossary/data/build_common_words.py

A word is kept when ال + word has Zipf frequency ≥ ARTICLE_MIN (code ``a``) or
word + ه/ها/هم (ة written ت before them) has ≥ SUFFIX_MIN (code ``s``).  Keys
are folded with ``glossary.normalize`` so the matcher looks them up directly.
The output is derived from wordfreq's data and shares its licence (CC BY-SA 4.0).
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from glossary.normalize import form_tokens  # noqa: E402

ARTICLE_MIN = 3.0
SUFFIX_MIN = 2.5
OUT = Path(__file__).resolve().parent / "common_words.txt"
_LETTERS = re.compile("[\u0621-\u064a]{2,}")


def main() -> int:
    from importlib.metadata import version

    import wordfreq

    freq = wordfreq.get_frequency_dict("ar", wordlist="large")

    def zipf(word: str) -> float:
        value = freq.get(word, 0.0)
        return math.log10(value) + 9 if value > 0 else 0.0

    table: dict[str, set[str]] = {}
    for word in freq:
        if not _LETTERS.fullmatch(word):
            continue
        stem = word[:-1] + "ت" if word.endswith("ة") else word
        codes = set()
        if zipf("ال" + word) >= ARTICLE_MIN:
            codes.add("a")
        if max(zipf(stem + s) for s in ("ه", "ها", "هم")) >= SUFFIX_MIN:
            codes.add("s")
        if codes:
            key = form_tokens(word)[0][0]
            table.setdefault(key, set()).update(codes)
    header = (
        f"# Arabic words that are also ordinary words (not only names), from wordfreq "
        f"{version('wordfreq')} 'large' Arabic list.\n"
        f"# word<TAB>a: ال+word Zipf >= {ARTICLE_MIN}; s: word+ه/ها/هم Zipf >= {SUFFIX_MIN}. "
        "Licence: CC BY-SA 4.0 (see README.md).\n"
    )
    lines = [f"{w}\t{''.join(sorted(c))}\n" for w, c in sorted(table.items())]
    OUT.write_text(header + "".join(lines), encoding="utf-8")
    print(f"{OUT}: {len(lines)} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
