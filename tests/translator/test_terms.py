"""Requirements, verification, statuses and term accuracy (no model needed)."""

from __future__ import annotations

from collections import Counter

import pytest

from glossary.entry import Entry
from glossary.matcher import Matcher, TargetFinder
from glossary.termbase import Glossary
from translator.enforcement.terms import (
    Requirement,
    allowed_counts,
    required_counts,
    sentence_requirements,
    statuses_from_counts,
    term_accuracy,
    term_statuses,
    verify,
)


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary(
        [
            Entry("Vladimir Putin", ["فلاديمير بوتين"]),
            Entry("Putin", ["بوتين"]),
            Entry("NATO", ["ناتو", "حلف شمال الأطلسي"], "organization"),  # takes للناتو
            Entry("Sputnik", ["سبوتنيك"]),
            Entry("Sputnik V", ["سبوتنيك V", "سبوتنيك في"]),
            Entry("OPEC+", ["أوبك+"]),
            Entry("COVID-19", ["كوفيد 19"]),
        ]
    )


@pytest.fixture(scope="module")
def matcher(glossary: Glossary) -> Matcher:
    return Matcher(glossary)


@pytest.fixture(scope="module")
def finder(glossary: Glossary) -> TargetFinder:
    return TargetFinder(glossary.targets())


def test_requirements_follow_matches_with_clitics(matcher: Matcher) -> None:
    text = "وبوتين يلتقي للناتو"
    reqs = sentence_requirements(text, matcher)
    assert [r.target for r in reqs] == ["Putin", "NATO"]
    for r in reqs:
        assert text[r.start : r.end] == r.source


def test_longest_match_on_both_sides(matcher: Matcher, finder: TargetFinder) -> None:
    required = required_counts(sentence_requirements("قال فلاديمير بوتين", matcher))
    assert required == Counter({"Vladimir Putin": 1})
    assert verify("Vladimir Putin said", required, finder).satisfied
    # A bare Putin is an extra: the Arabic has only the full name.  Extras are
    # reported, never a violation of strict mode's promise.
    verdict = verify("Vladimir Putin and Putin", required, finder)
    assert verdict.extra == Counter({"Putin": 1}) and not verdict.missing
    assert verdict.satisfied
    # The model's "Putin" does not answer for "Vladimir Putin": that is missing.
    verdict = verify("Putin said", required, finder)
    assert verdict.missing == Counter({"Vladimir Putin": 1})
    assert verdict.extra == Counter({"Putin": 1})


def test_counts_are_exact(matcher: Matcher, finder: TargetFinder) -> None:
    required = required_counts(sentence_requirements("بوتين قال إن بوتين", matcher))
    assert required == Counter({"Putin": 2})
    assert verify("Putin's aide said Putin agreed", required, finder).satisfied
    assert verify("Putin agreed", required, finder).missing == Counter({"Putin": 1})
    verdict = verify("Putin, Putin, Putin", required, finder)
    assert verdict.extra == Counter({"Putin": 1}) and verdict.satisfied
    assert verify("Putinism and Putin", required, finder).missing == Counter({"Putin": 1})


def test_absent_names_must_not_appear(finder: TargetFinder) -> None:
    verdict = verify("NATO met OPEC+ about COVID-19", Counter(), finder)
    assert verdict.extra == Counter({"NATO": 1, "OPEC+": 1, "COVID-19": 1})


PUTIN_1 = Requirement("بوتين", 0, 5, "Putin")
PUTIN_2 = Requirement("بوتين", 9, 14, "Putin")
NATO = Requirement("ناتو", 20, 24, "NATO")


def test_statuses_follow_the_order_of_occurrences() -> None:
    # The k-th requirement of a target goes with its k-th occurrence in the English.
    terms = term_statuses([PUTIN_1, PUTIN_2, NATO], [("Putin", "ok"), ("Putin", "enforced")])
    assert [t.status for t in terms] == ["ok", "enforced", "missing"]
    assert (terms[0].start, terms[0].end, terms[0].source) == (0, 5, "بوتين")
    swapped = term_statuses([PUTIN_1, PUTIN_2], [("Putin", "enforced"), ("Putin", "ok")])
    assert [t.status for t in swapped] == ["enforced", "ok"]


def test_extras_come_after_the_names_in_english_order() -> None:
    occurrences = [("Kremlin", "ok"), ("Putin", "ok"), ("NATO", "ok"), ("Putin", "ok")]
    terms = term_statuses([PUTIN_1], occurrences)
    assert [(t.target, t.status) for t in terms] == [
        ("Putin", "ok"), ("Kremlin", "extra"), ("NATO", "extra"), ("Putin", "extra"),
    ]  # fmt: skip
    assert all(t.start is None and t.end is None and t.source == "" for t in terms[1:])


def test_suggest_only_matches_are_never_missing_nor_extra(finder: TargetFinder) -> None:
    suggested = Requirement("ناتو", 20, 24, "NATO", suggest=True)
    reqs = [PUTIN_1, suggested]
    assert required_counts(reqs) == Counter({"Putin": 1})
    assert allowed_counts(reqs) == Counter({"Putin": 1, "NATO": 1})
    for english in ("Putin spoke", "Putin spoke to NATO"):
        terms = statuses_from_counts(reqs, english, finder)
        assert [(t.target, t.status) for t in terms] == [("Putin", "ok"), ("NATO", "suggested")]
        verdict = verify(english, required_counts(reqs), finder, allowed_counts(reqs))
        assert verdict.satisfied and not verdict.extra
    # A second NATO is more than the suggest-only match allows: an extra.
    terms = statuses_from_counts(reqs, "Putin, NATO and NATO", finder)
    assert [t.status for t in terms] == ["ok", "suggested", "extra"]


def test_statuses_from_a_decoder_report(finder: TargetFinder) -> None:
    reqs = [PUTIN_1, PUTIN_2]
    terms = statuses_from_counts(reqs, "Putin met Putin", finder, {"Putin": ["enforced", "ok"]})
    assert [t.status for t in terms] == ["enforced", "ok"]


def test_term_accuracy(matcher: Matcher, finder: TargetFinder) -> None:
    sources = ["بوتين وبوتين", "للناتو", "لا أسماء هنا", "سبوتنيك V و أوبك+"]
    hyps = ["Putin and Putin", "the alliance", "NATO says", "Sputnik V and OPEC+"]
    acc = term_accuracy(sources, hyps, matcher, finder)
    assert (acc.total, acc.correct, acc.extras) == (5, 4, 1)
    assert acc.accuracy == pytest.approx(0.8)
    assert term_accuracy([], [], matcher, finder).accuracy == 1.0
    with pytest.raises(ValueError):
        term_accuracy(["a"], [], matcher, finder)
