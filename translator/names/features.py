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


def token_features(words: Sequence[Word], groups: Sequence[str] = GROUPS) -> list[list[str]]:
    """One feature list per word of a sentence."""
    cores = [_core(w) for w in words]
    common = [
        _is_common(w.text) or _is_common(c[0]) if w.arabic else False
        for w, c in zip(words, cores, strict=True)
    ]
    out: list[list[str]] = []
    use = set(groups)
    for i, word in enumerate(words):
        core, article, prefix = cores[i]
        f = ["bias"]
        if "word" in use:
            f += [
                f"w={word.text}",
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
            if not word.is_word:
                f.append("punct")
            elif not word.arabic:
                f.append("digit" if word.text.isdigit() else "latin")
        if "letters" in use and word.arabic:
            f.append(f"letters={_bucket(name_score(core))}")
        if "gazetteer" in use and word.arabic and core in gazetteer():
            f.append("gazetteer")
        if "common" in use and word.arabic:
            f.append(f"common={common[i]}")
            if word.text.startswith(_CLITIC_LETTERS) and len(word.text) > 3:
                f.append(f"common_nowaw={_is_common(word.text[1:])}")
            if _is_common(word.text) != _is_common(core):
                f.append("common_core_differs")
        if "cue" in use:
            kind = cue_type(word.text) or cue_type(core)
            if kind:
                f.append(f"is_cue={kind.value}")
            for back in (1, 2):
                if i - back >= 0:
                    before = words[i - back]
                    kind = cue_type(before.text) or cue_type(cores[i - back][0])
                    if kind:
                        f.append(f"cue-{back}={kind.value}")
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
                    f.append(f"core{off:+d}={cores[j][0]}")
                    if "common" in use and words[j].arabic:
                        f.append(f"common{off:+d}={common[j]}")
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
