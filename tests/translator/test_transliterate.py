"""The shipped name transliterator: loads, proposes sorted n-best lists, spells unseen names."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from glossary.normalize import form_key
from translator.names import transliterate
from translator.names.transliterate import (
    DEFAULT_MODEL_DIR,
    CharVocab,
    NameTransliterator,
    normalize_arabic,
)

# Single-word person names of the seed article and the spelling its glossary gives them.
SEED_NAMES = {
    "باتروشيف": "Patrushev",
    "ناريشكين": "Naryshkin",
    "بيسكوف": "Peskov",
    "زاخاروفا": "Zakharova",
    "نولاند": "Nuland",
    "كوزاك": "Kozak",
}


@pytest.fixture(scope="module")
def model() -> NameTransliterator:
    loaded = NameTransliterator.load_default()
    assert loaded is not None, f"the shipped model is missing from {DEFAULT_MODEL_DIR}"
    return loaded


def test_shipped_model_is_small() -> None:
    size = sum(p.stat().st_size for p in DEFAULT_MODEL_DIR.iterdir() if p.is_file())
    assert size <= 20_000_000


def test_seed_names_were_held_out_of_training() -> None:
    """The names checked below are words the training script kept out of the data."""
    record = json.loads((DEFAULT_MODEL_DIR / "training.json").read_text("utf-8"))
    held_out = set(record["held_out_words"])
    for arabic, english in SEED_NAMES.items():
        assert normalize_arabic(arabic) in held_out
        assert english.lower() in held_out


@pytest.mark.parametrize(("arabic", "english"), sorted(SEED_NAMES.items()))
def test_glossary_spelling_within_two_letters_of_the_top_five(
    model: NameTransliterator, arabic: str, english: str
) -> None:
    """Every seed name: one of the five proposals is at most two letters off the glossary's
    spelling (Narishkin for Naryshkin), which a reviewer corrects at a glance."""
    proposals = [spelling for spelling, _ in model.propose([arabic], n=5)[0]]
    assert min(Levenshtein.distance(p, english) for p in proposals) <= 2, proposals


def test_glossary_spelling_in_top_five(model: NameTransliterator) -> None:
    """The issue's goal is all six exactly in the top five; the shipped model gets five
    (all but Naryshkin, for which it proposes Narishkin: docs/measurements/transliteration.md).
    This keeps it from getting worse."""
    results = model.propose(list(SEED_NAMES), n=5)
    exact = [
        english
        for english, nbest in zip(SEED_NAMES.values(), results, strict=True)
        if english in [spelling for spelling, _ in nbest]
    ]
    assert len(exact) >= 5, exact


def test_nbest_sorted_by_score_and_distinct(model: NameTransliterator) -> None:
    results = model.propose(list(SEED_NAMES), n=5)
    assert len(results) == len(SEED_NAMES)
    for nbest in results:
        assert 1 <= len(nbest) <= 5
        scores = [score for _, score in nbest]
        assert scores == sorted(scores, reverse=True)
        assert all(score <= 0.0 for score in scores)  # log-probabilities
        spellings = [s for s, _ in nbest]
        assert len(set(spellings)) == len(spellings)
        assert all(s[0].isupper() and s.isascii() for s in spellings)


def test_n_limits_the_list(model: NameTransliterator) -> None:
    one, three = model.propose(["بيسكوف"], n=1)[0], model.propose(["بيسكوف"], n=3)[0]
    assert len(one) == 1 and len(three) <= 3
    assert one[0][0] == three[0][0]


def test_deterministic(model: NameTransliterator) -> None:
    names = [*SEED_NAMES, "غوتيريش", "ستولتنبرغ"]
    assert model.propose(names, n=5) == model.propose(names, n=5)
    # A name's proposals do not depend on what else is in the batch (scores up to padding noise).
    alone, batched = model.propose(["نولاند"], n=5)[0], model.propose(names, n=5)[4]
    assert [s for s, _ in alone] == [s for s, _ in batched]
    assert [v for _, v in alone] == pytest.approx([v for _, v in batched], abs=1e-3)


def test_input_goes_through_the_glossary_normalization(model: NameTransliterator) -> None:
    """Diacritics, tatweel and alef forms do not change the proposals."""
    plain = model.propose(["زاخاروفا"], n=3)[0]
    assert model.propose(["زَاخَارُوفـا"], n=3)[0] == plain
    assert normalize_arabic("أوكرانيا") == " ".join(form_key("اوكرانيا"))


def test_inputs_without_letters_get_empty_lists(model: NameTransliterator) -> None:
    results = model.propose(["", " ", "،", "كوزاك"], n=2)
    assert results[:3] == [[], [], []]
    assert results[3]


def test_n_must_be_positive(model: NameTransliterator) -> None:
    with pytest.raises(ValueError):
        model.propose(["كوزاك"], n=0)


def test_load_default_without_model_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(transliterate, "DEFAULT_MODEL_DIR", tmp_path / "absent")
    assert NameTransliterator.load_default() is None


def test_incomplete_model_folder_is_absent(tmp_path: Path) -> None:
    partial = tmp_path / "partial"
    partial.mkdir()
    shutil.copy2(DEFAULT_MODEL_DIR / "config.json", partial / "config.json")
    assert NameTransliterator.from_dir(partial) is None


def test_char_vocab_round_trip() -> None:
    vocab = CharVocab.build(["نولاند", "nuland smith"])
    assert vocab.tokens[0] == "</s>" and vocab.tokens[-1] == "<pad>"
    assert vocab.pieces("نو x") == ["ن", "و", "▁", "<unk>"]
    assert CharVocab.decode([*vocab.pieces("nuland smith"), "</s>"]) == "nuland smith"
    assert vocab.encode("nu")[-1] == vocab.ids["</s>"]
