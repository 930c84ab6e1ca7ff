"""Arabic-aware normalization and tokenization with an offset map.

Matching compares *normalized* text, but every span handed back must point
into the text exactly as the user gave it, so normalization is done one
original character at a time and each normalized character remembers the
index of the original character it came from.

What normalization ignores or folds (and why):

* harakat, shadda, sukun, dagger alef (U+064B–U+065F, U+0670), Quranic
  annotation marks (U+0610–U+061A, U+06D6–U+06ED) and other Arabic combining
  marks: news text is written with or without them at random;
* tatweel (U+0640): pure typography (``لـ(روح`` is ``ل`` + ``(``);
* format characters (Unicode category Cf: ZWNJ, ZWJ, LRM, RLM, ALM, bidi
  controls, BOM, soft hyphen, ZWSP): invisible, often pasted from the web;
* presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF) and other compatibility
  characters, via NFKC per character (``ﻻ`` → ``لا``, full-width ``Ｖ`` → ``V``) —
  except the word ligatures (U+FDF0–U+FDFD: ``ﷲ``, ``ﷺ``...), which stay one
  symbol: ``ﷺ`` is a honorific sign, not the words صلى الله عليه وسلم, and must never
  expand into a match of a name;
* alef forms ``أ إ آ ٱ ٲ ٳ`` → ``ا``: hamza on alef is routinely omitted;
  a hamza or madda written as a separate combining mark is composed first;
* Persian, Urdu and Kurdish keyboard letters that stand for Arabic ones in real
  Arabic-script news (Wojood has الحوثیین): ``ی`` (U+06CC) → ``ي``, ``ک`` (U+06A9)
  → ``ك``, ``ھ`` (U+06BE), ``ہ`` (U+06C1) and ``ە`` (U+06D5) → ``ه``, ``ۀ``
  (U+06C0, ``ه`` with hamza) → ``ه``, ``ۃ`` (U+06C3) → ``ة``; Persian digits
  ``۰``–``۹`` are decimal digits like any other;
* the letters Persian and some Arabic copy use for sounds Arabic lacks, each folded
  to the Arabic letter it is drawn from (the same shape without the added dots or
  stroke), which is how Arabic news spells those names and how a desk writes them
  in a glossary: ``پ`` → ``ب`` (بزشكيان for پزشکیان), ``چ`` → ``ج``, ``ژ`` → ``ز``,
  ``گ`` → ``ك``, ``ڤ`` → ``ف`` (ڤيينا / فيينا);
* Arabic-Indic and other decimal digits → ASCII digits (``١٩`` = ``19``);
* Latin letters are compared case-insensitively (``سبوتنيك v`` matches
  ``سبوتنيك V``): Arabic has no case and Latin casing in Arabic copy is erratic;
* runs of whitespace (any Unicode space, NBSP included) and the hyphens
  ``-``, U+2010, U+2011 all just separate tokens, so ``كوفيد-19`` and
  ``كوفيد 19`` are the same form, and ``أوبك+`` equals ``أوبك +``.

Deliberately **not** folded, because folding would create false matches:
``ى``/``ي`` (``على`` "on" would match the name ``علي`` Ali), ``ة``/``ه``
(``ه`` is also the "his" suffix) and ``ؤ ئ`` hamza seats.  A glossary that
needs such a variant lists it as another form.

Tokens: a maximal run of letters, digits and remaining combining marks is a
*word*; every other visible character (``+ ( ) “ ، .``) is a one-character
*symbol* token.  Matching works on whole tokens, which is what makes it
whole-word: ``جنيفر`` is one token and never equals ``جنيف``.  A line break
between two tokens is remembered so that a multi-word name never spans lines.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

ALEF = "\u0627"
_ALEF_VARIANTS = {
    "\u0623": ALEF,  # أ
    "\u0625": ALEF,  # إ
    "\u0622": ALEF,  # آ
    "\u0671": ALEF,  # ٱ (wasla)
    "\u0672": ALEF,  # ٲ
    "\u0673": ALEF,  # ٳ
}
# Letters of Persian/Urdu/Kurdish keyboards written for their Arabic counterparts.
_SCRIPT_VARIANTS = {
    "\u06cc": "\u064a",  # ی Farsi yeh → ي
    "\u06a9": "\u0643",  # ک keheh → ك
    "\u06be": "\u0647",  # ھ heh doachashmee → ه
    "\u06c1": "\u0647",  # ہ heh goal → ه
    "\u06d5": "\u0647",  # ە ae → ه
    "\u06c0": "\u0647",  # ۀ heh with yeh above → ه
    "\u06c3": "\u0629",  # ۃ teh marbuta goal → ة
    "\u067e": "\u0628",  # پ peh → ب
    "\u0686": "\u062c",  # چ tcheh → ج
    "\u0698": "\u0632",  # ژ jeh → ز
    "\u06af": "\u0643",  # گ gaf → ك
    "\u06a4": "\u0641",  # ڤ veh → ف
}
_TATWEEL = "\u0640"
_COMPOSING_MARKS = {"\u0653", "\u0654", "\u0655"}  # madda, hamza above, hamza below
_SEPARATING_HYPHENS = {"-", "\u2010", "\u2011"}
_LINE_BREAKS = {"\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"}

# Item kinds produced for each original character.
_IGNORE = 0  # dropped, does not end a word (diacritics, tatweel, format chars)
_MARK = 1  # combining hamza/madda: composed into the previous letter
_SPACE = 2  # ends a word
_BREAK = 3  # line break: ends a word and forbids a multi-token match across it
_WORD = 4
_SYMBOL = 5

_Item = tuple[int, str, str]  # (kind, strict char, folded char)
_CACHE: dict[str, tuple[_Item, ...]] = {}


def _is_arabic_mark(ch: str) -> bool:
    cp = ord(ch)
    if 0x06D6 <= cp <= 0x06ED or 0x0610 <= cp <= 0x061A:
        return True
    return unicodedata.category(ch) == "Mn" and (0x0600 <= cp <= 0x08FF)


def _classify(ch: str) -> tuple[_Item, ...]:
    """Normalize one original character into zero or more (kind, strict, folded) items."""
    if ch in _LINE_BREAKS:
        return ((_BREAK, "", ""),)
    if ch.isspace() or ch in _SEPARATING_HYPHENS:
        return ((_SPACE, "", ""),)
    if 0xFDF0 <= ord(ch) <= 0xFDFD:  # word ligatures (ﷲ ﷺ): a sign, never words
        return ((_SYMBOL, ch, ch),)
    expanded = unicodedata.normalize("NFKC", ch)
    if 0xFE70 <= ord(ch) <= 0xFE7F:  # spacing forms of harakat: NFKC adds a space
        expanded = expanded.replace(" ", "")
    items: list[_Item] = []
    for c in expanded:
        if c in _COMPOSING_MARKS:
            items.append((_MARK, c, c))
        elif c == _TATWEEL or _is_arabic_mark(c) or unicodedata.category(c) == "Cf":
            items.append((_IGNORE, "", ""))
        elif c in _LINE_BREAKS:
            items.append((_BREAK, "", ""))
        elif c.isspace() or c in _SEPARATING_HYPHENS:
            items.append((_SPACE, "", ""))
        else:
            category = unicodedata.category(c)
            if category == "Nd":
                c = str(unicodedata.decimal(c))
            if category[0] in "LNM":
                for s in c.casefold():
                    s = _SCRIPT_VARIANTS.get(s, s)
                    items.append((_WORD, s, _ALEF_VARIANTS.get(s, s)))
            else:
                items.append((_SYMBOL, c, c))
    return tuple(items)


def _items(ch: str) -> tuple[_Item, ...]:
    found = _CACHE.get(ch)
    if found is None:
        found = _CACHE[ch] = _classify(ch)
    return found


@dataclass(frozen=True, slots=True)
class Token:
    """One token of normalized text; ``start``/``end`` index the normalized string."""

    start: int
    end: int
    is_word: bool
    break_before: bool  # a line break separates it from the previous token
    orig_end: int  # index just past the token in the original text (keeps trailing marks)


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalized text: ``folded`` is what is compared, ``strict`` keeps alef forms apart
    (needed to tell the article ``ال`` from a name such as ``ألمانيا``), ``offsets[i]`` is
    the original index of ``folded[i]``."""

    folded: str
    strict: str
    offsets: list[int]
    tokens: list[Token]

    def text_of(self, token: Token) -> str:
        return self.folded[token.start : token.end]


def normalize(text: str) -> Normalized:
    """Normalize and tokenize ``text`` keeping an offset map back into it."""
    folded: list[str] = []
    strict: list[str] = []
    offsets: list[int] = []
    tokens: list[Token] = []
    word_start = -1  # normalized index where the current word began, -1 outside a word
    word_end_orig = 0
    pending_break = False

    def close_word() -> None:
        nonlocal word_start, pending_break
        if word_start >= 0:
            tokens.append(Token(word_start, len(folded), True, pending_break, word_end_orig))
            pending_break = False
            word_start = -1

    for index, ch in enumerate(text):
        for kind, s, f in _items(ch):
            if kind == _WORD:
                if word_start < 0:
                    word_start = len(folded)
                folded.append(f)
                strict.append(s)
                offsets.append(index)
                word_end_orig = index + 1
            elif kind in (_IGNORE, _MARK):
                if word_start >= 0:
                    if kind == _MARK:
                        composed = unicodedata.normalize("NFC", strict[-1] + s)
                        if len(composed) == 1:
                            strict[-1] = composed
                            folded[-1] = _ALEF_VARIANTS.get(composed, composed)
                    if unicodedata.category(ch) != "Cf":
                        word_end_orig = index + 1
            elif kind == _SYMBOL:
                close_word()
                tokens.append(Token(len(folded), len(folded) + 1, False, pending_break, index + 1))
                pending_break = False
                folded.append(f)
                strict.append(s)
                offsets.append(index)
            else:
                close_word()
                if kind == _BREAK:
                    pending_break = True
    close_word()
    return Normalized("".join(folded), "".join(strict), offsets, tokens)


def form_tokens(form: str) -> tuple[tuple[str, ...], str]:
    """Normalized token strings of a glossary form, and the strict spelling of its first token."""
    norm = normalize(form)
    words = tuple(norm.text_of(t) for t in norm.tokens)
    first_strict = norm.strict[norm.tokens[0].start : norm.tokens[0].end] if norm.tokens else ""
    return words, first_strict


def form_key(form: str) -> tuple[str, ...]:
    """The identity of a form for conflict checks: two forms with equal keys match the same text."""
    return form_tokens(form)[0]


def has_word(form: str) -> bool:
    """True if the form contains at least one letter or digit."""
    return any(t.is_word for t in normalize(form).tokens)


def has_line_break(text: str) -> bool:
    return any(ch in _LINE_BREAKS for ch in text)


def has_arabic_letter(text: str) -> bool:
    """True if ``text`` contains an Arabic-script letter (used to catch swapped columns)."""
    for ch in text:
        cp = ord(ch)
        if (
            0x0600 <= cp <= 0x06FF
            or 0x0750 <= cp <= 0x077F
            or 0x08A0 <= cp <= 0x08FF
            or 0xFB50 <= cp <= 0xFDFF
            or 0xFE70 <= cp <= 0xFEFF
        ) and unicodedata.category(ch).startswith("L"):
            return True
    return False
