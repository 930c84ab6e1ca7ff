"""Flags on enforced names: misplaced, cut off, words lost before the name.

Built from texts only (Arabic, free English, strict English), so the cases are
written by hand in the trained romanizer's style, modelled on what strict mode
wrote on a trained model where these went unflagged.
"""

from __future__ import annotations

from glossary.entry import Entry
from glossary.matcher import Matcher, TargetFinder
from glossary.termbase import Glossary
from translator.enforcement.flags import TermFlag, flag_terms
from translator.enforcement.terms import sentence_requirements, term_statuses
from translator.engine import Translator

GLOSSARY = Glossary(
    [
        Entry("Joe Biden", ["جو بايدن"]),
        Entry("Vladimir Putin", ["فلاديمير بوتين"]),
        Entry("Geneva", ["جنيف"]),
        Entry("Lavrov", ["لافروف"]),
        Entry("European Union", ["الاتحاد الأوروبي"]),
        Entry("Peskov", ["بيسكوف"]),
    ]
)


def flags(source: str, free: str, strict: str, status: str = "enforced") -> dict[str, tuple]:
    finder = TargetFinder(GLOSSARY.targets())
    reqs = sentence_requirements(source, Matcher(GLOSSARY))
    terms = term_statuses(reqs, [(t, status) for _, _, t in finder.find(strict)])
    flagged = flag_terms(terms, source, free, strict, finder)
    assert [(t.target, t.status) for t in flagged] == [(t.target, t.status) for t in terms]
    return {t.target: t.flags for t in flagged}


def test_a_name_far_from_its_arabic_is_misplaced() -> None:
    got = flags(
        "التقى جو بايدن فلاديمير بوتين في جنيف في يونيو.",
        "altqa jw baydn fladymyr bwtyn fy jnyf fy ywnyw.",
        "waltqa Vladimir Putin Geneva fy Joe Biden jwnyw.",
    )
    assert TermFlag.MISPLACED in got["Joe Biden"]
    assert TermFlag.MISPLACED not in got["Vladimir Putin"]
    assert TermFlag.MISPLACED not in got["Geneva"]


def test_a_sentence_that_stops_at_its_name_is_cut_off() -> None:
    source = "وقال لافروف إن روسيا والاتحاد الأوروبي يجب أن يتعاونا في مجال الطاقة."
    free = "wqal lafrwf an rwsya walathad alawrwby yjb an yt`awna fy mjal altaqa."
    got = flags(source, free, "wqal Lavrov an rwsya w European Union")
    assert got == {"Lavrov": (), "European Union": (TermFlag.CUT_OFF,)}
    whole = "wqal Lavrov an rwsya w European Union yjb an yt`awna fy mjal altaqa."
    assert flags(source, free, whole) == {"Lavrov": (), "European Union": ()}


def test_words_dropped_before_a_name_are_flagged() -> None:
    source = "وأكد المتحدث باسم الكرملين بيسكوف أن الحوار مستمر."
    free = "wakd almthdth basm alkrmlyn byskwf an alhwar mstmr."
    lost = flags(source, free, "wakd almthdth Peskov an alhwar mstmr.")
    assert lost == {"Peskov": (TermFlag.WORDS_LOST,)}
    kept = flags(source, free, "wakd almthdth basm alkrmlyn Peskov an alhwar mstmr.")
    assert kept == {"Peskov": ()}


def test_only_enforced_names_are_flagged() -> None:
    # The model's own name ("ok") is its own placement: nothing enforcement did.
    got = flags(
        "وأكد المتحدث باسم الكرملين بيسكوف أن الحوار مستمر.",
        "wakd almthdth basm alkrmlyn byskwf an alhwar mstmr.",
        "wakd almthdth Peskov an alhwar mstmr.",
        status="ok",
    )
    assert got == {"Peskov": ()}


def test_flags_are_the_same_on_both_backends(trained_model_dir, trained_glossary_path) -> None:
    # A sentence whose English the two backends give alike gets the same flags too, and
    # every flag is one of the enum's (JSON lines write its value).
    from glossary.storage import load_glossary
    from tests.support.trained_model import held_out_sentences

    glossary = load_glossary(trained_glossary_path)
    sentences = held_out_sentences()[:8]
    runs = []
    for backend in ("ctranslate2", "transformers"):
        translator = Translator.load(
            str(trained_model_dir), "cpu", backend=backend, beam=4, glossary=glossary
        )
        runs.append(translator.translate(sentences))
    for fast, torch in zip(*runs, strict=True):
        assert all(set(t.flags) <= set(TermFlag) for t in fast.terms + torch.terms)
        if fast.target == torch.target:
            assert [t.flags for t in fast.terms] == [t.flags for t in torch.terms]
