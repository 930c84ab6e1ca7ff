"""The constrained decoder on a model that knows its task: the trained romanizer.

Its right output is known word for word (``translator.romanization``), so these
tests can see what the search does around a forced name, not only that the name
is there: no babble, the name where its Arabic is, the model's own spelling gone.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from tests_support import assert_name_context

from glossary.entry import Entry
from glossary.matcher import Matcher, TargetFinder
from glossary.storage import load_glossary
from glossary.termbase import Glossary
from translator.decoding.constrained import ConstrainedDecoder, source_spans
from translator.decoding.free_decoding import free_translate
from translator.decoding.lengths import output_token_cap
from translator.segment import segment


@pytest.fixture(scope="module")
def trained(trained_model_dir: Path):
    import torch
    from transformers import MarianMTModel, MarianTokenizer

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    model = MarianMTModel.from_pretrained(trained_model_dir).eval()
    yield model, MarianTokenizer.from_pretrained(trained_model_dir)
    torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def glossary(trained_glossary_path: Path) -> Glossary:
    return load_glossary(trained_glossary_path)


@pytest.fixture(scope="module")
def article(article_path: Path) -> list[str]:
    return [s.text for s in segment(article_path.read_text("utf-8"))]


def strict(trained, glossary: Glossary, sentences: list[str], beams: int = 4) -> list[Any]:
    """(English, result) per sentence, decoded in one batch with the names' source spans."""
    model, tokenizer = trained
    matcher = Matcher(glossary)
    decoder = ConstrainedDecoder(tokenizer, glossary.targets(), model.config.vocab_size)
    matches = [[m for m in matcher.find(s) if not m.suggest] for s in sentences]
    batch = tokenizer(sentences, return_tensors="pt", padding=True)
    caps = [output_token_cap(len(tokenizer(s).input_ids)) for s in sentences]
    required = [dict(Counter(m.target for m in found)) for found in matches]
    spans = [source_spans(tokenizer, s, found) for s, found in zip(sentences, matches, strict=True)]
    results = decoder.decode(
        model, batch.input_ids, batch.attention_mask, required, caps, beams, spans
    )
    return [(tokenizer.decode(r.token_ids, skip_special_tokens=True).strip(), r) for r in results]


@pytest.mark.xfail(
    strict=True,
    reason="not reached yet by the last-resort constrained decoder: after a forced name it "
    "often goes on from the wrong source word (8.8 chrF points lost on the previous "
    "checkpoint); forced-prefix decoding, which both backends use first, keeps the words "
    "(test_enforcement_trained); see docs/measurements/constrained-decoder.md",
)
def test_words_around_forced_names_are_the_reference(trained, glossary, article) -> None:
    matcher = Matcher(glossary)
    named = sorted((s for s in article if matcher.find(s)), key=len)[:8]
    finder = TargetFinder(glossary.targets())
    for sentence, (english, result) in zip(named, strict(trained, glossary, named), strict=True):
        assert result.ok
        want = Counter(m.target for m in matcher.find(sentence))
        assert finder.count(english) == want
        assert_name_context(english, sentence, matcher)


def test_sentences_without_names_decode_as_free_beam_search(trained, glossary, article) -> None:
    model, tokenizer = trained
    plain = [s for s in article if not Matcher(glossary).find(s)]
    assert len(plain) >= 4
    free = free_translate(model, tokenizer, plain, num_beams=4, batch_size=len(plain))
    mine = [text for text, _ in strict(trained, glossary, plain)]
    assert mine == free


def test_the_models_own_longer_target_is_ok(trained, article) -> None:
    """ "bwtyn" and "fladymyr bwtyn" both listed: the model's own "fladymyr bwtyn" is not forced.

    ``▁bwtyn`` is one piece of the vocabulary; a stray-target mask that banned it
    (a bare "bwtyn" the sentence does not call for) made the model's own words forced.
    """
    entries = [
        Entry(target="bwtyn", forms=["بوتين"]),
        Entry(target="fladymyr bwtyn", forms=["فلاديمير بوتين"]),
    ]
    glossary = Glossary(entries)
    sentence = next(s for s in article if "فلاديمير بوتين" in s)
    ((english, result),) = strict(trained, glossary, [sentence])
    assert result.ok and "fladymyr bwtyn" in english
    assert result.produced == {"fladymyr bwtyn": ["ok"]}


def test_statuses_follow_the_order_of_the_english(trained) -> None:
    """One target, two Arabic forms: the model writes one itself, the other is forced."""
    entries = [Entry(target="bwtyn", forms=["بوتين", "بوتن"])]
    glossary = Glossary(entries)
    first, second = "قال بوتن إن بوتين سيزور موسكو", "قال بوتين إن بوتن سيزور موسكو"
    (a, ra), (b, rb) = strict(trained, glossary, [first, second])
    assert TargetFinder(["bwtyn"]).count(a) == TargetFinder(["bwtyn"]).count(b) == {"bwtyn": 2}
    assert ra.produced == {"bwtyn": ["enforced", "ok"]}
    assert rb.produced == {"bwtyn": ["ok", "enforced"]}


@pytest.mark.parametrize(
    ("sentence", "tight"),
    [
        ("وقال (بوتين) اليوم", "(Putin)"),
        ("وقال “بوتين” اليوم", "“Putin”"),
    ],
)
def test_a_forced_name_stays_tight_in_brackets(trained, glossary, sentence, tight) -> None:
    ((english, result),) = strict(trained, glossary, [sentence])
    assert result.ok and tight in english, english


def test_a_list_of_names_beyond_the_positions_returns_what_fits(trained, glossary) -> None:
    """A list-like sentence of 30 names, repeated until they need more than 512 positions."""
    model, tokenizer = trained
    positions = model.config.max_position_embeddings
    decoder = ConstrainedDecoder(tokenizer, glossary.targets(), model.config.vocab_size)
    people = [e for e in glossary.entries if e.type in ("person", "place")][:30]
    assert len(people) == 30
    tokens = sum(len(decoder.spelling(e.target).ids) for e in people)
    sentence = "، ".join(e.forms[0] for e in people * (positions // tokens + 1))
    assert len(tokenizer(sentence).input_ids) <= positions  # the Arabic itself fits
    ((english, result),) = strict(trained, glossary, [sentence], beams=2)
    assert len(result.token_ids) <= positions
    assert not result.ok and result.dropped
    found = TargetFinder(glossary.targets()).count(english)
    want = Counter(m.target for m in Matcher(glossary).find(sentence))
    assert all(found[t] <= want[t] for t in found)
    assert sum(found.values()) >= sum(want.values()) - sum(result.dropped.values())
