"""Property tests: segment offsets slice back, stay in order and cover the input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from translator.segment import paragraphs, segment

PIECES = [
    "قال", "الرئيس", "د", "م", "هـ", "ق.م", "بـ", "و", "الأمر", "جداً", "ثم",
    "Dr", "U.S", "e.g", "J", "Smith", "the", "a.m",
    "3", "3.5", "2021", "22.10.2021", "٣٫٥", "١٢",
    ".", "..", "...", "…", "؟", "?", "!", "?!", "؛", "،", ":", ",", "-",
    "“", "”", "«", "»", "(", ")", "[", "]", '"', "'", "’", "ـ",
    " ", " ", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "\u2029", "\u2028", "\x85",
]  # fmt: skip

news_like = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
anything = st.text(max_size=80)
texts = st.one_of(news_like, anything)

FAST = settings(max_examples=300, deadline=None)


@FAST
@given(texts)
def test_offsets_slice_back_in_order_without_overlap(text: str) -> None:
    got = segment(text)
    previous_end = 0
    for s in got:
        assert text[s.start : s.end] == s.text
        assert s.text and s.text == s.text.strip()
        assert previous_end <= s.start < s.end
        previous_end = s.end


@FAST
@given(texts)
def test_sentences_never_cross_a_line_break(text: str) -> None:
    for s in segment(text):
        assert s.text.splitlines() == [s.text]


@FAST
@given(texts)
def test_every_visible_character_is_in_exactly_one_sentence(text: str) -> None:
    owners = [0] * len(text)
    for s in segment(text):
        for k in range(s.start, s.end):
            owners[k] += 1
    for k, ch in enumerate(text):
        assert owners[k] <= 1
        assert ch.isspace() or owners[k] == 1


@FAST
@given(texts)
def test_paragraph_indexes_match_paragraphs(text: str) -> None:
    spans = paragraphs(text)
    assert [text[a:b] for a, b in spans] == [
        line.strip() for line in text.splitlines() if line.strip()
    ]
    got = segment(text)
    assert sorted({s.paragraph for s in got}) == list(range(len(spans)))
    assert [s.paragraph for s in got] == sorted(s.paragraph for s in got)
    for s in got:
        start, end = spans[s.paragraph]
        assert start <= s.start and s.end <= end


@FAST
@given(st.lists(news_like, max_size=6))
def test_each_line_is_segmented_on_its_own(lines: list[str]) -> None:
    lines = [line.replace("\r", " ") for line in lines]
    lines = ["".join(line.splitlines()) for line in lines]
    text = "\n".join(lines)
    expected: list[str] = []
    for line in lines:
        expected.extend(s.text for s in segment(line))
    assert [s.text for s in segment(text)] == expected
