"""Token features of the CRF name tagger: the word, its clitics, its shape, its context.

Feature groups (named so the benchmark can switch each off and measure what it adds):

* ``word``: the folded word, its core without article/clitics, 2–3 letter prefixes and
  suffixes of the core, length;
* ``shape``: foreign family-name endings (ـوف ـيف ـسكي ـيتش ـوفا …), rare letters and
  letter pairs, Latin letters, digits, punctuation;
* ``letters``: how name-like the core's letters are (``shape.name_score``, bucketed);
* ``gazetteer``: the core is in the shipped list of transliterated names (``shape``);
* ``common``: whether the word, its core, or the word without a leading و/ف is an ordinary
  Arabic word in the glossary's common-word list (``glossary.common_words``);
* ``cue``: a title or place/organization noun up to two words before (``cues``), and
  whether the word itself is one;
* ``context``: the neighbouring words and their cores (±2) and whether they are common.

Hand-written because features are what a CRF is given; python-crfsuite does the learning.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from glossary.common_words import is_common_word
from translator.names.cues import PHRASE_CUES, cue_type, foreign_ending, rare_pattern_count
from translator.names.shape import gazetteer, name_score
from translator.names.tokens import Word, article_split

GROUPS = ("word", "shape", "letters", "gazetteer", "common", "cue", "context")
_CLITIC_LETTERS = ("و", "ف")


def _core(word: Word) -> tuple[str, bool, str]:
    split = article_split(word)
    return split.core, split.article, split.prefix


def _is_common(text: str) -> bool:
    return bool(text) and is_common_word(text)


@lru_cache(maxsize=200_000)
def _own(
    text: str, strict: str, is_word: bool, groups: tuple[str, ...]
) -> tuple[tuple[str, ...], str, bool, str]:
    """A word's features that do not depend on its neighbours (cached: news repeats words),
    its core, whether it is an ordinary word, and the cue type it is ("" if none)."""
    word = Word(text, strict, 0, 0, is_word, False)
    core, article, prefix = _core(word)
    arabic = word.arabic
    common = (_is_common(text) or _is_common(core)) if arabic else False
    use = set(groups)
    f = ["bias"]
    if "word" in use:
        f += [
            f"w={text}",
            f"core={core}",
            f"art={article}",
            f"pre={prefix}",
            f"c2={core[:2]}",
            f"c3={core[:3]}",
            f"s2={core[-2:]}",
            f"s3={core[-3:]}",
            f"len={min(len(core), 8)}",
        ]
    if "shape" in use:
        ending = foreign_ending(core)
        if ending:
            f.append(f"foreign={ending}")
        rare = rare_pattern_count(core)
        if rare:
            f.append(f"rare={min(rare, 3)}")
        if not is_word:
            f.append("punct")
        elif not arabic:
            f.append("digit" if text.isdigit() else "latin")
    if "letters" in use and arabic:
        f.append(f"letters={_bucket(name_score(core))}")
    if "gazetteer" in use and arabic and core in gazetteer():
        f.append("gazetteer")
    if "common" in use and arabic:
        f.append(f"common={common}")
        if text.startswith(_CLITIC_LETTERS) and len(text) > 3:
            f.append(f"common_nowaw={_is_common(text[1:])}")
        if _is_common(text) != _is_common(core):
            f.append("common_core_differs")
    kind = cue_type(text) or cue_type(core)
    if "cue" in use and kind:
        f.append(f"is_cue={kind.value}")
    return tuple(f), core, common, kind.value if kind else ""


def token_features(words: Sequence[Word], groups: Sequence[str] = GROUPS) -> list[list[str]]:
    """One feature list per word of a sentence."""
    key = tuple(groups)
    own = [_own(w.text, w.strict, w.is_word, key) for w in words]
    use = set(groups)
    out: list[list[str]] = []
    for i in range(len(words)):
        f = list(own[i][0])
        if "cue" in use:
            for back in (1, 2):
                if i - back >= 0 and own[i - back][3]:
                    f.append(f"cue-{back}={own[i - back][3]}")
            if i >= 2:
                phrase = f"{words[i - 2].text} {words[i - 1].text}"
                kind = PHRASE_CUES.get(phrase)
                if kind:
                    f.append(f"phrase_cue={kind.value}")
        if "context" in use:
            for off in (-2, -1, 1, 2):
                j = i + off
                if 0 <= j < len(words):
                    f.append(f"w{off:+d}={words[j].text}")
                    f.append(f"core{off:+d}={own[j][1]}")
                    if "common" in use and words[j].arabic:
                        f.append(f"common{off:+d}={own[j][2]}")
                    if off in (-1, 1) and not words[j].is_word:
                        f.append(f"punct{off:+d}={words[j].text}")
                else:
                    f.append(f"edge{off:+d}")
        out.append(f)
    return out


def _bucket(score: float) -> str:
    if score >= 1.0:
        return "high"
    if score >= 0.3:
        return "mid"
    if score >= -0.5:
        return "low"
    return "word"
