"""Split Arabic news text into paragraphs and sentences, keeping code-point offsets.

Paragraphs are the non-blank lines (line breaks as ``str.splitlines`` sees them,
so ``\\r\\n`` and ``\\u2029`` count), because the translate command writes one
English line per Arabic line.  Within a paragraph a sentence ends after a stop
(``. ? ! ؟ …`` and runs of them such as ``?!`` or ``...``) together with the
closing quotes and brackets that follow it (``.”``, ``)”.``), except:

* a stop with no whitespace after it ends a sentence only when an Arabic letter
  follows (``انتهى.وقال``), so ``3.5``, ``22.10.2021``, ``U.S.`` and URLs stay whole;
* a stop followed by a lowercase letter, or by ``، , ; : ؛``, is not an end;
* a period after an abbreviation does not end a sentence: a single Arabic letter
  (``د.`` ``أ.`` ``م.`` ``هـ.`` ``ق.م.``, also after و as in ``ود. سامي``, and
  with spaces: ``ق . م``),
  a few longer Arabic ones, Latin titles
  (``Dr.`` ``Mr.``), dotted Latin forms (``U.S.`` ``e.g.`` ``a.m.``), a Latin
  initial before another Latin word (``J. K. Rowling``) and a list number
  opening the sentence (``1.``); a title thus stays with its name;
* but a single-letter unit or era right after a number (``٧ م.``, ``570 م.``)
  ends the sentence when the next word opens a new clause (a word of three
  letters or more starting with the conjunction و or ف, or ثم, كما, لكن):
  "حوالي ٧ م. ولذلك" is two sentences, "ولد عام 570 م. في مكة" one;
* a stop inside a quotation or bracket whose closer appears later in the same
  paragraph is not an end (so ``“هناك.. بالطبع”`` stays one sentence); an
  unclosed quotation suppresses nothing, so a stray quote cannot swallow a
  paragraph.  ``”`` and ``"`` are read as opening quotes before a word, and
  also with spaces on both sides when no quotation is open (``قال ” نص. ” ثم``,
  as real pages write them);
* a stop before any letter or digit in the sentence is not an end;
* ``؛`` ends a sentence only when the clause before it (from the sentence start)
  and the clause after it (to the next stop) each have at least
  ``SEMICOLON_MIN_WORDS`` words, so short lists joined by ``؛`` stay together.

A paragraph without terminal punctuation (a headline) is one sentence.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

__all__ = ["SEMICOLON_MIN_WORDS", "Sentence", "paragraphs", "segment"]

SEMICOLON_MIN_WORDS = 5

_STOPS = frozenset(".?!؟…‼⁇⁈⁉۔")
_SEMICOLON = "؛"
_OPENERS = {"“": "”", "«": "»", "‹": "›", "(": ")", "[": "]", "{": "}", "‘": "’"}
_CLOSERS = frozenset("»›)]}")
# Quotes that may open or close: Arabic news often opens with ” (بـ”الأمر”).
_AMBIGUOUS = frozenset("”\"'’")
_APOSTROPHES = frozenset("'’")
_NO_BREAK_BEFORE = frozenset("،,;؛:")
_TATWEEL = "ـ"
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
_ARABIC_LETTER = "[\u0620-\u063f\u0641-\u064a\u0671-\u06d3\u06fa-\u06fc]"
_ARABIC_ABBREV = re.compile(rf"و?(?:{_ARABIC_LETTER}\.)*{_ARABIC_LETTER}")
_ARABIC_ABBREV_WORDS = frozenset({"رض", "مج", "تح"})
_SINGLE_ARABIC_LETTER = re.compile(rf"{_ARABIC_LETTER}")
_NUMBER = re.compile(r"[^\W_]*\d[\d.,٫٬]*")
_CLAUSE_OPENERS = frozenset({"ثم", "كما", "لكن"})
_NOT_CONJUNCTION = frozenset({"فيه", "فيها", "فيما", "فوق", "وسط", "وراء", "وفق", "وفقا"})
_LATIN_DOTTED = re.compile(r"(?:[A-Za-z]{1,2}\.)+[A-Za-z]{1,2}")
_LATIN_TITLES = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "gen", "col", "lt", "capt", "sgt",
        "rev", "hon", "gov", "sen", "rep", "pres", "vs", "no", "fig", "vol", "pp", "approx",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Sentence:
    """One sentence; ``text == source[start:end]``, stripped of surrounding spaces."""

    paragraph: int
    start: int
    end: int
    text: str


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Stripped ``(start, end)`` spans of the non-blank lines, in order."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        start = pos + len(line) - len(line.lstrip())
        end = pos + len(line.rstrip())
        if start < end:
            spans.append((start, end))
        pos += len(line)
    return spans


def segment(text: str) -> list[Sentence]:
    """Sentences of ``text`` in input order; they never cross a paragraph."""
    sentences: list[Sentence] = []
    for index, (p_start, p_end) in enumerate(paragraphs(text)):
        for start, end in _split(text[p_start:p_end]):
            s, e = p_start + start, p_start + end
            sentences.append(Sentence(index, s, e, text[s:e]))
    return sentences


def _split(para: str) -> list[tuple[int, int]]:
    """Sentence spans of one stripped paragraph, relative to it."""
    n = len(para)
    depth = _quote_depth(para)
    cuts = [0]
    i = 0
    while i < n:
        ch = para[i]
        if ch in _STOPS:
            j = _cluster_end(para, i)
            if j < n and depth[j] == 0 and _ends_sentence(para, cuts[-1], i, j):
                cuts.append(j)
            i = j
            continue
        if ch == _SEMICOLON and depth[i + 1] == 0 and _semicolon_ends(para, cuts[-1], i):
            cuts.append(i + 1)
        i += 1
    cuts.append(n)
    spans = []
    for a, b in itertools.pairwise(cuts):
        chunk = para[a:b]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk.rstrip())
        if lead < trail:
            spans.append((a + lead, a + trail))
    return spans


def _quote_depth(para: str) -> list[int]:
    """For each cut position, how many matched quotes/brackets it would break."""
    stack: list[tuple[str, int]] = []
    diff = [0] * (len(para) + 2)

    def close(expected: str, i: int) -> bool:
        for k in range(len(stack) - 1, -1, -1):
            if stack[k][0] == expected:
                opened = stack[k][1]
                del stack[k:]
                diff[opened + 1] += 1
                diff[i + 1] -= 1
                return True
        return False

    for i, ch in enumerate(para):
        if ch in _OPENERS:
            stack.append((_OPENERS[ch], i))
        elif ch in _CLOSERS:
            close(ch, i)
        elif ch in _AMBIGUOUS:
            prev = para[i - 1] if i else " "
            nxt = para[i + 1] if i + 1 < len(para) else " "
            opening_context = nxt.isalnum() and (
                prev.isspace() or prev in _OPENERS or prev in ":" + _TATWEEL
            )
            if opening_context:
                stack.append((ch, i))
                continue
            apostrophe = ch in _APOSTROPHES and nxt.isalnum()  # don't, Qur'an
            if apostrophe or close(ch, i) or ch in _APOSTROPHES:
                continue
            spaced = nxt.isspace() and (prev.isspace() or prev in _OPENERS or prev in ":")
            if nxt.isalnum() or spaced:
                stack.append((ch, i))  # ب”الأمر without tatweel; قال ” نص ”
    depth, running = [], 0
    for value in diff[: len(para) + 1]:
        running += value
        depth.append(running)
    return depth


def _cluster_end(para: str, i: int) -> int:
    """End of the stop run at ``i`` plus the closers and further stops after it."""
    n = len(para)
    j = i
    while j < n:
        ch = para[j]
        closes = ch in _AMBIGUOUS and (j + 1 == n or _ends_run(para[j + 1]))
        if not (ch in _STOPS or ch in _CLOSERS or closes):
            break
        j += 1
    return j


def _ends_run(ch: str) -> bool:
    """An ambiguous quote right after a stop closes it when this comes next."""
    return ch.isspace() or ch in _STOPS or ch in _CLOSERS or ch in _AMBIGUOUS


def _ends_sentence(para: str, start: int, i: int, j: int) -> bool:
    """Whether the stop run ``para[i:j]`` ends the sentence begun at ``start``."""
    if not any(c.isalnum() for c in para[start:i]):
        return False
    nxt = para[j]
    if nxt.isspace():
        following = para[j:].lstrip()[0]  # the paragraph is stripped, so it exists
        if following.islower() or following in _NO_BREAK_BEFORE:
            return False
    elif not _is_arabic_letter(nxt):
        return False
    else:
        following = nxt
    stops = "".join(c for c in para[i:j] if c in _STOPS)
    return stops != "." or not _is_abbreviation(para, start, i, following)


def _word_before(para: str, start: int, end: int) -> tuple[int, str]:
    """The whitespace-delimited word ending at ``end`` (after ``start``) and where it starts."""
    k = end
    while k > start and not para[k - 1].isspace():
        k -= 1
    return k, para[k:end]


def _word_after(para: str, i: int) -> str:
    rest = para[i + 1 :].lstrip()
    return rest.split(maxsplit=1)[0] if rest else ""


def _is_abbreviation(para: str, start: int, i: int, following: str) -> bool:
    """Whether the period at ``i`` closes an abbreviation, initial or list number."""
    k, token = _word_before(para, start, i)
    token = token.lstrip("".join(_OPENERS) + "".join(_AMBIGUOUS))
    if not token:
        # ``ق . م``: a lone letter, a spaced period, another lone letter
        _, previous = _word_before(para, start, para[:i].rstrip().__len__())
        after = _word_after(para, i).rstrip(".")
        return bool(
            _SINGLE_ARABIC_LETTER.fullmatch(_ARABIC_MARKS.sub("", previous))
            and _SINGLE_ARABIC_LETTER.fullmatch(_ARABIC_MARKS.sub("", after))
        )
    arabic = _ARABIC_MARKS.sub("", token)
    if _SINGLE_ARABIC_LETTER.fullmatch(arabic) and _unit_ends_sentence(para, start, k, i):
        return False
    if _ARABIC_ABBREV.fullmatch(arabic) or arabic in _ARABIC_ABBREV_WORDS:
        return True
    if token.lower() in _LATIN_TITLES or _LATIN_DOTTED.fullmatch(token):
        return True
    if len(token) == 1 and token.isascii() and token.isalpha():
        return following.isascii() and following.isalpha()  # J. K. Rowling, not "فيتامين C."
    return token.isdecimal() and len(token) <= 3 and not para[start:k].strip()


def _unit_ends_sentence(para: str, start: int, k: int, i: int) -> bool:
    """``٧ م. ولذلك``: a one-letter unit after a number, then a word opening a clause."""
    _, number = _word_before(para, start, para[:k].rstrip().__len__())
    if not number or not _NUMBER.fullmatch(number):
        return False
    after = _ARABIC_MARKS.sub("", _word_after(para, i))
    if after in _CLAUSE_OPENERS:
        return True
    return len(after) > 2 and after[0] in "وف" and after not in _NOT_CONJUNCTION


def _semicolon_ends(para: str, start: int, i: int) -> bool:
    """Whether ``؛`` at ``i`` joins two clauses each long enough to stand alone."""
    before = para[start:i]
    end = i + 1
    while end < len(para) and para[end] not in _STOPS and para[end] != _SEMICOLON:
        end += 1
    after = para[i + 1 : end]
    return min(_word_count(before), _word_count(after)) >= SEMICOLON_MIN_WORDS


def _word_count(text: str) -> int:
    return sum(1 for word in text.split() if any(c.isalnum() for c in word))


def _is_arabic_letter(ch: str) -> bool:
    return re.fullmatch(_ARABIC_LETTER, ch) is not None
