"""Which Arabic glossary forms are also ordinary words, and which words are words of their own.

Ordinary words (سلام "peace", صور "pictures", السلام "the peace", الدوري "the
league").  The signals, from wordfreq's Arabic frequency list (codes of
``glossary/data/common_words.txt``, built by ``glossary/data/build_common_words.py``):

* a form written **without** the article is ordinary when it is common both with
  the article and bare (codes ``a`` and ``b``: السلام 5.56 and سلام 4.85), or with a
  pronoun suffix (``s``: يزيده).  The article alone is no evidence: names that take
  it (ناتو → الناتو 4.07, عراق → العراق) are far more common with it than bare.
  For organizations, which take the article themselves, only the suffix counts.
* a form written **with** the article (العراق, السلام) is read as what it is, the
  name's own spelling: ال + itself being frequent says nothing.  It is ordinary
  when its bare core is about as common as the article form (``b``: سلام 4.85 vs
  السلام 5.56; عراق 3.63 vs العراق 5.51 is not) or strongly common with a pronoun
  suffix (``t``).  Measured on the one-word ال names of AQMAR and Wojood in
  docs/measurements/glossary.md.

A form ending in the pronoun ه whose rest takes pronoun suffixes is an ordinary
word with a suffix (أبيه = أبي + ه, فيه = في + ه, رميه); this also marks a few names
(عبده, هبه), which only costs a warning or the document rule.

Frequency of the bare word alone is no signal: بوتين (4.19) is as common as سلام.

Words of their own (``own_words.txt``): كامل, كبير, وجود, بليون, فعليا begin with a
letter that can be a clitic (ك و ب ف ل) but are words in their own right, far more
frequent than the clitic + rest would be; the matcher reads no clitic off them.

The lists are precomputed so tarjama does not need wordfreq at run time (it takes
seconds to load); they are derived from wordfreq's data (CC BY-SA 4.0, see
``glossary/data/README.md``) and read lazily.  Keys are folded as ``normalize``
folds text, so lookups take a token as the matcher sees it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "common_words.txt"
OWN_DATA = Path(__file__).resolve().parent / "data" / "own_words.txt"


def _read(path: Path) -> dict[str, str]:
    table: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            word, _, codes = line.rstrip("\n").partition("\t")
            table[word] = codes
    return table


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    return _read(DATA)


@lru_cache(maxsize=1)
def own_words() -> frozenset[str]:
    """Folded words that start with a clitic letter but are words of their own."""
    return frozenset(_read(OWN_DATA))


def is_own_word(folded: str) -> bool:
    """True if no clitic should be read off the folded text word ``folded`` (كامل)."""
    return folded in own_words()


def _reasons(folded: str, kind: str | None, article: bool) -> list[str]:
    codes = _table().get(folded, "")
    if article:
        return [c for c in "bt" if c in codes]
    found = []
    if kind != "organization" and "a" in codes and "b" in codes:
        found.append("a")
    if "s" in codes:
        found.append("s")
    if not found and _suffixed(folded):
        found.append("p")
    return found


def _suffixed(folded: str) -> bool:
    """An ordinary word carrying the pronoun ه (أبيه = أبي + ه, فيه = في + ه): the rest
    is a word that takes pronoun suffixes."""
    if len(folded) < 3 or not folded.endswith("ه"):
        return False
    return "s" in _table().get(folded[:-1], "")


def is_common_word(folded: str, kind: str | None = None, article: bool = False) -> bool:
    """True if the form whose folded core is ``folded`` is also an ordinary Arabic word.

    ``article``: the form is written with the article (``folded`` is then its core,
    السلام → سلام).  ``kind`` is the entry type; for organizations the article is no
    evidence.
    """
    return bool(_reasons(folded, kind, article))


def with_suffix(word: str) -> str:
    """``word`` + the pronoun ه as Arabic writes it (ة becomes ت: هيئة → هيئته)."""
    return (word[:-1] + "ت" if word.endswith("ة") else word) + "ه"


def why_common(
    folded: str, kind: str | None = None, written: str | None = None, article: bool = False
) -> str | None:
    """Why the form counts as an ordinary word, with examples spelled like ``written``
    (the core as the user wrote it, without the article)."""
    codes = _reasons(folded, kind, article)
    if not codes:
        return None
    word = written or folded
    shown = []
    for code in codes:
        if code == "p":
            shown.append(f"an ordinary word with the pronoun suffix ه ({word[:-1]} + ه)")
        elif code == "a":
            shown.append(f"common both bare and with the article ({word}, ال{word})")
        elif code == "b":
            shown.append(f"its bare form {word} is about as common as ال{word}")
        else:
            shown.append(f"common with a pronoun suffix ({with_suffix(word)})")
    return " and ".join(shown) + " by wordfreq's Arabic list"
