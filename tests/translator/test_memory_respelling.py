"""Old spellings of glossary names in a stored English (the glossary changed since)."""

from __future__ import annotations

from collections import Counter

from glossary.target_finder import TargetFinder
from translator.memory.respelling import compare_names

FINDER = TargetFinder(
    ["Dmitry Peskov", "Peskov", "Moscow", "Iran", "Joe Biden", "Bashar al-Assad", "Putin"]
)


def test_an_old_spelling_is_named_and_its_parts_are_not_extra_names() -> None:
    english = "Dmitri Peskov told reporters Moscow is ready for dialogue."
    verdict = compare_names(english, Counter({"Dmitry Peskov": 1, "Moscow": 1}), FINDER)
    assert verdict.missing == Counter({"Dmitry Peskov": 1})
    [old] = verdict.respelled
    assert (old.target, old.found, english[old.start : old.end]) == (
        "Dmitry Peskov",
        "Dmitri Peskov",
        "Dmitri Peskov",
    )
    assert verdict.extra == Counter()  # "Peskov" belongs to the old spelling


def test_spellings_with_more_or_fewer_words_are_found() -> None:
    verdict = compare_names("Bashar Al Assad spoke.", Counter({"Bashar al-Assad": 1}), FINDER)
    assert [r.found for r in verdict.respelled] == ["Bashar Al Assad"]


def test_another_name_or_an_unlike_word_is_not_a_respelling() -> None:
    # "Iraq" is one letter from "Iran": another country, not a spelling of it
    assert compare_names("He spoke of Iraq.", Counter({"Iran": 1}), FINDER).respelled == ()
    verdict = compare_names("Emmanuel Macron said so.", Counter({"Joe Biden": 1}), FINDER)
    assert verdict.respelled == () and verdict.missing == Counter({"Joe Biden": 1})
    # a stray glossary name is still extra when it is not part of an old spelling
    verdict = compare_names("Putin and Peskov met.", Counter({"Putin": 1}), FINDER)
    assert verdict.extra == Counter({"Peskov": 1}) and verdict.respelled == ()


def test_only_the_occurrences_short_are_respellings() -> None:
    english = "Dmitry Peskov and Dmitri Peskov met in Moscow."
    verdict = compare_names(english, Counter({"Dmitry Peskov": 2, "Moscow": 1}), FINDER)
    assert [(r.found, r.start) for r in verdict.respelled] == [("Dmitri Peskov", 18)]
    assert verdict.extra == Counter()
