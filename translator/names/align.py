"""Which words of an English sentence spell a given Arabic name.

The English of a sentence (the model's, or an approved translation from the memory) is
searched for the run of one to four words whose consonant skeleton is closest to the
name's: the Arabic is romanized letter by letter (``translator.romanization``), long
vowels and hamza dropped, and both skeletons are folded onto the letters Arabic can
write (p→b, v→f, c/ck/q→k, g→j, z→s, …); rapidfuzz's normalized Indel similarity compares
them.  Capitalized runs are preferred (a name mid-sentence is capitalized in English);
a run must reach ``MIN_SIMILARITY`` (``SHORT_SIMILARITY`` for short names) and start
with the name's first consonant unless it is very close.

Hand-written because it is a string heuristic, not the model's alignment head: the
attention rows the fast path reads live inside the enforcement decoder and are not
returned with a translation, so names read the finished English instead.  It works the
same on any backend and on memory entries, which have no attention at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from translator.romanization import romanize_word

MIN_SIMILARITY = 0.7
SHORT_SIMILARITY = 0.75  # for names of four consonants or fewer
OTHER_START_SIMILARITY = 0.85  # for a run that does not start with the name's consonant
MAX_WORDS = 4
_WORD = re.compile(r"[A-Za-z][A-Za-z'’.\-]*")
# English letters and digraphs folded onto what Arabic script can spell.
_ENGLISH = [
    ("ph", "f"),
    ("ck", "k"),
    ("ch", "sh"),
    ("tch", "sh"),
    ("x", "ks"),
    ("q", "k"),
    ("c", "k"),
    ("v", "f"),
    ("p", "b"),
    ("g", "j"),
    ("z", "s"),
    ("e", ""),
    ("i", ""),
    ("o", ""),
    ("u", ""),
    ("a", ""),
    ("y", ""),
    ("w", ""),
    ("h", ""),
]
_ARABIC = [
    ("th", "t"),
    ("dh", "d"),
    ("kh", "k"),
    ("gh", "j"),
    ("q", "k"),
    ("z", "s"),
    ("'", ""),
    ("`", ""),
    ("a", ""),
    ("w", ""),
    ("y", ""),
    ("h", ""),
]
_JOINERS = frozenset({"al", "el", "bin", "ibn", "bint", "abu", "de", "del", "van", "von", "la"})
_SUFFIX = re.compile(r"(['’]s|['’])$")


def _fold(text: str, table: list[tuple[str, str]]) -> str:
    text = text.lower()
    for old, new in table:
        text = text.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[^a-z]", "", text))


def arabic_skeleton(arabic: str) -> str:
    """The consonants of ``arabic``, each word's article left off (الاتحاد → تحاد)."""
    words = [w[2:] if w.startswith(("ال", "أل")) and len(w) > 4 else w for w in arabic.split()]
    return _fold("".join(romanize_word(w) for w in words), _ARABIC)


def english_skeleton(english: str) -> str:
    return _fold(english, _ENGLISH)


@dataclass(frozen=True)
class AlignedSpan:
    """The English words found for a name, where they are and how close they are."""

    text: str
    start: int
    end: int
    similarity: float


def _clean(word: str) -> str:
    return _SUFFIX.sub("", word.rstrip(".-"))


def find_english(arabic: str, english: str) -> AlignedSpan | None:
    """The run of English words that best spells ``arabic``, or None below the threshold."""
    target = arabic_skeleton(arabic)
    if not target:
        return None
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(english)]
    best: AlignedSpan | None = None
    best_rank = (0.0, 0.0)
    wanted = max(1, len(arabic.split()))
    for i in range(len(words)):
        for n in range(1, min(MAX_WORDS, wanted + 1, len(words) - i) + 1):
            run = words[i : i + n]
            texts = [_clean(w) for _, _, w in run]
            if not texts[0][:1].isalpha():
                break
            joined = " ".join(texts)
            skeleton = english_skeleton(joined)
            if not skeleton:
                continue
            similarity = Indel.normalized_similarity(target, skeleton)
            capitalized = all(t[:1].isupper() or t.lower() in _JOINERS for t in texts)
            if n > 1 and not capitalized and any(t[:1].isupper() for t in texts):
                continue  # "the European", "of Moscow": a name's run is capitalized throughout
            rank = (similarity + (0.1 if capitalized else 0.0) - 0.02 * abs(n - wanted), -n)
            if len(skeleton) <= 3 and not capitalized and similarity < 1.0:
                continue
            if similarity < (MIN_SIMILARITY if len(target) >= 5 else SHORT_SIMILARITY):
                continue
            if skeleton[0] != target[0] and similarity < OTHER_START_SIMILARITY:
                continue
            if rank > best_rank:
                best_rank = rank
                end = run[-1][0] + len(texts[-1])
                best = AlignedSpan(english[run[0][0] : end], run[0][0], end, round(similarity, 3))
    return best
