"""Glossary editing rules: one target per form, forms merge into their target's entry."""

from __future__ import annotations

import pytest

from glossary.entry import Entry
from glossary.errors import GlossaryError
from glossary.termbase import Glossary


def test_add_creates_then_extends_entry() -> None:
    g = Glossary()
    first = g.add("أسترازينيكا", "AstraZeneca", type="Organization", note="drug maker")
    second = g.add("أسترازينكا", "AstraZeneca")
    assert first is second
    assert g.entries == [
        Entry("AstraZeneca", ["أسترازينيكا", "أسترازينكا"], "organization", "drug maker")
    ]
    g.add("أسترازينكا", "AstraZeneca")  # exact repeat is a no-op
    assert len(g.entries[0].forms) == 2


def test_add_refuses_form_of_another_target() -> None:
    g = Glossary()
    g.add("بوتين", "Putin")
    with pytest.raises(GlossaryError, match=r"already maps to 'Putin'.*--replace"):
        g.add("بُوتين", "Poutine")  # same form once diacritics are ignored
    assert g.targets() == ["Putin"]


def test_add_replace_moves_form_and_drops_empty_entry() -> None:
    g = Glossary()
    g.add("بوتين", "Poutine")
    g.add("بوتين", "Putin", replace=True)
    assert g.entries == [Entry("Putin", ["بوتين"])]


@pytest.mark.parametrize(
    ("form", "target", "message"),
    [
        ("", "Putin", "empty Arabic form"),
        ("بوتين", " ", "empty English target"),
        ("بوتين | بايدن", "Putin", "separates variant forms"),
        ("بوتين", "بوتين", "contains Arabic letters"),
        ("ـــ", "Putin", "no letters or digits"),
        ("بو\tتين", "Putin", "tab or line break"),
    ],
)
def test_add_validates(form: str, target: str, message: str) -> None:
    with pytest.raises(GlossaryError, match=message):
        Glossary().add(form, target)


def test_add_validates_type() -> None:
    with pytest.raises(GlossaryError, match="unknown type 'city'; use one of"):
        Glossary().add("موسكو", "Moscow", type="city")


def test_remove_by_target_and_by_form() -> None:
    g = Glossary()
    g.add("فيكتوريا نولاند", "Victoria Nuland")
    g.add("نولاند", "Nuland")
    g.add("نيولاند", "Nuland")
    assert g.remove("Victoria Nuland")[0].target == "Victoria Nuland"
    touched = g.remove("نُولاند")  # typed with a diacritic
    assert touched == [Entry("Nuland", ["نيولاند"])]
    assert g.remove("نيولاند")[0].target == "Nuland"
    assert g.entries == []
    assert g.remove("nothing") == []


def test_lookups() -> None:
    g = Glossary([Entry("Kremlin", ["الكرملين"])])
    assert g.entry_for_target("Kremlin") is g.entries[0]
    assert g.entry_for_target("kremlin") is None
    assert g.entry_for_form("الكَرملين") is g.entries[0]
    assert g.targets() == ["Kremlin"] and len(g) == 1


def test_problems_for_code_built_glossaries() -> None:
    g = Glossary([Entry("A", ["بوتين"]), Entry("B", ["بوتين"]), Entry("A", [])])
    problems = g.problems()
    assert any("maps to both 'A' and 'B'" in p for p in problems)
    assert any("appears in two entries" in p for p in problems)
    assert any("no Arabic forms" in p for p in problems)
