"""The PyTorch side of forced-prefix enforcement, on the trained romanizer.

``TorchPrefixModel`` must give the enforcement the same operations ``Ct2Model``
does: the free pass exactly as plain ``generate`` translates, the alignment
head CTranslate2 returns, decoding on from a prefix with sequences suppressed,
the likeliest next tokens and the log-probability of an output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.trained_model import held_out_sentences
from translator.decoding.ct2_backend import Ct2Model
from translator.decoding.free_decoding import free_translate
from translator.decoding.lengths import output_token_cap
from translator.decoding.torch_prefix import TorchPrefixModel
from translator.model_loading import load_model

SENTENCE = "وقال الرئيس الروسي اليوم إن الحوار مستمر."


@pytest.fixture(scope="module")
def runtime(trained_model_dir: Path) -> TorchPrefixModel:
    loaded = load_model(str(trained_model_dir), "cpu", "transformers")
    return TorchPrefixModel(loaded.model, loaded.tokenizer)


def test_the_free_pass_is_plain_generate(runtime: TorchPrefixModel) -> None:
    sentences = held_out_sentences()[:6]
    decoded = runtime.decode(
        [runtime.source_tokens(s) for s in sentences], num_beams=4, attention=True
    )
    plain = free_translate(runtime.model, runtime.tokenizer, sentences, num_beams=4, batch_size=16)
    assert [runtime.text(d.ids) for d in decoded] == plain
    for sentence, d in zip(sentences, decoded, strict=True):
        assert d.attention is not None and len(d.attention) == len(d.ids)
        width = len(runtime.source_tokens(sentence))
        assert all(len(row) == width and abs(sum(row) - 1) < 1e-4 for row in d.attention)


def test_the_alignment_is_the_head_ctranslate2_returns(trained_model_dir: Path) -> None:
    loaded = load_model(str(trained_model_dir), "cpu", "ctranslate2", "float32")
    ct2 = loaded.decoder
    assert isinstance(ct2, Ct2Model)
    runtime = TorchPrefixModel(loaded.model, loaded.tokenizer)
    agree = total = 0
    for sentence in held_out_sentences()[:4]:
        pieces = ct2.source_tokens(sentence)
        (fast,) = ct2.decode([pieces], num_beams=4, attention=True)
        (rows,) = runtime._alignment([runtime._ids(pieces)], [fast.ids])
        assert fast.attention is not None and rows is not None
        for a, b in zip(fast.attention, rows, strict=True):
            agree += a.index(max(a)) == b.index(max(b))
            total += 1
    assert agree / total >= 0.9, (agree, total)


def test_decoding_on_from_a_prefix_keeps_it_and_suppresses(runtime: TorchPrefixModel) -> None:
    pieces = runtime.source_tokens(SENTENCE)
    (free,) = runtime.decode([pieces], num_beams=4)
    assert runtime.text(free.ids) == "wqal alr'ys alrwsy alywm an alhwar mstmr."
    tok = runtime.tokenizer
    forced = tok(text_target="wqal alr'ys Russian").input_ids[:-1]  # no EOS
    (out,) = runtime.continue_from(pieces, forced, num_beams=4, max_tokens=40)()
    assert out.ids[: len(forced)] == forced
    assert runtime.text(out.ids).startswith("wqal alr'ys Russian ")
    assert out.attention is not None and len(out.attention) == len(out.ids)
    following = out.ids[len(forced)]
    best = runtime.next_tokens(pieces, forced, count=3)
    (greedy,) = runtime.continue_from(pieces, forced, num_beams=1, max_tokens=40)()
    assert greedy.ids[len(forced)] == best[0]  # the model's likeliest token after the prefix
    (other,) = runtime.continue_from(
        pieces, forced, num_beams=4, max_tokens=40, suppress=[[following]]
    )()
    assert other.ids[: len(forced)] == forced and following not in other.ids[len(forced) :]
    assert runtime.next_tokens(pieces, forced, count=3, suppress=[[following]])[0] != following
    # Two alternatives: one continuation per likeliest first token, best first.
    pair = runtime.continue_from(pieces, forced, num_beams=4, max_tokens=40, alternatives=2)()
    assert [d.ids[len(forced)] for d in pair] == best[:2]


def test_the_free_output_is_likelier_than_a_damaged_one(runtime: TorchPrefixModel) -> None:
    pieces = runtime.source_tokens(SENTENCE)
    (free,) = runtime.decode([pieces], num_beams=4)
    damaged = runtime.tokenizer(text_target="wqal alywm alr'ys an mstmr.").input_ids[:-1]
    good, bad = runtime.log_probs([pieces, pieces], [free.ids, damaged])
    assert good > bad and good > -1.0


@pytest.mark.parametrize("compute_type", ["int8", "float32"])
def test_both_backends_go_on_from_a_prefix_as_greedy_decoding_does(
    trained_model_dir: Path, compute_type: str
) -> None:
    # After a forced prefix, the next token must be the one the model gives that
    # prefix when it decodes it itself.  CTranslate2's one-pass ``return_alternatives``
    # did not (48 of 140 positions on this checkpoint), so the fast path replays the prefix instead.
    loaded = load_model(str(trained_model_dir), "cpu", "ctranslate2", compute_type)
    ct2 = loaded.decoder
    assert isinstance(ct2, Ct2Model)
    runtime = TorchPrefixModel(loaded.model, loaded.tokenizer)
    checked = 0
    for sentence in held_out_sentences()[:5]:
        pieces = ct2.source_tokens(sentence)
        for model in (ct2, runtime):
            (greedy,) = model.decode([pieces], num_beams=1)
            for p in range(1, len(greedy.ids), 4):
                assert model.next_tokens(pieces, greedy.ids[:p], count=2)[0] == greedy.ids[p]
                checked += 1
            cap = output_token_cap(len(pieces)) - 1  # where decode stops a sentence
            (again,) = model.continue_from(pieces, greedy.ids[:9], num_beams=1, max_tokens=cap)()
            assert again.ids == greedy.ids
    assert checked > 50


@pytest.mark.parametrize("backend", ["ctranslate2", "transformers"])
def test_batched_windows_stop_where_asked_and_never_decode_a_full_prefix(
    trained_model_dir: Path, backend: str
) -> None:
    from translator.decoding.ct2_backend import Continuation

    loaded = load_model(str(trained_model_dir), "cpu", backend, "int8")
    model = loaded.decoder
    sentences = held_out_sentences()[:3]
    pieces = [model.source_tokens(s) for s in sentences]
    free = model.decode(pieces, num_beams=1)  # greedy: a prefix of it goes on as it did
    caps = [output_token_cap(len(p)) - 1 for p in pieces]
    whole = [
        Continuation(p, f.ids[:6], cap, cap) for p, f, cap in zip(pieces, free, caps, strict=True)
    ]
    windows = [
        Continuation(p, f.ids[:6], 6 + 5, cap) for p, f, cap in zip(pieces, free, caps, strict=True)
    ]
    full = Continuation(pieces[0], free[0].ids[:10], 40, 10)  # the prefix fills the cap
    model.stats.clear()
    outs = model.continue_batch([*whole, *windows, full], num_beams=1)()
    # Whole continuations from the free output's own start go on as the free output did.
    assert [o.ids for o in outs[:3]] == [f.ids for f in free]
    assert all(o.ended for o in outs[:3])
    for out, f in zip(outs[3:6], free, strict=True):  # a window: the same words, cut short
        assert 6 < len(out.ids) <= 11 and out.ids == f.ids[: len(out.ids)] and not out.ended
        assert out.attention is not None and len(out.attention) == len(out.ids)
    assert outs[6].ids == free[0].ids[:10] and outs[6].ended
    assert model.stats["filled"] == 1
    assert model.stats["replayed"] == 6 * 6  # the filled prefix is never replayed
