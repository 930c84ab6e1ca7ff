"""Finding unknown names: the seed article with its glossary emptied, clitics, the glossary."""

from __future__ import annotations

from pathlib import Path

import pytest
from names_support import ARTICLE

from glossary.matcher import Matcher
from glossary.storage import load_glossary
from translator.names.candidates import NameFinder, SentenceText, document_sentences
from translator.names.tagger import NameTagger
from translator.names.tokens import words_of

SEED_GLOSSARY = ARTICLE.with_suffix(".glossary.tsv")
# Arabic keys (folded: alef forms → ا) of the seed's people and organizations.
EXPECTED = {
    "نولاند": "Nuland",
    "كوزاك": "Kozak",
    "باتروشيف": "Patrushev",
    "ناريشكين": "Naryshkin",
    "بيسكوف": "Peskov",
    "زاخاروفا": "Zakharova",
    "منظمة معاهدة الامن الجماعي": "CSTO",
    "موسكو": "Moscow",
}


@pytest.fixture(scope="module")
def seed_candidates():
    finder = NameFinder()
    return finder.document("seed", document_sentences(ARTICLE.read_text(encoding="utf-8")))


def test_the_shipped_tagger_tags_every_token() -> None:
    tagger = NameTagger.load_default()
    assert tagger is not None
    words = words_of("التقى سيرغي ناريشكين، مدير الاستخبارات، بنظيره في موسكو.")
    tagged = tagger.tag(words)
    assert len(tagged.tags) == len(tagged.confidence) == len(words)
    assert set(tagged.tags) <= {"O", *(f"{h}-{t}" for h in "BI" for t in ("PERS", "LOC", "ORG"))}
    assert all(0.0 <= p <= 1.0 for p in tagged.confidence)
    assert tagged.tags[2] in ("B-PERS", "I-PERS")  # ناريشكين


def test_seed_people_places_and_organizations_are_candidates(seed_candidates) -> None:
    keys = {c.key for c in seed_candidates}
    missing = {k: v for k, v in EXPECTED.items() if k not in keys}
    assert not missing, f"not found: {missing}"
    # Full names are found as well as the family names used alone later.
    assert "نيكولاي باتروشيف" in keys and "سيرغي ناريشكين" in keys


def test_ordinary_words_are_not_candidates(seed_candidates) -> None:
    words = {w for c in seed_candidates for w in c.key.split()}
    for ordinary in ("السلام", "الامن", "الطاقة", "سلام", "امن", "طاقة"):
        assert not any(c.key == ordinary for c in seed_candidates), ordinary
    # Words of the article's ordinary vocabulary never start a candidate either.
    assert "الطاقة" not in {c.key.split()[0] for c in seed_candidates}
    assert "السلام" not in words


def test_occurrences_point_into_their_sentences(seed_candidates) -> None:
    sentences = {s.index: s.text for s in document_sentences(ARTICLE.read_text("utf-8"))}
    for candidate in seed_candidates:
        assert candidate.count == len(candidate.occurrences) >= 1
        assert 0 < candidate.confidence <= 1
        for o in candidate.occurrences:
            assert sentences[o.sentence][o.start : o.end] == o.text
            assert o.text in candidate.forms


def test_repetition_finds_every_mention(seed_candidates) -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    peskov = next(c for c in seed_candidates if c.key == "بيسكوف")
    # Every sentence that writes بيسكوف (alone, with its clitics or after ديمتري) counts.
    mentions = sum(s.text.count("بيسكوف") for s in document_sentences(text))
    full = next(c for c in seed_candidates if c.key == "ديمتري بيسكوف").count
    assert peskov.count + full == mentions


def test_types_are_guessed(seed_candidates) -> None:
    by_key = {c.key: c for c in seed_candidates}
    assert by_key["باتروشيف"].type == "person"
    assert by_key["منظمة معاهدة الامن الجماعي"].type == "organization"


def test_names_the_glossary_knows_are_not_candidates() -> None:
    glossary = load_glossary(SEED_GLOSSARY)
    finder = NameFinder(Matcher(glossary))
    sentences = document_sentences(ARTICLE.read_text(encoding="utf-8"))
    found = finder.document("seed", sentences)
    keys = {c.key for c in found}
    for known in ("باتروشيف", "نولاند", "موسكو", "روسيا", "بوتين", "منظمة معاهدة الامن الجماعي"):
        assert known not in keys
    matches = Matcher(glossary).find_document([s.text for s in sentences])
    for candidate in found:
        for o in candidate.occurrences:
            for m in matches[o.sentence]:
                assert o.end <= m.start or o.start >= m.end, (candidate.key, m.target)


def test_clitics_come_off_when_the_bare_name_occurs() -> None:
    sentences = [
        SentenceText(0, "وقال المتحدث باسم الكرملين ديمتري بيسكوف إن اللقاء كان مثمرا."),
        SentenceText(1, "وأضاف لبيسكوف مسؤول آخر أن الاتصالات مستمرة."),
        SentenceText(2, "وبيسكوف لم يعلق على ذلك."),
    ]
    found = NameFinder().document("doc", sentences)
    peskov = next(c for c in found if c.key == "بيسكوف")
    assert [(o.sentence, o.text) for o in peskov.occurrences] == [(1, "بيسكوف"), (2, "بيسكوف")]
    assert sentences[2].text[peskov.occurrences[1].start :].startswith("بيسكوف لم")


def test_diacritics_between_clitic_and_name_keep_spans_right() -> None:
    sentences = [
        SentenceText(0, "قال سيرغي ناريشكين إن الوضع خطير."),
        SentenceText(1, "وَناريشكين أكد ذلك أمس."),
    ]
    found = NameFinder().document("doc", sentences)
    occurrences = [o for c in found for o in c.occurrences if o.sentence == 1]
    assert [o.text for o in occurrences] == ["ناريشكين"]


def test_a_corpus_merges_a_name_across_files() -> None:
    one = [SentenceText(0, "التقى الوزير سيرغي ناريشكين بنظيره في موسكو.")]
    two = [SentenceText(0, "وقال ناريشكين إن المحادثات كانت صعبة.")]
    found = NameFinder().corpus([("a.txt", one), ("b.txt", two)])
    naryshkin = next(c for c in found if c.key == "ناريشكين")
    assert naryshkin.documents == ["b.txt"] or "b.txt" in naryshkin.documents


def test_empty_document_has_no_candidates(tmp_path: Path) -> None:
    assert NameFinder().document("empty", []) == []


def test_a_confidence_threshold_keeps_only_surer_tagger_spans(seed_candidates) -> None:
    """``min_confidence`` drops tagger spans below it (precision for recall): the
    candidates are a subset, every tagger occurrence kept is at least that sure, and
    the surest names of the article stay."""
    from translator.names.candidates import Signals

    sure = NameFinder(signals=Signals(min_confidence=0.9)).document(
        "seed", document_sentences(ARTICLE.read_text(encoding="utf-8"))
    )
    keys, all_keys = {c.key for c in sure}, {c.key for c in seed_candidates}
    assert keys < all_keys
    tagged = [o for c in sure for o in c.occurrences if "tagger" in o.signals]
    assert tagged and all(o.confidence >= 0.9 for o in tagged)
    assert "باتروشيف" in keys
