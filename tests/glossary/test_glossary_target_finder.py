"""TargetFinder: exact, whole-word English targets, possessives allowed, longest wins."""

from __future__ import annotations

from glossary.matcher import TargetFinder

FINDER = TargetFinder(
    ["Putin", "Vladimir Putin", "OPEC", "OPEC+", "COVID-19", "The Sun", "U.S.", "Kremlin"]
)


def spans(text: str) -> list[str]:
    return [text[s:e] for s, e, _ in FINDER.find(text)]


def test_word_boundaries() -> None:
    assert spans("Putinism and Putins, not Putin") == ["Putin"]
    assert spans("pro-Putin (Putin) Putin.") == ["Putin", "Putin", "Putin"]
    assert spans("xKremlin Kremlin2 Kremlin") == ["Kremlin"]


def test_possessives() -> None:
    assert spans("Putin's aide, Putin’s aide, the Kremlin’s line") == ["Putin", "Putin", "Kremlin"]


def test_exact_case() -> None:
    assert spans("PUTIN putin the sun The Sun") == ["The Sun"]


def test_longest_and_non_overlapping() -> None:
    text = "Vladimir Putin met Putin; OPEC+ and OPEC"
    assert FINDER.find(text) == [
        (0, 14, "Vladimir Putin"),
        (19, 24, "Putin"),
        (26, 31, "OPEC+"),
        (36, 40, "OPEC"),
    ]


def test_spacing_inside_targets() -> None:
    assert spans("Vladimir   Putin") == ["Vladimir   Putin"]
    assert spans("Vladimir\nPutin") == ["Putin"]
    assert spans("COVID-19 and COVID - 19") == ["COVID-19"]
    assert spans("the U.S. said") == ["U.S."]


def test_count() -> None:
    counts = FINDER.count("Putin said Putin's Kremlin; Vladimir Putin")
    assert counts == {"Putin": 2, "Kremlin": 1, "Vladimir Putin": 1}


def test_reference_translation_contains_every_seed_target(seed_glossary_path, article_path):
    from glossary.storage import load_glossary

    glossary = load_glossary(seed_glossary_path)
    english = article_path.with_suffix("").with_suffix(".en.txt").read_text(encoding="utf-8")
    counts = TargetFinder(glossary.targets()).count(english)
    assert [t for t in glossary.targets() if not counts[t]] == []
