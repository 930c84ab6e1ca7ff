"""The constrained decoder's guarantees, on a random-weight model (so every name was forced)."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.matcher import TargetFinder
from glossary.storage import load_glossary
from translator.decoding.constrained import ConstrainedDecoder, TargetScanner

SCANNER_TEXTS = [
    "Putin's aide and pro-Putin Putinism (Putin)",
    "Vladimir Putin,Vladimir Putin and Vladimir Putins Putin",
    "Sputnik V, Sputnik Vaccine, Sputnik",
    "OPEC+ OPEC +OPEC+x COVID-19 COVID -19 COVID-19s",
    "NATO_NATO NATO's xNATO NATO",
]


@pytest.fixture(scope="module")
def targets(seed_glossary_path: Path) -> list[str]:
    return load_glossary(seed_glossary_path).targets()


@pytest.fixture(scope="module")
def decoder(tiny_torch_model, targets: list[str]) -> ConstrainedDecoder:
    model, tokenizer = tiny_torch_model
    return ConstrainedDecoder(tokenizer, targets, model.config.vocab_size)


@pytest.mark.parametrize("text", SCANNER_TEXTS)
def test_scanner_counts_like_target_finder(targets: list[str], text: str) -> None:
    scanner = TargetScanner(targets)
    found, _ = scanner.scan(text, 0, final=True)
    mine = sorted((scanner.targets[t], s, e) for t, s, e in found)
    theirs = sorted((t, s, e) for s, e, t in TargetFinder(targets).find(text))
    assert mine == theirs


def test_scanner_leaves_a_growing_tail_undecided(targets: list[str]) -> None:
    scanner = TargetScanner(targets)
    found, pos = scanner.scan("the Sputnik", 0, final=False)
    assert found == [] and pos == 4  # may still become "Sputnik V"
    found, _ = scanner.scan("the Sputnik V", 0, final=True)
    assert [scanner.targets[t] for t, _, _ in found] == ["Sputnik V"]


def _decode(tiny_torch_model, decoder, sources, required, caps, beams=3):
    model, tokenizer = tiny_torch_model
    batch = tokenizer(sources, return_tensors="pt", padding=True)
    return decoder.decode(model, batch.input_ids, batch.attention_mask, required, caps, beams)


def test_exact_counts_bans_eos_and_cap(tiny_torch_model, decoder, targets: list[str]) -> None:
    _, tokenizer = tiny_torch_model
    required = [
        {"Putin": 2, "NATO": 1},
        {"Sputnik V": 1, "OPEC+": 1, "COVID-19": 1},
        {"Vladimir Putin": 1, "Commonwealth of Independent States": 1},
        {},
    ]
    caps = [40, 30, 24, 12]
    results = _decode(
        tiny_torch_model, decoder, ["بوتين وبوتين", "سبوتنيك V", "ناتو", "كلام"], required, caps
    )
    finder = TargetFinder(targets)
    for want, cap, res in zip(required, caps, results, strict=True):
        assert res.ok
        ids = res.token_ids
        assert ids[-1] == tokenizer.eos_token_id and tokenizer.eos_token_id not in ids[:-1]
        assert len(ids) <= cap
        text = tokenizer.decode(ids, skip_special_tokens=True)
        assert finder.count(text) == want  # every required target, exactly; nothing else
        for target, count in want.items():
            seq = list(decoder.spell(target)[0])
            hits = sum(ids[i : i + len(seq)] == seq for i in range(len(ids)))
            assert hits == count  # random weights: each one was spelled by the decoder
        assert sum(len(kinds) for kinds in res.produced.values()) == sum(want.values())


def test_tight_cap_forces_everything(tiny_torch_model, decoder) -> None:
    want = {"Victoria Nuland": 1, "Moscow": 2}
    need = sum(len(decoder.spell(t)[0]) * k for t, k in want.items()) + 1
    (res,) = _decode(tiny_torch_model, decoder, ["نولاند في موسكو"], [want], [need])
    assert res.ok and len(res.token_ids) == need
    assert res.produced == {"Victoria Nuland": ["enforced"], "Moscow": ["enforced", "enforced"]}
    # A cap too small for the names is raised to fit them rather than dropping a name.
    (res,) = _decode(tiny_torch_model, decoder, ["نولاند في موسكو"], [want], [3])
    assert res.ok and len(res.token_ids) == need


def test_unspellable_target_is_not_forced(tiny_torch_model, targets: list[str]) -> None:
    model, tokenizer = tiny_torch_model
    odd = "Łódź Ōsaka 北京"
    decoder = ConstrainedDecoder(tokenizer, [*targets, odd], model.config.vocab_size)
    _, unknown = decoder.spell(odd)
    assert unknown and "Putin" not in unknown
    (res,) = _decode(tiny_torch_model, decoder, ["بوتين"], [{odd: 1, "Putin": 1}], [20])
    text = tokenizer.decode(res.token_ids, skip_special_tokens=True)
    assert res.ok and TargetFinder([*targets, odd]).count(text) == {"Putin": 1}


def test_names_beyond_the_output_positions_are_dropped_not_crashed(
    tiny_torch_model, decoder, targets: list[str]
) -> None:
    """A list-like sentence whose names need more than the model's 512 output positions."""
    model, tokenizer = tiny_torch_model
    positions = model.config.max_position_embeddings
    names = targets[:30]
    want = {t: 10 for t in names}  # the tiny vocabulary has most names as whole pieces
    need = sum(len(decoder.spell(t)[0]) * k for t, k in want.items()) + 1
    assert len(names) == 30 and need > positions  # the case: it cannot all fit
    (res,) = _decode(tiny_torch_model, decoder, ["، ".join(["بوتين"] * 30)], [want], [70])
    assert len(res.token_ids) <= positions
    assert not res.ok and res.dropped and sum(res.dropped.values()) < sum(want.values())
    text = tokenizer.decode(res.token_ids, skip_special_tokens=True)
    found = TargetFinder(targets).count(text)
    assert all(found[t] <= want[t] for t in found) and set(found) <= set(want)
    written = sum(want.values()) - sum(res.dropped.values())
    assert sum(found.values()) >= written  # every occurrence that fits is written
    assert {t: len(v) for t, v in res.produced.items()} == dict(found)


def test_a_spelling_that_decodes_to_something_else_is_not_spellable(
    tiny_torch_model, targets: list[str]
) -> None:
    model, tokenizer = tiny_torch_model
    lig = "ﬁrst Bank"  # sentencepiece's NFKC folds the ligature: its tokens write "first Bank"
    decoder = ConstrainedDecoder(tokenizer, [*targets, lig], model.config.vocab_size)
    ids, unknown = decoder.spell(lig)
    assert tokenizer.decode(list(ids), skip_special_tokens=True) == "first Bank"
    assert unknown == ["ﬁ"]
    assert "first Bank" in decoder.spelling(lig).reason
    assert decoder.spell("Putin")[1] == []
    (res,) = _decode(tiny_torch_model, decoder, ["بوتين"], [{lig: 1, "Putin": 1}], [20])
    text = tokenizer.decode(res.token_ids, skip_special_tokens=True)
    assert res.ok and TargetFinder([*targets, lig]).count(text) == {"Putin": 1}
    assert "first Bank" not in text


def test_tight_spelling_has_no_word_boundary(tiny_torch_model, decoder) -> None:
    _, tokenizer = tiny_torch_model
    for target in ("Putin", "Vladimir Putin", "NATO", "Sputnik V"):
        spelling = decoder.spelling(target)
        glued = "".join(decoder.vocab.texts[i] for i in spelling.tight)
        assert glued == target  # "(" + these tokens reads "(Putin", not "( Putin"
        assert tokenizer.decode(list(spelling.ids), skip_special_tokens=True) == target
