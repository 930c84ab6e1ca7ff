"""Names that are also words (issue 10): the article rule per type, the document rule,
suggest-only forms, Persian letters, and the form-flag syntax of the glossary file."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.entry import Entry, format_form, parse_form
from glossary.errors import GlossaryError
from glossary.matcher import Matcher
from glossary.storage import dump_glossary, load_glossary, save_glossary
from glossary.termbase import Glossary

DATA = Path(__file__).resolve().parents[1] / "data"


def targets(matcher: Matcher, text: str) -> list[tuple[str, str]]:
    return [(m.source, m.target) for m in matcher.find(text)]


@pytest.fixture(scope="module")
def names() -> Matcher:
    return Matcher(load_glossary(DATA / "names_glossary.tsv"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # person and place forms never match the word with an article they lack
        ("اتفاق السلام", []),
        ("نشر الصور", []),
        ("ما زال الأمل قائماً", []),
        ("وفي العمر عبرة", []),
        ("للصور دلالة", []),
        ("والسلام عليكم", []),
        # ... but the bare word is the name (where no document rule applies)
        ("من ميناء صور", [("صور", "Tyre")]),
        ("وصل إلى صور أمس", [("صور", "Tyre")]),
        ("قال عمر", [("عمر", "Omar")]),
        # organizations keep the article and its clitics
        ("الناتو", [("ناتو", "NATO")]),
        ("للناتو", [("ناتو", "NATO")]),
        ("وبالناتو", [("ناتو", "NATO")]),
        # a headline names Putin before his full name appears: بوتين is no ordinary word
        ("بوتين: اتفاق قريب", [("بوتين", "Putin")]),
    ],
)
def test_article_rule_traps(names: Matcher, text: str, expected: list[tuple[str, str]]) -> None:
    assert targets(names, text) == expected


@pytest.mark.parametrize("kind", ["person", "place", "other", None])
def test_article_rule_for_every_strict_type(kind: str | None) -> None:
    matcher = Matcher(Glossary([Entry("Amer", ["أمير"], kind), Entry("Khamees", ["خميس"], kind)]))
    assert matcher.find("قال الأمير يوم الخميس (الخميس)") == []
    assert targets(matcher, "قال أمير يوم خميس") == [("أمير", "Amer"), ("خميس", "Khamees")]


def test_a_form_can_take_the_article_explicitly() -> None:
    entry = Entry("Tyre", ["صور"], "place", flags={"صور": frozenset({"article"})})
    matcher = Matcher(Glossary([entry]))
    assert targets(matcher, "الصور") == [("صور", "Tyre")]


def test_salam_counts_only_after_nawaf_salam(names: Matcher) -> None:
    doc = ["وقال سلام إن الاتفاق قريب", "التقى نواف سلام بالوزير", "وقال سلام للصحفيين"]
    found = [[(m.source, m.target) for m in ms] for ms in names.find_document(doc)]
    assert found == [[], [("نواف سلام", "Nawaf Salam")], [("سلام", "Nawaf Salam")]]
    # within one text the full name must come first, too
    assert targets(names, "وقال سلام إن نواف سلام وصل") == [("نواف سلام", "Nawaf Salam")]
    assert targets(names, "وصل نواف سلام وقال سلام") == [
        ("نواف سلام", "Nawaf Salam"),
        ("سلام", "Nawaf Salam"),
    ]
    assert names.find_document(["وقال سلام"])[0] == names.find("وقال سلام") == []


def test_amal_only_after_amal_alamuddin(names: Matcher) -> None:
    doc = ["الأمل كبير وقالت أمل", "قالت أمل علم الدين", "ثم أكدت أمل"]
    found = [[m.target for m in ms] for ms in names.find_document(doc)]
    assert found == [[], ["Amal Alamuddin"], ["Amal Alamuddin"]]


def test_always_opts_out_of_the_document_rule() -> None:
    entry = Entry("Nawaf Salam", ["نواف سلام", "سلام"], "person")
    entry.set_flags("سلام", {"always"})
    matcher = Matcher(Glossary([entry]))
    assert targets(matcher, "وقال سلام") == [("سلام", "Nawaf Salam")]


def test_a_short_form_of_another_entry_is_gated_by_the_longer_one() -> None:
    glossary = Glossary(
        [
            Entry("Nawaf Salam", ["نواف سلام"], "person"),
            Entry("Salam", ["سلام"], "person"),
            Entry("Putin", ["بوتين"], "person"),
            Entry("Vladimir Putin", ["فلاديمير بوتين"], "person"),
        ]
    )
    matcher = Matcher(glossary)
    assert matcher.gated == frozenset({"سلام"})
    found = matcher.find_document(["قال سلام وبوتين", "نواف سلام", "وسلام"])
    assert [[m.target for m in ms] for ms in found] == [["Putin"], ["Nawaf Salam"], ["Salam"]]


def test_suggest_only_forms_are_reported_as_such(names: Matcher) -> None:
    found = names.find("قالت وكالة سبوتنيك في تقرير")
    assert [(m.target, m.suggest) for m in found] == [("Sputnik V", True)]
    assert [(m.target, m.suggest) for m in names.find("لقاح سبوتنيك V")] == [("Sputnik V", False)]


def test_persian_and_urdu_letters_match_their_arabic_ones() -> None:
    glossary = Glossary(
        [
            Entry("Houthis", ["الحوثيين"], "organization"),
            Entry("Karaj", ["كرج"], "place"),
            Entry("Amal", ["حركة أمل"], "organization"),
        ]
    )
    matcher = Matcher(glossary)
    text = "قصف الحوثیین مدينة کرج، وحرکة أمل ۱۹"
    found = matcher.find(text)
    assert [(m.source, m.target) for m in found] == [
        ("الحوثیین", "Houthis"),
        ("کرج", "Karaj"),
        ("حرکة أمل", "Amal"),
    ]
    assert all(text[m.start : m.end] == m.source for m in found)
    # Urdu heh and teh marbuta goal, Kurdish ae
    assert targets(Matcher(Glossary([Entry("Hamza", ["حمزة"], "person")])), "حمزۃ") == [
        ("حمزۃ", "Hamza")
    ]
    # طه has two letters: a short form, counted everywhere only with {always}
    taha = Entry("Taha", ["طه"], "person", flags={"طه": frozenset({"always"})})
    assert targets(Matcher(Glossary([taha])), "قال طھ وطە") == [
        ("طھ", "Taha"),
        ("طە", "Taha"),
    ]


def test_form_flag_syntax_round_trips(tmp_path: Path) -> None:
    assert parse_form("سلام {always, suggest}") == ("سلام", frozenset({"always", "suggest"}))
    assert parse_form("سلام") == ("سلام", frozenset())
    assert format_form("سلام", {"suggest", "always"}) == "سلام {suggest, always}"
    path = tmp_path / "g.tsv"
    path.write_text(
        "Nawaf Salam\tنواف سلام | سلام {Always}\tperson\nTyre\tصور {article,suggest}\tplace\n",
        encoding="utf-8",
    )
    glossary = load_glossary(path)
    assert glossary.entries[0].form_flags("سلام") == {"always"}
    assert glossary.entries[1].form_flags("صور") == {"article", "suggest"}
    assert glossary.entries[1].suggest_only
    save_glossary(glossary, path)
    text = path.read_text(encoding="utf-8")
    assert "نواف سلام | سلام {always}\tperson" in text
    assert "صور {suggest, article}\tplace" in text
    assert load_glossary(path).entries == glossary.entries


def test_old_files_load_unchanged(seed_glossary_path: Path) -> None:
    glossary = load_glossary(seed_glossary_path)
    assert all(not e.flags for e in glossary)
    assert dump_glossary(glossary) == seed_glossary_path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("X\tسلام {sometimes}\n", "unknown form flag 'sometimes'"),
        ("X\tسلا{م\n", "contains '{' or '}'"),
    ],
)
def test_bad_flags_are_refused(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "g.tsv"
    path.write_text(line, encoding="utf-8")
    with pytest.raises(GlossaryError, match=message):
        load_glossary(path)


def test_aqmar_excerpt_traps() -> None:
    """Real Wikipedia text (AQMAR, CC BY-SA 3.0): الصور and العمر are words, صور is Tyre."""
    lines = (DATA / "aqmar_excerpt.txt").read_text(encoding="utf-8").splitlines()
    glossary = Glossary(
        [
            Entry("Tyre", ["صور"], "place"),
            Entry("Jaffa", ["يافا"], "place"),
            Entry("Umar ibn al-Khattab", ["عمر بن الخطاب", "عمر"], "person"),
            Entry("Saladin", ["صلاح الدين"], "person"),
        ]
    )
    found = Matcher(glossary).find_document(lines)
    per_line = [[m.source for m in ms] for ms in found]
    # the crusaders' coastal strip "from Tyre to Jaffa"
    assert per_line[0] == ["صلاح الدين", "صور", "يافا", "صلاح الدين"]
    # الصور (pictures, forms of an element) in four sentences, العمر in one: no name
    for index in (2, 3, 4, 5, 6):
        assert "صور" not in per_line[index] and "عمر" not in per_line[index], lines[index]
    # عمر الإنسان (a man's lifespan) before Umar is introduced: not a name
    assert per_line[7] == []
    assert per_line[8] == ["عمر بن الخطاب"]
    assert per_line[9] == ["عمر بن الخطاب"]
    # The limits, asserted so a change is noticed: a bare صور ("forms", no article) is
    # read as Tyre, and after Umar was introduced عمر طويل ("a long life") as Umar.
    # glossary check warns about both forms (test_check_flags_common_words).
    assert per_line[1] == ["صور"] and per_line[13] == ["صور"]
    assert per_line[10] == ["عمر"]
    assert per_line[11] == ["عمر"] and per_line[12] == ["عمر"]
