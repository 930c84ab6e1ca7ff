"""The review UI's live check follows strict mode's rules: missing names, and extras apart."""

from __future__ import annotations

from glossary.entry import Entry
from glossary.termbase import Glossary
from tui.term_check import TermChecker

GLOSSARY = Glossary(
    [
        Entry("Vladimir Putin", ["فلاديمير بوتين"]),
        Entry("Putin", ["بوتين"]),
        Entry("Kremlin", ["الكرملين"]),
    ]
)


def test_extras_are_reported_apart_from_missing_names() -> None:
    checker = TermChecker(GLOSSARY)
    terms = checker.check("قال بوتين إن الرئاسة الروسية", "Putin said the Kremlin agreed")
    assert terms.missing == () and terms.extra == ("Kremlin",)
    assert [n.present for n in terms.names] == [True]


def test_a_shorter_name_does_not_answer_for_the_full_one() -> None:
    checker = TermChecker(GLOSSARY)
    terms = checker.check("قال فلاديمير بوتين", "Putin said")
    assert terms.missing == ("Vladimir Putin",) and terms.extra == ("Putin",)
    full = checker.check("قال فلاديمير بوتين", "Vladimir Putin said")
    assert full.missing == () and full.extra == ()


def test_untranslated_segments_warn_about_nothing() -> None:
    checker = TermChecker(GLOSSARY)
    terms = checker.check("قال بوتين", "", translated=False)
    assert terms.missing == () and terms.extra == ()
    assert checker.check("لا أسماء", "the Kremlin").extra == ("Kremlin",)


def test_each_occurrence_needs_its_own_name_in_the_english() -> None:
    checker = TermChecker(GLOSSARY)
    once = checker.check("قال بوتين إن بوتين لن يترشح", "Putin said he would not run")
    assert [n.present for n in once.names] == [True, False]
    assert once.missing == ("Putin",)
    twice = checker.check("قال بوتين إن بوتين لن يترشح", "Putin said Putin would not run")
    assert [n.present for n in twice.names] == [True, True] and twice.missing == ()
