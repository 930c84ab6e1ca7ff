"""Deterministic word-by-word romanization of Arabic, and its reference with names substituted.

The trained test model (``translator.trained_model``) learns this function, so
for any Arabic sentence the right "English" is known word for word: tests and
the enforcement-quality benchmark compare decoder output against it instead of
against a human translation that no small model could match.  Hand-written:
no kept library romanizes letter by letter with a fixed, documented table.

The rules (one Arabic letter → fixed ASCII, no vowels added, no context):

* letters: ا أ إ آ ٱ ى ة → ``a``; ب b, ت t, ث th, ج j, ح h, خ kh, د d, ذ dh,
  ر r, ز z, س s, ش sh, ص s, ض d, ط t, ظ z, ع ````` (backtick), غ gh, ف f,
  ق q, ك k, ل l, م m, ن n, ه h, و w, ي y; hamza ء ؤ ئ → ``'``; the Persian
  letters پ p, چ ch, ژ zh, گ g, ڤ v, ک k, ی y;
* harakat, shadda, sukun, dagger alef, Quranic marks, tatweel and invisible
  format characters (ZWNJ, RLM, ...) are dropped; presentation forms are
  folded to their letters first (NFKC per character);
* Arabic-Indic digits become ASCII digits; ``،`` ``؛`` ``؟`` ``٪`` become
  ``,`` ``;`` ``?`` ``%``; every other character (Latin, ASCII digits, other
  punctuation, quotes, brackets) passes through unchanged;
* words are the whitespace-separated chunks of the input: each is romanized
  on its own, chunks that romanize to nothing are dropped, and the result is
  joined with single spaces.  So a word keeps its attached clitics
  (وبوتين → ``wbwtyn``) and its attached punctuation (بوتين: → ``bwtyn:``).

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

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

LETTERS: dict[str, str] = {
    "\u0627": "a",  # ا
    "\u0623": "a",  # أ
    "\u0625": "a",  # إ
    "\u0622": "a",  # آ
    "\u0671": "a",  # ٱ
    "\u0672": "a",  # ٲ
    "\u0673": "a",  # ٳ
    "\u0649": "a",  # ى
    "\u0629": "a",  # ة
    "\u0628": "b",  # ب
    "\u062a": "t",  # ت
    "\u062b": "th",  # ث
    "\u062c": "j",  # ج
    "\u062d": "h",  # ح
    "\u062e": "kh",  # خ
    "\u062f": "d",  # د
    "\u0630": "dh",  # ذ
    "\u0631": "r",  # ر
    "\u0632": "z",  # ز
    "\u0633": "s",  # س
    "\u0634": "sh",  # ش
    "\u0635": "s",  # ص
    "\u0636": "d",  # ض
    "\u0637": "t",  # ط
    "\u0638": "z",  # ظ
    "\u0639": "`",  # ع
    "\u063a": "gh",  # غ
    "\u0641": "f",  # ف
    "\u0642": "q",  # ق
    "\u0643": "k",  # ك
    "\u0644": "l",  # ل
    "\u0645": "m",  # م
    "\u0646": "n",  # ن
    "\u0647": "h",  # ه
    "\u0648": "w",  # و
    "\u064a": "y",  # ي
    "\u0621": "'",  # ء
    "\u0624": "'",  # ؤ
    "\u0626": "'",  # ئ
    "\u067e": "p",  # پ
    "\u0686": "ch",  # چ
    "\u0698": "zh",  # ژ
    "\u06af": "g",  # گ
    "\u06a4": "v",  # ڤ
    "\u06a9": "k",  # ک
    "\u06cc": "y",  # ی
}
PUNCTUATION: dict[str, str] = {"\u060c": ",", "\u061b": ";", "\u061f": "?", "\u066a": "%"}


def _dropped(ch: str) -> bool:
    code = ord(ch)
    return (
        0x064B <= code <= 0x065F  # harakat, shadda, sukun, combining hamza/madda
        or code == 0x0670  # dagger alef
        or 0x0610 <= code <= 0x061A
        or 0x06D6 <= code <= 0x06ED
        or code == 0x0640  # tatweel
        or unicodedata.category(ch) == "Cf"  # ZWNJ, ZWJ, LRM, RLM, ALM, BOM, ...
    )


def _char(ch: str) -> str:
    if ch in LETTERS:
        return LETTERS[ch]
    if ch in PUNCTUATION:
        return PUNCTUATION[ch]
    if _dropped(ch):
        return ""
    if "\u0660" <= ch <= "\u0669" or "\u06f0" <= ch <= "\u06f9":  # Arabic-Indic digits
        return str(unicodedata.digit(ch))
    code = ord(ch)
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:  # presentation forms
        folded = unicodedata.normalize("NFKC", ch)
        if folded != ch:
            return "".join(_char(c) for c in folded)
    return ch


def romanize_word(word: str) -> str:
    """One whitespace-free chunk, letter by letter."""
    return "".join(_char(ch) for ch in word)


def romanize(text: str) -> str:
    """The model's exact expected output for ``text`` (see the module docstring)."""
    return " ".join(r for r in (romanize_word(w) for w in text.split()) if r)


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
