"""Proposed spellings (memory, the document's English) and spelling consistency."""

from __future__ import annotations

from pathlib import Path

import pytest
from names_support import ARTICLE, ENGLISH, sentence_english

from translator.memory.store import TranslationMemory
from translator.names.align import find_english
from translator.names.candidates import NameFinder, SentenceText, document_sentences
from translator.names.consistency import inconsistencies
from translator.names.proposals import Proposer, Source, rank

SINGLE_WORD = {
    "نولاند": "Nuland",
    "كوزاك": "Kozak",
    "باتروشيف": "Patrushev",
    "ناريشكين": "Naryshkin",
    "بيسكوف": "Peskov",
    "زاخاروفا": "Zakharova",
}


def test_aligned_span_is_the_names_english() -> None:
    english = "Secretary of the Security Council Nikolai Patrushev's visit was noted."
    assert find_english("باتروشيف", english).text == "Patrushev"
    assert find_english("نيكولاي باتروشيف", english).text == "Nikolai Patrushev"
    assert find_english("باتروشيف", "The weather was fine on Tuesday.") is None


def test_seed_single_word_names_get_the_glossary_spelling_in_the_top_five() -> None:
    """With the reference English as the document's translation, the glossary's spelling
    (the reference's) is proposed for each single-word name, from the document."""
    arabic = ARTICLE.read_text(encoding="utf-8")
    english = sentence_english(arabic, ENGLISH.read_text(encoding="utf-8"))
    candidates = [
        c for c in NameFinder().document("seed", document_sentences(arabic)) if c.key in SINGLE_WORD
    ]
    assert {c.key for c in candidates} == set(SINGLE_WORD)
    proposals = Proposer(english=lambda _doc, i: english.get(i)).propose(candidates)
    for candidate, ranked in zip(candidates, proposals, strict=True):
        spellings = [p.spelling for p in ranked]
        assert SINGLE_WORD[candidate.key] in spellings[:5], (candidate.key, spellings)
        top = ranked[0]
        assert top.spelling == SINGLE_WORD[candidate.key]
        assert top.sources == [Source.DOCUMENT]


def test_an_approved_translation_in_the_memory_ranks_first(tmp_path: Path) -> None:
    memory = TranslationMemory(tmp_path / "memory.sqlite3")
    memory.add(
        "وقال نيكولاي باتروشيف إن الأمن القومي أولوية.",
        "Nikolai Patrushev said national security is a priority.",
        origin="review",
    )
    memory.add("والتقى بباتروشيف أمس.", "He met Patrushev yesterday.", origin="review")
    memory.add("قال المتحدث إن الوضع هادئ.", "The spokesman said all was calm.", origin="review")
    sentences = [SentenceText(0, "وأكد باتروشيف أن المحادثات مستمرة.")]
    candidate = next(c for c in NameFinder().document("d", sentences) if c.key == "باتروشيف")
    english = {0: "Patroshev stressed that the talks go on."}
    ranked = Proposer(memory, english=lambda _d, i: english.get(i)).propose([candidate])[0]
    memory.close()
    assert ranked[0].spelling == "Patrushev"
    assert ranked[0].sources == [Source.MEMORY]
    assert ranked[0].count == 2
    assert ranked[1].spelling == "Patroshev" and ranked[1].sources == [Source.DOCUMENT]


def test_rank_merges_sources_and_orders_them() -> None:
    from collections import Counter

    ranked = rank(
        Counter({"Patrushev": 1}),
        Counter({"Patroshev": 3, "Patrushev": 1}),
        [
            ("Patrushev", -0.1),
            ("Patrouchev", -1.5),
        ],
    )
    assert [p.spelling for p in ranked] == ["Patrushev", "Patroshev", "Patrouchev"]
    assert ranked[0].sources == [Source.MEMORY, Source.DOCUMENT, Source.TRANSLITERATION]
    assert ranked[0].count == 2
    assert ranked[2].probability == pytest.approx(0.2231, abs=1e-3)


class FakeTransliterator:
    """Stands in for the transliteration model (another module's job) in ranking only."""

    def propose(self, arabic: list[str], n: int = 5) -> list[list[tuple[str, float]]]:
        return [[("Zakharova", -0.2), ("Zaharova", -1.9)][:n] for _ in arabic]


def test_transliterations_come_after_the_document() -> None:
    sentences = [SentenceText(0, "وقالت المتحدثة ماريا زاخاروفا إن الرد سيكون حازما.")]
    found = NameFinder().document("d", sentences)
    candidate = next(c for c in found if "زاخاروفا" in c.key)
    english = {0: "Spokeswoman Maria Zakharova said the response would be firm."}
    ranked = Proposer(
        transliterator=FakeTransliterator(), english=lambda _d, i: english.get(i)
    ).propose([candidate])[0]
    assert ranked[0].sources[0] == Source.DOCUMENT
    assert any(Source.TRANSLITERATION in p.sources for p in ranked)


def test_injected_spelling_variants_are_reported() -> None:
    one = [
        SentenceText(0, "وقال أمين مجلس الأمن الروسي نيكولاي باتروشيف إن الوضع مستقر."),
        SentenceText(1, "وأضاف باتروشيف أن موسكو مستعدة للحوار."),
    ]
    two = [SentenceText(0, "والتقى باتروشيف بوفد أمريكي في موسكو.")]
    english = {
        ("a.txt", 0): "Russian Security Council Secretary Nikolai Patrushev said it was stable.",
        ("a.txt", 1): "Patrushev added that Moscow is ready for dialogue.",
        ("b.txt", 0): "Patroshev met a U.S. delegation in Moscow.",
    }
    candidates = NameFinder().corpus([("a.txt", one), ("b.txt", two)])
    found = inconsistencies(candidates, lambda d, i: english.get((d, i)))
    assert [i.key for i in found] == ["باتروشيف"]
    report = found[0]
    assert {v.spelling for v in report.variants} == {"Patrushev", "Patroshev"}
    assert report.majority == "Patrushev"
    where = {
        v.spelling: sorted((o.document, o.sentence) for o in v.occurrences) for v in report.variants
    }
    # The full name's occurrence counts for the family name's spelling too.
    assert where == {"Patrushev": [("a.txt", 0), ("a.txt", 1)], "Patroshev": [("b.txt", 0)]}
    # Moscow and the full name have one spelling each: not reported.
    assert all(i.key not in ("موسكو", "نيكولاي باتروشيف") for i in found)
