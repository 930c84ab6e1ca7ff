"""Rebuild ``common_words.txt`` and ``own_words.txt`` from wordfreq's Arabic list.

Needs ``pip install wordfreq``.  Run: .venv/bin/python glossary/data/build_common_words.py

``common_words.txt``, one folded word a line with reason codes:

* ``a``: ال + word has Zipf ≥ ARTICLE_MIN (the word takes the article: a noun or
  adjective) — evidence only for a form written *without* the article;
* ``s``: word + ه/ها/هم (ة written ت) has Zipf ≥ SUFFIX_MIN;
* ``b``: the word without the article is about as common as with it (Zipf ≥
  BARE_MIN and ≥ Zipf(ال + word) − BARE_GAP) — read for a form written *with*
  the article: السلام → سلام 4.85 vs 5.56, الدوري → دوري 5.03 vs 5.15, but
  العراق → عراق 3.63 vs 5.51 and اليابان → يابان 2.30 vs 5.05: a name written
  with the article is rarely written without it, a noun often is;
* ``t``: word + ه/ها/هم has Zipf ≥ STRONG_SUFFIX_MIN (a stronger suffix signal,
  used for forms with the article: سلامه... 3.54; العراق → عراقه 1.24).

``own_words.txt``: words that begin with a conjunction or preposition letter
(و ف ب ل ك) but are words of their own (كامل, كبير, وجود, بليون, فعليا): for every
way to split off such a prefix, the whole word is much more frequent than the
prefix + rest would be.  How much more is measured on wordfreq itself: for each
prefix, the 90th percentile of Zipf(prefix + w) − Zipf(w) over the common words w
(Zipf ≥ 3.5) that occur with it is what clitic attachment explains; a whole word
whose Zipf exceeds Zipf(rest) by that plus OWN_MARGIN is taken as a word of its
own.  Only words with Zipf ≥ OWN_MIN are considered (rarer ones are noise).

Keys are folded with ``glossary.normalize`` so the matcher looks them up directly.
The outputs are derived from wordfreq's data and share its licence (CC BY-SA 4.0).
"""

from __future__ import annotations

import math
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from glossary.normalize import form_tokens  # noqa: E402

ARTICLE_MIN = 3.0
SUFFIX_MIN = 2.5
BARE_MIN = 2.5
BARE_GAP = 0.5
STRONG_SUFFIX_MIN = 3.0
OWN_MIN = 3.0
OWN_MARGIN = 0.5
HERE = Path(__file__).resolve().parent
OUT = HERE / "common_words.txt"
OWN_OUT = HERE / "own_words.txt"
_LETTERS = re.compile("[\u0621-\u064a]{2,}")
_PREFIXES = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")


def main() -> int:
    from importlib.metadata import version

    import wordfreq

    freq = wordfreq.get_frequency_dict("ar", wordlist="large")

    def zipf(word: str) -> float:
        value = freq.get(word, 0.0)
        return math.log10(value) + 9 if value > 0 else 0.0

    words = [w for w in freq if _LETTERS.fullmatch(w)]
    table: dict[str, set[str]] = {}
    for word in words:
        stem = word[:-1] + "ت" if word.endswith("ة") else word
        codes = set()
        with_article = zipf("ال" + word)
        suffixed = max(zipf(stem + s) for s in ("ه", "ها", "هم"))
        if with_article >= ARTICLE_MIN:
            codes.add("a")
        if suffixed >= SUFFIX_MIN:
            codes.add("s")
        if suffixed >= STRONG_SUFFIX_MIN:
            codes.add("t")
        if zipf(word) >= max(BARE_MIN, with_article - BARE_GAP) and with_article > 0:
            codes.add("b")
        if codes:
            key = form_tokens(word)[0][0]
            table.setdefault(key, set()).update(codes)
    header = (
        f"# Arabic words that are also ordinary words (not only names), from wordfreq "
        f"{version('wordfreq')} 'large' Arabic list.\n"
        f"# word<TAB>a: ال+word Zipf >= {ARTICLE_MIN}; s: word+ه/ها/هم Zipf >= {SUFFIX_MIN}; "
        f"t: word+ه/ها/هم Zipf >= {STRONG_SUFFIX_MIN}; b: word Zipf >= max({BARE_MIN}, "
        f"Zipf(ال+word) - {BARE_GAP}). Licence: CC BY-SA 4.0 (see README.md).\n"
    )
    lines = [f"{w}\t{''.join(sorted(c))}\n" for w, c in sorted(table.items())]
    OUT.write_text(header + "".join(lines), encoding="utf-8")
    print(f"{OUT}: {len(lines)} words")

    common = [w for w in words if zipf(w) >= 3.5 and not w.startswith("ال")]
    explained: dict[str, float] = {}
    for prefix in _PREFIXES:
        diffs = sorted(
            zipf(prefix + w) - zipf(w)
            for w in common
            if not w.startswith(prefix[0]) and zipf(prefix + w) > 0
        )
        explained[prefix] = diffs[int(0.9 * len(diffs))] if diffs else 0.0

    def rest_zipf(word: str, prefix: str) -> float:
        rest = word[len(prefix) :]
        # ل + ال is written لل: the rest of للعراق is العراق (but of للبنان, لبنان).
        if prefix.endswith("ل") and rest.startswith("ل"):
            return max(zipf(rest), zipf("ا" + rest))
        return zipf(rest)

    own: set[str] = set()
    for word in words:
        whole = zipf(word)
        if whole < OWN_MIN:
            continue
        splits = [p for p in _PREFIXES if word.startswith(p) and len(word) - len(p) >= 2]
        if splits and all(whole - rest_zipf(word, p) > explained[p] + OWN_MARGIN for p in splits):
            own.add(form_tokens(word)[0][0])
    shown = ", ".join(f"{p} {v:+.2f}" for p, v in explained.items())
    header = (
        f"# Arabic words starting with و ف ب ل ك that are words of their own, from wordfreq "
        f"{version('wordfreq')} 'large' Arabic list (Zipf >= {OWN_MIN}).\n"
        f"# Explained by clitic attachment (90th percentile, Zipf): {shown}; margin "
        f"{OWN_MARGIN}. Licence: CC BY-SA 4.0 (see README.md).\n"
    )
    OWN_OUT.write_text(header + "".join(f"{w}\n" for w in sorted(own)), encoding="utf-8")
    print(f"{OWN_OUT}: {len(own)} words; explained {statistics.mean(explained.values()):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
