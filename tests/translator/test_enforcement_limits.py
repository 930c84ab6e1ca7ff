"""Strict mode at its limits, on both backends, with the tiny random-weight model.

Too many names for the model's output positions, a target the vocabulary
cannot write back exactly, suggest-only matches, and extras removed on request:
each sentence finishes with honest statuses and warnings, and the rest of the
document is translated as usual.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from glossary.entry import Entry
from glossary.termbase import Glossary
from translator.enforcement.terms import Requirement
from translator.engine import Translator
from translator.memory.reuse import MemoryReuse
from translator.memory.reused import ReusedSentence
from translator.memory.store import TranslationMemory
from translator.output_formats import as_jsonl
from tui.cli.translate import term_summary

BACKENDS = ["ctranslate2", "transformers"]
SYLLABLES = ["با", "تو", "ري", "سا", "كو", "مي", "نا", "لو", "دي", "فا"]
# Long English targets: about twenty tokens of the tiny vocabulary each.
LONG = "Edinburgh Evening News of the European Medicines Agency"
SUFFIXES = [
    "Alpha",
    "Bravo",
    "Charlie",
    "Delta",
    "Echo",
    "Foxtrot",
    "Golf",
    "Hotel",
    "India",
    "Juliet",
    "Kilo",
    "Mike",
    "November",
    "Oscar",
    "Papa",
    "Romeo",
    "Sierra",
    "Tango",
    "Uniform",
    "Victor",
    "Whiskey",
    "Zulu",
    "North",
    "South",
    "East",
    "West",
    "Red",
    "Blue",
    "Green",
    "White",
]
BEFORE = "وقال بوتين إن الحوار مستمر."
AFTER = "وأشار بيسكوف إلى أن الاجتماع انتهى."


def _names(count: int) -> list[str]:
    return [f"{SYLLABLES[i % 10]}{SYLLABLES[i // 10]}كاف" for i in range(count)]


def _glossary(names: list[str]) -> Glossary:
    entries = [Entry(f"{LONG} {SUFFIXES[i]}", [name]) for i, name in enumerate(names)]
    entries += [
        Entry("Putin", ["بوتين"]),
        Entry("Peskov", ["بيسكوف"]),
        Entry("ﬁrst Bank", ["البنك الأول"]),
    ]
    return Glossary(entries)


def _load(model: Path, backend: str, glossary: Glossary, **options) -> Translator:
    return Translator.load(str(model), "cpu", backend=backend, beam=2, glossary=glossary, **options)


def _intact(sentence) -> None:
    """A sentence translated as usual: English, its one name enforced, nothing to warn about."""
    names = [t for t in sentence.terms if t.status != "extra"]
    assert sentence.target and sentence.warnings == [] and sentence.last_resort == []
    assert [t.status for t in names] == ["enforced"]


def test_a_list_too_long_for_the_output_is_split_at_clauses(tiny_model_dir: Path) -> None:
    # The split is the engine's, the same for both backends; the names in the pieces are
    # then placed as in any sentence (the PyTorch side is covered by the next test).
    backend = "ctranslate2"
    names = _names(30)
    listing = "وشارك في الاجتماع " + "، ".join(names) + "."
    translator = _load(tiny_model_dir, backend, _glossary(names))
    before, middle, after = translator.translate_document(f"{BEFORE} {listing} {AFTER}")
    assert middle.last_resort == ["split-to-fit"]
    assert any("split at clause boundaries" in w for w in middle.warnings)
    statuses = [t.status for t in middle.terms if t.status != "extra"]
    assert statuses == ["enforced"] * 30  # every name, each once, in its own clause
    found = translator._enforcer.finder.count(middle.target)
    assert all(found[f"{LONG} {suffix}"] == 1 for suffix in SUFFIXES)
    _intact(before)
    _intact(after)


def test_a_sentence_split_to_fit_keeps_its_mark_with_a_memory_present(
    tiny_model_dir: Path, tmp_path: Path
) -> None:
    # The translation memory rebuilt each model-translated sentence without its
    # last_resort marks, so the JSON lines field and the summary's "last resort"
    # part vanished whenever a memory existed (the default once it does).
    names = _names(30)
    listing = "وشارك في الاجتماع " + "، ".join(names) + "."
    translator = _load(tiny_model_dir, "ctranslate2", _glossary(names))
    with TranslationMemory(tmp_path / "memory.sqlite3") as memory:
        memory.add(BEFORE, "Putin said the dialogue continues.", origin="review:x.txt")
        reuse = MemoryReuse(translator, memory)
        before, middle, after = reuse.translate_document(f"{BEFORE} {listing} {AFTER}")
    assert isinstance(before, ReusedSentence)  # the memory was used
    assert not isinstance(middle, ReusedSentence) and not isinstance(after, ReusedSentence)
    assert middle.last_resort == ["split-to-fit"]
    assert any("split at clause boundaries" in w for w in middle.warnings)
    assert after.last_resort == []
    record = json.loads(as_jsonl([middle], with_terms=True))
    assert record["status"] == "mt" and record["last_resort"] == ["split-to-fit"]
    summary = term_summary([before, middle, after])
    assert summary.endswith("; last resort: 1 sentence(s) split-to-fit")


def test_names_that_cannot_fit_are_missing_with_a_warning(tiny_model_dir: Path) -> None:
    # The budget is the Enforcer's, the same for both backends; its PyTorch side (the
    # constrained decoder never given more than fits) is in test_enforce.
    backend = "ctranslate2"
    names = _names(30)
    listing = "وشارك في الاجتماع " + " و".join(names) + "."  # no clause to split at
    translator = _load(tiny_model_dir, backend, _glossary(names))
    before, middle, after = translator.translate_document(f"{BEFORE} {listing} {AFTER}")
    statuses = [t.status for t in middle.terms if t.status != "extra"]
    assert len(statuses) == 30 and "missing" in statuses and "enforced" in statuses
    assert statuses.index("missing") == statuses.count("enforced")  # the first ones fit
    assert middle.last_resort == ["names-unfit"]
    assert any("do not fit the model's 512 output positions" in w for w in middle.warnings)
    _intact(before)
    _intact(after)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_target_that_does_not_read_back_is_not_spellable(
    tiny_model_dir: Path, backend: str
) -> None:
    translator = _load(tiny_model_dir, backend, _glossary([]))
    (result,) = translator.translate(["وقال بوتين إن البنك الأول وافق."])
    assert [(t.target, t.status) for t in result.terms if t.status != "extra"] == [
        ("Putin", "enforced"), ("ﬁrst Bank", "missing"),
    ]  # fmt: skip
    assert any(
        "'ﬁrst Bank' cannot be spelled" in w and "'first Bank'" in w for w in result.warnings
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_suggest_only_match_is_never_forced(tiny_model_dir: Path, backend: str) -> None:
    sentence = "وقال بوتين إن بيسكوف وافق."
    translator = _load(tiny_model_dir, backend, _glossary([]))
    (putin, peskov) = translator.requirements([sentence])[0]
    reqs = [[putin, Requirement(peskov.source, peskov.start, peskov.end, peskov.target, True)]]
    (result,) = translator.translate([sentence], requirements=reqs)
    assert [(t.target, t.status) for t in result.terms if t.status != "extra"] == [
        ("Putin", "enforced"), ("Peskov", "suggested"),
    ]  # fmt: skip
    found = translator._enforcer.finder.count(result.target)
    assert found["Putin"] == 1 and found["Peskov"] == 0  # random weights never write it


def test_extras_are_kept_unless_removal_is_asked_for(
    tiny_model_dir: Path, seed_glossary_path: Path, article_path: Path
) -> None:
    # On the PyTorch side, see test_enforce and test_enforcement_trained.
    backend = "ctranslate2"
    from glossary.storage import load_glossary
    from translator.segment import segment

    glossary = load_glossary(seed_glossary_path)
    sources = [s.text for s in segment(article_path.read_text("utf-8"))][:5]
    kept = _load(tiny_model_dir, backend, glossary, enforce="off").translate(sources)
    extras = Counter(t.target for r in kept for t in r.terms if t.status == "extra")
    assert extras, "the tiny model writes some glossary strings of its own"
    removed = _load(tiny_model_dir, backend, glossary, remove_extras=True).translate(sources)
    assert all(t.status in ("ok", "enforced") for r in removed for t in r.terms)
