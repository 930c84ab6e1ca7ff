"""The glossary on real news (issue 17), one test per numbered case of the issue:
names written with the article, words of their own, ordinary words and short forms,
check's reasons, عبد/أبو compounds and Persian letters, types on OmegaT import, and
the scale of import, merge, check and the cached index."""

from __future__ import annotations

import argparse
import marshal
from pathlib import Path

import pytest

import glossary.builder as builder_module
from glossary.builder import GlossaryBuilder
from glossary.checks import glossary_warnings
from glossary.cli import _merge, register
from glossary.entry import Entry
from glossary.errors import GlossaryError
from glossary.index_cache import cache_dir, load_matcher
from glossary.matcher import INDEX_VERSION, Matcher
from glossary.storage import load_glossary, save_glossary
from glossary.termbase import Glossary


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="tarjama")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["glossary", *argv])
    return args.func(args)


def targets(matcher: Matcher, text: str) -> list[tuple[str, str]]:
    return [(m.source, m.target) for m in matcher.find(text)]


# 1. Names written with the article --------------------------------------------------


COUNTRIES = [
    ("العراق", "Iraq", "كردستان العراق", "Iraqi Kurdistan"),
    ("القدس", "Jerusalem", "مدينة القدس", "Jerusalem city"),
    ("اليونان", "Greece", "شمال اليونان", "Northern Greece"),
    ("اليابان", "Japan", "بنك اليابان", "Bank of Japan"),
    ("البرازيل", "Brazil", "ريو دي جانيرو البرازيل", "Rio, Brazil"),
    ("المكسيك", "Mexico", "خليج المكسيك", "Gulf of Mexico"),
]


@pytest.mark.parametrize(("name", "target", "longer", "longer_target"), COUNTRIES)
def test_a_name_with_the_article_is_found_before_any_longer_form(
    name: str, target: str, longer: str, longer_target: str
) -> None:
    glossary = Glossary([Entry(target, [name], "place"), Entry(longer_target, [longer], "place")])
    matcher = Matcher(glossary)
    assert matcher.gated == frozenset()
    text = f"وصل الوفد إلى {name} ثم عاد من {name[2:] and 'ب' + name}"
    assert [m.target for m in matcher.find(text)] == [target, target]
    assert not list(glossary_warnings(glossary))


def test_iraq_yemen_and_jerusalem_all_found() -> None:
    glossary = Glossary(
        [
            Entry("Iraq", ["العراق"], "place"),
            Entry("Iraqi Kurdistan", ["كردستان العراق"], "place"),
            Entry("Yemen", ["اليمن"], "place"),
            Entry("Jerusalem", ["القدس"], "place"),
        ]
    )
    found = Matcher(glossary).find("انفجار في العراق واليمن والقدس")
    assert [(m.prefix, m.source, m.target) for m in found] == [
        ("", "العراق", "Iraq"),
        ("و", "اليمن", "Yemen"),
        ("و", "القدس", "Jerusalem"),
    ]
    # check gives none of them a reason, and never advises {suggest} for Yemen
    assert not list(glossary_warnings(glossary))


def test_an_article_form_that_is_an_ordinary_word_is_still_gated() -> None:
    """السلام: its bare core سلام is an ordinary noun; it waits for عليه السلام's owner."""
    glossary = Glossary(
        [Entry("Salam", ["السلام"], "person"), Entry("Nawaf Salam", ["نواف سلام"], "person")]
    )
    matcher = Matcher(glossary)
    assert matcher.gated == frozenset({"سلام"})
    assert matcher.find("عليه السلام") == []
    (warning,) = [m for _, m in glossary_warnings(glossary)]
    assert "common with a pronoun suffix (سلامه)" in warning
    assert "(السلام)" not in warning.split("ordinary word")[1].split(";")[0].replace("ال", "", 0)


# 2. Clitic readings of whole common words ------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "form"),
    [
        ("البيت كامل", "Amal", "أمل"),
        ("بيت كبير", "Bir", "بير"),
        ("وجود القوات", "Jude", "جود"),
        ("خسر بليون دولار", "Lyon", "ليون"),
        ("انسحب فعليا", "Olya", "عليا"),
    ],
)
def test_a_word_of_its_own_keeps_its_first_letter(text: str, name: str, form: str) -> None:
    matcher = Matcher(Glossary([Entry(name, [form], "person")]))
    assert matcher.find(text) == []
    # the name itself is still found
    assert targets(matcher, f"قال {form}") == [(form, name)]


def test_clitics_still_read_before_names() -> None:
    matcher = Matcher(
        Glossary(
            [
                Entry("Qatar", ["قطر"], "place"),
                Entry("Iraq", ["العراق"], "place"),
                Entry("Lebanon", ["لبنان"], "place"),
                Entry("Baghdad", ["بغداد"], "place"),
            ]
        )
    )
    found = matcher.find("بقطر وبالعراق للعراق وبغداد للبنان")
    assert [(m.prefix, m.target) for m in found] == [
        ("ب", "Qatar"),
        ("وب", "Iraq"),
        ("لل", "Iraq"),
        ("و", "Baghdad"),
        ("ل", "Lebanon"),
    ]


# 3. Ordinary words, letter names, short forms, ligatures ----------------------------


def test_letter_names_and_short_forms_wait_for_the_full_name() -> None:
    glossary = Glossary(
        [
            Entry("T-Mobile", ["تي موبايل", "تي"], "organization"),
            Entry("IBM", ["آي بي إم", "آي"], "organization"),
            Entry("M", ["إم"], "organization"),
        ]
    )
    matcher = Matcher(glossary)
    # التي "which", أي "any", أم "or": not names
    assert matcher.find("الشركة التي تعمل في أي بلد أم لا") == []
    assert matcher.find("آي وإم") == []
    doc = ["قالت تي إن الأرباح", "أعلنت تي موبايل", "وقالت تي", "التي"]
    found = [[m.target for m in ms] for ms in matcher.find_document(doc)]
    assert found == [[], ["T-Mobile"], ["T-Mobile"], []]
    flagged = Entry("M", ["إم"], "organization", flags={"إم": frozenset({"always"})})
    assert targets(Matcher(Glossary([flagged])), "شبكة إم") == [("إم", "M")]
    warnings = [m for _, m in glossary_warnings(glossary)]
    assert any("'تي' of 'T-Mobile' is the Arabic name of a Latin letter" in w for w in warnings)
    assert any("'إم' of 'M'" in w and "never matched" in w for w in warnings)


def test_an_organization_form_that_is_a_word_takes_no_article() -> None:
    matcher = Matcher(
        Glossary(
            [Entry("Team Sky", ["فريق"], "organization"), Entry("NATO", ["ناتو"], "organization")]
        )
    )
    assert matcher.find("فاز الفريق وبالفريق") == []
    assert [m.target for m in matcher.find("الناتو وللناتو")] == ["NATO", "NATO"]


@pytest.mark.parametrize("ligature", ["\ufdfa", "\ufdf2"])
def test_ligatures_never_expand_into_a_match(ligature: str) -> None:
    matcher = Matcher(
        Glossary([Entry("Allah", ["الله"], "other"), Entry("Salla", ["صلى"], "person")])
    )
    assert matcher.find(f"النبي {ligature} قال") == []
    assert [m.target for m in matcher.find("قال الله")] == ["Allah"]


def test_check_flags_a_phrase_of_ordinary_words() -> None:
    glossary = Glossary([Entry("Free software", ["البرمجيات الحرة"], "other")])
    (warning,) = [m for _, m in glossary_warnings(glossary)]
    assert "made only of ordinary words" in warning and "{suggest}" in warning


def test_check_messages_are_spelled_right() -> None:
    glossary = Glossary([Entry("Authority", ["هيئة"], "organization")])
    messages = " ".join(m for _, m in glossary_warnings(glossary))
    assert "هيئته" in messages and "هيئةه" not in messages


# 5. Spelling variants ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "text"),
    [
        ("عبدالله", "قال عبد الله"),
        ("عبد الله", "قال عبدالله"),
        ("عبد الرحمن", "وعبدالرحمن"),
        ("أبو ظبي", "في أبوظبي"),
        ("أبوظبي", "في أبو ظبي"),
    ],
)
def test_abd_and_abu_compounds_match_with_or_without_space(form: str, text: str) -> None:
    found = Matcher(Glossary([Entry("Name", [form], "person")])).find(text)
    assert [m.target for m in found] == ["Name"]
    assert text[found[0].start : found[0].end] == found[0].source


def test_abu_does_not_split_ordinary_words() -> None:
    matcher = Matcher(Glossary([Entry("Ab", ["أبو اب"], "person")]))
    assert matcher.find("فتح أبواب المدينة") == []


def test_persian_letters_fold_to_their_arabic_base() -> None:
    matcher = Matcher(
        Glossary(
            [
                Entry("Pezeshkian", ["بزشكيان"], "person"),
                Entry("Chabahar", ["جابهار"], "place"),
                Entry("Gorgan", ["كركان"], "place"),
                Entry("Vienna", ["فيينا"], "place"),
                Entry("Zhila", ["زيلا"], "person"),
            ]
        )
    )
    text = "قال پزشکیان في چابهار وگرگان وڤيينا وژيلا"
    assert [m.target for m in matcher.find(text)] == [
        "Pezeshkian",
        "Chabahar",
        "Gorgan",
        "Vienna",
        "Zhila",
    ]


# 6. Types on import -----------------------------------------------------------------


def test_omegat_import_types_from_option_and_comment(tmp_path: Path, capsys) -> None:
    src = tmp_path / "g.txt"
    src.write_text(
        "ناتو\tNATO\torganization\nبوتين\tPutin\tPER\nموسكو\tMoscow\tcapital of Russia\n",
        encoding="utf-8",
    )
    out = tmp_path / "g.tsv"
    assert run("import", str(src), "-o", str(out)) == 0
    err = capsys.readouterr().err
    assert "1 of 3 entries have no type (OmegaT files have no type column)" in err
    glossary = load_glossary(out)
    assert [(e.target, e.type, e.note) for e in glossary] == [
        ("NATO", "organization", None),
        ("Putin", "person", None),
        ("Moscow", None, "capital of Russia"),
    ]
    assert [m.target for m in Matcher(glossary).find("قال الناتو وللناتو")] == ["NATO", "NATO"]
    assert run("import", str(src), "-o", str(out), "--force", "--type", "place") == 0
    assert "no type" not in capsys.readouterr().err
    assert [e.type for e in load_glossary(out)] == ["organization", "person", "place"]


def test_check_lists_untyped_forms_that_only_an_organization_reading_matches() -> None:
    glossary = Glossary([Entry("NATO", ["ناتو"]), Entry("Putin", ["بوتين"])])
    warnings = [(e.target, m) for e, m in glossary_warnings(glossary)]
    assert len(warnings) == 1
    target, message = warnings[0]
    assert target == "NATO"
    assert "has no type" in message and "--type organization" in message
    assert "matched wherever" not in message


# 7. Scale ---------------------------------------------------------------------------


def test_skip_drops_a_form_without_rescanning_the_glossary(monkeypatch) -> None:
    """--on-conflict skip removes a form through its key's index, not by re-reading
    every entry's forms (what made a 40k import take minutes)."""
    calls = 0
    real = builder_module.form_tokens

    def counting(form: str):
        nonlocal calls
        calls += 1
        return real(form)

    monkeypatch.setattr(builder_module, "form_tokens", counting)
    builder = GlossaryBuilder("x", merge_same_target=True, on_conflict="skip")
    for i in range(200):
        builder.row(i + 1, f"Name {i}", [f"اسم{'ب' * (i % 50)}{'ت' * (i // 50)}"])
    builder.row(500, "Other", ["اسم"])
    assert calls == 201  # one normalization per form read, none per drop
    assert builder.conflicts == 2
    assert len(builder.build()) == 199


def test_merge_applies_on_conflict_to_clashes_with_the_existing_glossary() -> None:
    def base() -> Glossary:
        return Glossary([Entry("Putin", ["بوتين"], "person"), Entry("Moscow", ["موسكو"])])

    incoming = Glossary([Entry("V. Putin", ["بوتين", "فلاديمير بوتين"], "person")])
    with pytest.raises(GlossaryError, match="already maps to 'Putin'"):
        _merge(base(), incoming, replace=False)
    merged, clashes = _merge(base(), incoming, replace=False, on_conflict="first")
    assert clashes == 1
    assert [(e.target, e.forms) for e in merged] == [
        ("Putin", ["بوتين"]),
        ("Moscow", ["موسكو"]),
        ("V. Putin", ["فلاديمير بوتين"]),
    ]
    merged, clashes = _merge(base(), incoming, replace=False, on_conflict="skip")
    assert clashes == 2
    assert [(e.target, e.forms) for e in merged] == [
        ("Moscow", ["موسكو"]),
        ("V. Putin", ["فلاديمير بوتين"]),
    ]


def test_check_computes_the_shared_gate_once(monkeypatch) -> None:
    """check is linear: the glossary-wide gated-word set is computed once, not per entry."""
    import glossary.checks as checks

    calls = 0
    real = checks._gated

    def counting(forms):
        nonlocal calls
        calls += 1
        return real(forms)

    monkeypatch.setattr(checks, "_gated", counting)
    glossary = Glossary([Entry(f"N{i}", [f"اسم{'ب' * i}"], "person") for i in range(50)])
    list(glossary_warnings(glossary))
    assert calls == 1


def test_match_uses_the_cached_index(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = tmp_path / "g.tsv"
    save_glossary(Glossary([Entry("Iraq", ["العراق"], "place")]), path)
    first = load_matcher(path)
    files = list(cache_dir().glob("*.idx"))
    assert len(files) == 1
    assert marshal.loads(files[0].read_bytes())[0] == INDEX_VERSION
    # a second load does not read the glossary file through the validating loader
    monkeypatch.setattr("glossary.index_cache.load_glossary", lambda p: 1 / 0)
    second = load_matcher(path)
    assert [m.target for m in second.find("في العراق")] == [
        m.target for m in first.find("في العراق")
    ]
    assert run("match", "-g", str(path), "والعراق") == 0
    assert '"target": "Iraq"' in capsys.readouterr().out
    # another content is another key: the stale index is never used
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    save_glossary(Glossary([Entry("Yemen", ["اليمن"], "place")]), path)
    assert [m.target for m in load_matcher(path).find("العراق واليمن")] == ["Yemen"]
    # a corrupt index is ignored and rebuilt
    for f in cache_dir().glob("*.idx"):
        f.write_bytes(b"not an index")
    assert [m.target for m in load_matcher(path).find("اليمن")] == ["Yemen"]


def test_check_gives_the_form_al_a_true_reason() -> None:
    """The form ال used to get the reason "(اله)"; it is a two-letter form."""
    glossary = Glossary([Entry("Al", ["ال"], "person"), Entry("Yemen", ["اليمن"], "place")])
    (warning,) = [m for _, m in glossary_warnings(glossary)]
    assert "'ال' of 'Al' has two letters or fewer" in warning or "Latin letter" in warning
    assert "اله" not in warning


@pytest.mark.parametrize(("form", "stem"), [("أبيه", "أبي"), ("رميه", "رمي"), ("فيه", "في")])
def test_check_flags_a_word_with_a_pronoun_suffix(form: str, stem: str) -> None:
    glossary = Glossary([Entry("Name", [form], "person")])
    (warning,) = [m for _, m in glossary_warnings(glossary)]
    assert f"an ordinary word with the pronoun suffix ه ({stem} + ه)" in warning
