"""The trained test model's reference with glossary names substituted (tests only).

The reference under strict enforcement (``names_reference``) is the same
romanization with each glossary match replaced by the glossary's target.  A
clitic prefix attached to a name in the Arabic (``Match.prefix``: و ب ل ك ف,
لل, وال, ...) is kept, romanized, and written as its own word before the
target: وبوتين → ``w Putin``, للناتو → ``ll NATO``.  chrF ignores whitespace by
default, so ``wPutin`` scores the same; an output that drops the clitic loses
only its letters.  Brackets and quotes attached to a name stay tight:
(بوتين) → ``(Putin)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from translator.romanization import romanize


class NameMatch(Protocol):
    """What ``names_reference`` needs of a glossary match (``glossary.matcher.Match``)."""

    start: int
    end: int
    target: str
    prefix: str


_SLOT = 0xF0000  # supplementary private use: never in news text, passed through by romanize


@dataclass(frozen=True)
class ReferenceWord:
    """One word of a names-substituted reference and what it is."""

    text: str
    kind: str  # "word" (romanized), "name" (a word of a glossary target), "clitic"
    name: int = -1  # for "name" and "clitic": index of the match it belongs to


def reference_words(sentence: str, matches: Sequence[NameMatch]) -> list[ReferenceWord]:
    """The words of ``names_reference(sentence, matches)``, each marked as word, name or clitic.

    ``matches`` are ``glossary.Matcher(...).find(sentence)`` (sorted, not
    overlapping).  A clitic prefix before a name becomes its own word, marked
    ``clitic``, before the target's words (وبوتين → ``w`` ``Putin``).
    Punctuation attached to a name stays on its first or last word (``(Putin)``).
    """
    parts: list[str] = []
    cursor = 0
    for i, match in enumerate(matches):
        if match.start < cursor:
            raise ValueError("matches must be sorted and must not overlap")
        parts.append(sentence[cursor : match.start])
        parts.append((" " if match.prefix else "") + chr(_SLOT + i))
        cursor = match.end
    parts.append(sentence[cursor:])
    out: list[ReferenceWord] = []
    for word in romanize("".join(parts)).split(" "):
        slots = [ord(c) - _SLOT for c in word if ord(c) >= _SLOT]
        if not slots:
            out.append(ReferenceWord(word, "word"))
            continue
        index = slots[0]
        for other in slots[1:]:  # two names in one chunk ("بوتين/بايدن"): one word
            word = word.replace(chr(_SLOT + other), matches[other].target)
        target_words = matches[index].target.split()
        at = word.index(chr(_SLOT + index))
        target_words[0] = word[:at] + target_words[0]
        target_words[-1] += word[at + 1 :]
        if matches[index].prefix and out and out[-1].kind == "word":
            out[-1] = ReferenceWord(out[-1].text, "clitic", index)
        out.extend(ReferenceWord(w, "name", index) for w in target_words)
    return out


def names_reference(sentence: str, matches: Sequence[NameMatch]) -> str:
    """The romanization of ``sentence`` with each match replaced by its target.

    ``matches`` are ``glossary.Matcher(...).find(sentence)`` (sorted, not
    overlapping).  A clitic prefix before a name becomes its own word before
    the target (وبوتين → ``w Putin``).
    """
    return " ".join(w.text for w in reference_words(sentence, matches))
