"""Deterministic word-by-word romanization of Arabic.

Product code: the name finder's aligner (``translator.names.align``) compares an
Arabic name with English candidates through ``romanize_word``.  The trained test
model (``tests/support/trained_model.py``) learns ``romanize``, so for any Arabic
sentence the right "English" is known word for word: tests and the
enforcement-quality benchmark compare decoder output against it (and against
``tests/support/names_reference.py``, the same with glossary names substituted)
instead of against a human translation that no small model could match.
Hand-written: no kept library romanizes letter by letter with a fixed,
documented table.

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
"""

from __future__ import annotations

import unicodedata

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
