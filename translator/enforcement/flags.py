"""What enforcement could not keep around a forced name: one flag per kind, beside its status.

A name decoding was made to write (``enforced``) is in the English, but the
sentence around it may have suffered; each of these is shown to the user (JSON
lines ``terms[].flags``, the summary line, the review UI's term display):

* ``misplaced`` — the name stands far from where its Arabic is in the sentence
  (word positions, relative to each side's length: more than
  ``MISPLACED_WORDS`` words and ``MISPLACED_SHARE`` of the sentence apart);
* ``cut-off`` — the English ends within ``CUT_OFF_WORDS`` words after the name
  while the Arabic goes on for several more, and the English is shorter than the
  free translation was;
* ``words-lost`` — words of the free translation before the name (after the
  previous name) are not in the English: a word-level diff of the two, with the
  model's rendering of the name allowed to be replaced by it.

All three are read from the texts only (the Arabic, the free English, the
strict English), so both backends flag the same English the same way.
Hand-written: position and diff rules over words, no library has them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from difflib import SequenceMatcher
from enum import StrEnum

from glossary.matcher import TargetFinder
from translator.enforcement.terms import TermStatus

MISPLACED_WORDS = 3
MISPLACED_SHARE = 0.25
CUT_OFF_WORDS = 2
CUT_OFF_MORE_ARABIC = 3  # Arabic words past the name beyond the English's, to call it cut off

_WORD = re.compile(r"\S+")


class TermFlag(StrEnum):
    """A warning about the sentence around an enforced name (its status stays ``enforced``)."""

    MISPLACED = "misplaced"
    CUT_OFF = "cut-off"
    WORDS_LOST = "words-lost"


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def _is_word(word: str) -> bool:
    return any(c.isalnum() for c in word)


def _index(words: Sequence[tuple[int, int, str]], char: int) -> int:
    """Index of the word holding (or first after) character ``char``."""
    for k, (_, end, _) in enumerate(words):
        if char < end:
            return k
    return len(words)


def flag_terms(
    terms: list[TermStatus], source: str, free: str, english: str, finder: TargetFinder
) -> list[TermStatus]:
    """``terms`` with the flags of every ``enforced`` one set (others are returned as they are).

    Occurrences pair with requirements as ``terms.term_statuses`` pairs them:
    the k-th owed requirement of a target with its k-th occurrence in the English.
    """
    if not any(t.status == "enforced" for t in terms):
        return terms
    found = finder.find(english)
    queues: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for start, end, target in found:
        queues[target].append((start, end))
    en, ar, fr = _words(english), _words(source), _words(free)
    name_words = {k for s, e, _ in found for k in range(_index(en, s), _index(en, e - 1) + 1)}
    lost_at = _lost_words(fr, en, name_words)
    starts = sorted(_index(en, s) for s, _, _ in found)
    taken: dict[str, int] = defaultdict(int)
    out: list[TermStatus] = []
    for term in terms:
        if term.status in ("extra", "suggested") or term.start is None or term.end is None:
            out.append(term)
            continue
        queue = queues.get(term.target, [])
        k = taken[term.target]
        taken[term.target] += 1
        if term.status != "enforced" or k >= len(queue):
            out.append(term)
            continue
        start, end = queue[k]
        first, last = _index(en, start), _index(en, end - 1)
        flags: list[TermFlag] = []
        ar_at = _index(ar, term.start)
        expected = ar_at / max(1, len(ar)) * len(en)
        gap = abs(first - expected)
        if gap > MISPLACED_WORDS and gap > MISPLACED_SHARE * len(en):
            flags.append(TermFlag.MISPLACED)
        en_after = sum(_is_word(w) for _, _, w in en[last + 1 :])
        ar_after = sum(_is_word(w) for _, _, w in ar[_index(ar, term.end - 1) + 1 :])
        if (
            en_after <= CUT_OFF_WORDS
            and ar_after >= en_after + CUT_OFF_MORE_ARABIC
            and sum(_is_word(w) for _, _, w in en) < sum(_is_word(w) for _, _, w in fr)
        ):
            flags.append(TermFlag.CUT_OFF)
        before = max((p for p in starts if p < first), default=-1)
        if any(before < j <= first and n for j, n in lost_at.items()):
            flags.append(TermFlag.WORDS_LOST)
        out.append(_with_flags(term, tuple(flags)))
    return out


def _lost_words(
    free: Sequence[tuple[int, int, str]],
    english: Sequence[tuple[int, int, str]],
    names: set[int],
) -> dict[int, int]:
    """Words of the free English missing from the English, by the English word they precede.

    A replaced stretch that holds a name may lose one word more than the
    English writes (the model's rendering of the name, "fladymyr bwtyn" for
    "Putin").  One that runs to the end of the English counts at its end: what
    the English lost after its last name is ``cut-off``'s to say.
    """
    a = [w.lower() for _, _, w in free]
    b = [w.lower() for _, _, w in english]
    lost: dict[int, int] = defaultdict(int)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag not in ("delete", "replace"):
            continue
        gone = sum(_is_word(w) for w in a[i1:i2])
        kept = sum(_is_word(w) for w in b[j1:j2])
        slack = 1 if any(j in names for j in range(j1, j2)) else 0
        if gone - kept - slack > 0:  # a stretch replaced to the end is lost after its name
            lost[j2 if j2 == len(b) else j1] += gone - kept - slack
    return lost


def _with_flags(term: TermStatus, flags: tuple[TermFlag, ...]) -> TermStatus:
    from dataclasses import replace

    return replace(term, flags=flags) if flags else term
