"""Splitting of sentences longer than the model takes: never a lost word."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from translator.decoding.batching import length_sorted_batches
from translator.long_input import split_long


def words(text: str) -> int:
    return len(text.split())


def test_short_text_is_one_piece() -> None:
    assert split_long("قال الرئيس", words, 10) == [(0, "قال الرئيس")]


def test_splits_at_clause_marks_first() -> None:
    text = "أ ب ج، د ه و؛ ز ح ط: ي ك ل"
    pieces = split_long(text, words, 4)
    assert [piece for _, piece in pieces] == ["أ ب ج،", "د ه و؛", "ز ح ط:", "ي ك ل"]
    assert all(text[at : at + len(piece)] == piece for at, piece in pieces)


def test_falls_back_to_words_and_characters() -> None:
    text = "ا ب ت ث ج ح خ د"
    assert [p for _, p in split_long(text, words, 3)] == ["ا ب ت", "ث ج ح", "خ د"]
    long_word = "ب" * 40
    pieces = split_long(long_word, len, 16)
    assert "".join(p for _, p in pieces) == long_word
    assert all(len(p) <= 16 for _, p in pieces)


@given(
    st.lists(st.sampled_from(["قال", "الرئيس،", "بوتين؛", "موسكو:", "و", "ناتو"]), max_size=60),
    st.integers(min_value=1, max_value=8),
)
def test_pieces_cover_every_word_in_order(tokens: list[str], limit: int) -> None:
    text = " ".join(tokens)
    pieces = split_long(text, words, limit)
    assert " ".join(p for _, p in pieces).split() == text.split()
    assert all(text[at : at + len(piece)] == piece for at, piece in pieces)
    assert all(words(p) <= limit for _, p in pieces)


def test_batches_sorted_and_bounded() -> None:
    lengths = [5, 50, 7, 48, 6, 49]
    batches = length_sorted_batches(lengths, max_sentences=2, max_tokens=1000)
    assert batches == [[1, 5], [3, 2], [4, 0]]
    assert sorted(i for b in batches for i in b) == list(range(6))
    assert length_sorted_batches([100, 100, 100], 10, 200) == [[0, 1], [2]]
