"""Which one-word Arabic forms are also ordinary words (سلام "peace", صور "pictures").

The signal, measured on real names (docs/measurements/glossary-matching.md):
a word is *ordinary* when, in wordfreq's Arabic frequency list, it is common
with the article (``ال`` + word, Zipf ≥ 3.0: nouns and adjectives, السلام
الصور الأمل) or with a pronoun suffix (word + ``ه``/``ها``/``هم``, Zipf ≥ 2.5:
nouns and verbs, يزيده); for organizations, which take the article themselves
(الناتو), only the suffix counts.  Proper names rarely take either (بوتين: البوتين 1.3,
بوتينه 0).  Frequency of the bare word is no signal: بوتين (4.19) is as common
as سلام (4.85).  On 1,066 name strings from the AQMAR and Wojood NER samples,
hand-labelled, it flags ordinary words with precision 0.63 and recall 0.86;
arramooz's dictionary reaches 0.51 / 0.82 and is GPL.

The list is precomputed (``glossary/data/common_words.txt``, built by
``glossary/data/build_common_words.py`` from wordfreq, CC BY-SA 4.0, see
``glossary/data/README.md``) so tarjama does not need wordfreq, which takes
seconds to load.  It is read lazily, the first time a question is asked: only
glossaries with one-word forms that are parts of longer forms, and ``check``,
ask.  Keys are folded as ``normalize`` folds text, so lookups take a token
as the matcher sees it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "common_words.txt"
# Reason codes of the data file and what they mean for a user.
_REASONS = {"a": "common with the article", "s": "common with a pronoun suffix"}


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    with DATA.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            word, _, codes = line.rstrip("\n").partition("\t")
            table[word] = codes
    return table


def _codes(folded: str, kind: str | None) -> str:
    codes = _table().get(folded, "")
    # Organization names take the article themselves (الناتو): only a pronoun suffix,
    # which names never take, shows that such a word is an ordinary one.
    return codes.replace("a", "") if kind == "organization" else codes


def is_common_word(folded: str, kind: str | None = None) -> bool:
    """True if the folded token ``folded`` is also an ordinary Arabic word.

    ``kind`` is the entry type; for organizations the article is no evidence.
    """
    return bool(_codes(folded, kind))


def why_common(folded: str, kind: str | None = None, written: str | None = None) -> str | None:
    """Why ``folded`` counts as an ordinary word, with examples spelled like ``written``."""
    codes = _codes(folded, kind)
    if not codes:
        return None
    word = written or folded
    shown = []
    for code in codes:
        example = f"ال{word}" if code == "a" else f"{word}ه"
        shown.append(f"{_REASONS[code]} ({example})")
    return " and ".join(shown) + " in wordfreq's Arabic list"
