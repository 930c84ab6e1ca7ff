"""Normalization: each folding rule, and the offset map that keeps spans honest."""

from __future__ import annotations

import pytest

from glossary.normalize import form_key, has_arabic_letter, normalize


def words(text: str) -> list[str]:
    norm = normalize(text)
    return [norm.text_of(t) for t in norm.tokens]


@pytest.mark.parametrize(
    ("variant", "plain"),
    [
        ("بُوتِين", "بوتين"),  # harakat
        ("بوتّين", "بوتين"),  # shadda
        ("بوتْين", "بوتين"),  # sukun
        ("بوتينٌ", "بوتين"),  # tanwin
        ("هٰذا", "هذا"),  # dagger alef
        ("بوتۖين", "بوتين"),  # Quranic annotation mark
        ("بـوتـــين", "بوتين"),  # tatweel
        ("أفغانستان", "افغانستان"),  # hamza above alef
        ("إيران", "ايران"),  # hamza below alef
        ("آسيا", "اسيا"),  # madda
        ("ٱلكرملين", "الكرملين"),  # wasla
        ("ﺑﻮﺗﻴﻦ", "بوتين"),  # presentation forms (NFKC)
        ("ﻻفروف", "لافروف"),  # lam-alef ligature
        ("بو\u200cتين", "بوتين"),  # ZWNJ
        ("بو\u200dتين", "بوتين"),  # ZWJ
        ("\u200fبوتين\u200e", "بوتين"),  # RLM / LRM
        ("ا\u0654فغانستان", "افغانستان"),  # combining hamza composes, then folds
        ("كوفيد ١٩", "كوفيد 19"),  # Arabic-Indic digits
        ("كوفيد ۱۹", "كوفيد 19"),  # extended Arabic-Indic digits
        ("سبوتنيك v", "سبوتنيك V"),  # Latin case
        ("سبوتنيك Ｖ", "سبوتنيك V"),  # full-width Latin (NFKC)
        ("فيكتوريا \u00a0  نولاند", "فيكتوريا نولاند"),  # whitespace run with NBSP
        ("كوفيد-19", "كوفيد 19"),  # hyphen separates like a space
        ("أوبك +", "أوبك+"),  # spacing before a symbol is not significant
    ],
)
def test_variant_normalizes_like_plain(variant: str, plain: str) -> None:
    assert words(variant) == words(plain)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("على", "علي"),  # alef maksura vs ya: "on" is not "Ali"
        ("مكة", "مكه"),  # ta marbuta vs ha
        ("مسؤول", "مسوول"),  # hamza seat
        ("جنيفر", "جنيف"),
        ("عبد الله", "عبدالله"),  # a space inside a name is significant
    ],
)
def test_not_folded(a: str, b: str) -> None:
    assert form_key(a) != form_key(b)


def test_symbols_are_single_tokens() -> None:
    assert words("“أوبك+”، (جنيف)") == ["“", "اوبك", "+", "”", "،", "(", "جنيف", ")"]


def test_offsets_point_into_original() -> None:
    text = "وَبُوتِيـنُ ﻻفروف ١٩"
    norm = normalize(text)
    assert norm.folded == "وبوتينلافروف19"
    for i, ch in enumerate(norm.folded):
        assert ch in normalize(text[norm.offsets[i]]).folded


def test_token_end_keeps_trailing_diacritics_but_not_format_chars() -> None:
    text = "بوتينُ\u200f قال"
    first = normalize(text).tokens[0]
    assert text[: first.orig_end] == "بوتينُ"


def test_line_break_is_recorded() -> None:
    tokens = normalize("فيكتوريا\nنولاند نولاند").tokens
    assert [t.break_before for t in tokens] == [False, True, False]


def test_has_arabic_letter() -> None:
    assert has_arabic_letter("Putin بوتين")
    assert not has_arabic_letter("Putin, 19 +")
