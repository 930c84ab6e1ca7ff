"""The transliterator's extra training data: read, cleaned, kept apart from the test names."""

from __future__ import annotations

from pathlib import Path

from translator.names.train_transliterator import (
    read_extra_pairs,
    split_words,
    usable_extra_pairs,
)


def test_extra_pairs_are_normalized_and_plain_latin(tmp_path: Path) -> None:
    tokens = tmp_path / "wd_arabic.normalized.aligned.tokens"
    tokens.write_text(
        "mogherini\tم و غ ي ر ي ن ي\t1\n"
        "Chūhachi\tت ش و ه ا ت ش ي\t1\n"  # accent stripped, lower-cased
        "æsir\tا ي س ي ر\t1\n"  # a letter with no plain a-z reading: dropped
        "antun\tأ ن ط و ن\t3\n"  # alef with hamza folded as the glossary does
        "broken line\n",
        "utf-8",
    )
    assert read_extra_pairs(tokens) == [
        ("موغيريني", "mogherini"),
        ("تشوهاتشي", "chuhachi"),
        ("انطون", "antun"),
    ]


def test_extra_pairs_never_hold_an_eval_or_test_word(tmp_path: Path) -> None:
    (tmp_path / "ar2en-test.txt").write_text("موغيريني\tmogherini\n", "utf-8")
    (tmp_path / "ar2en-eval.txt").write_text("ليام\tliam\n", "utf-8")
    unseen = split_words([tmp_path / "ar2en-eval.txt", tmp_path / "ar2en-test.txt"])
    assert unseen == {"موغيريني", "mogherini", "ليام", "liam"}
    known = {("انطون", "antun")}
    pairs = [
        ("موغيريني", "mogherini"),  # a test pair: out
        ("موغريني", "mogherini"),  # another spelling of a test name: out too
        ("ليام", "lyam"),  # the eval split's Arabic word: out
        ("انطون", "antun"),  # already in the training split: out
        ("كوسغي", "kosgei"),
        ("كوسغي", "kosgei"),  # a repeat: once
    ]
    assert usable_extra_pairs(pairs, unseen, known) == [("كوسغي", "kosgei")]
