"""Requirements, verification, statuses and term accuracy (no model needed)."""

from __future__ import annotations

from collections import Counter

import pytest

from glossary.entry import Entry
from glossary.matcher import Matcher, TargetFinder
from glossary.termbase import Glossary
from translator.enforcement.terms import (
    Requirement,
    assign_statuses,
    required_counts,
    sentence_requirements,
    term_accuracy,
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
    # A bare Putin would be a false insertion: the Arabic has only the full name.
    verdict = verify("Vladimir Putin and Putin", required, finder)
    assert verdict.extra == Counter({"Putin": 1}) and not verdict.missing


def test_counts_are_exact(matcher: Matcher, finder: TargetFinder) -> None:
    required = required_counts(sentence_requirements("بوتين قال إن بوتين", matcher))
    assert required == Counter({"Putin": 2})
    assert verify("Putin's aide said Putin agreed", required, finder).satisfied
    assert verify("Putin agreed", required, finder).missing == Counter({"Putin": 1})
    assert verify("Putin, Putin, Putin", required, finder).extra == Counter({"Putin": 1})
    assert verify("Putinism and Putin", required, finder).missing == Counter({"Putin": 1})


def test_absent_names_must_not_appear(finder: TargetFinder) -> None:
    verdict = verify("NATO met OPEC+ about COVID-19", Counter(), finder)
    assert verdict.extra == Counter({"NATO": 1, "OPEC+": 1, "COVID-19": 1})


def test_statuses_in_source_order() -> None:
    reqs = [Requirement("بوتين", 0, 5, "Putin"), Requirement("بوتين", 9, 14, "Putin"),
            Requirement("ناتو", 20, 24, "NATO")]  # fmt: skip
    terms = assign_statuses(reqs, {"Putin": ["ok", "enforced"]}, Counter({"Putin": 2}))
    assert [t.status for t in terms] == ["ok", "enforced", "missing"]
    assert (terms[0].start, terms[0].end, terms[0].source) == (0, 5, "بوتين")


def test_term_accuracy(matcher: Matcher, finder: TargetFinder) -> None:
    sources = ["بوتين وبوتين", "للناتو", "لا أسماء هنا", "سبوتنيك V و أوبك+"]
    hyps = ["Putin and Putin", "the alliance", "NATO says", "Sputnik V and OPEC+"]
    acc = term_accuracy(sources, hyps, matcher, finder)
    assert (acc.total, acc.correct, acc.false_insertions) == (5, 4, 1)
    assert acc.accuracy == pytest.approx(0.8)
    assert term_accuracy([], [], matcher, finder).accuracy == 1.0
    with pytest.raises(ValueError):
        term_accuracy(["a"], [], matcher, finder)
