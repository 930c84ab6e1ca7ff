"""Minimal reproduction: CTranslate2's one-pass ``target_prefix`` + ``return_alternatives``.

With ``return_alternatives=True`` CTranslate2 runs a ``target_prefix`` through
the decoder in one pass and expands the next position, which would make
forced-prefix enforcement several times cheaper than replaying the prefix step
by step.  But the token it expands after the prefix is often not the one the
same model gives when it decodes that prefix itself (greedy, one step past a
replayed prefix), so the fast path replays prefixes instead
(``Ct2Model.continue_from``).

This test only documents the behaviour: it asserts the mismatch still exists in
the installed CTranslate2 on the trained test model.  The day it fails, the
defect is fixed: the one-pass prefix (``return_alternatives``) can come back
into ``Ct2Model.continue_from``/``continue_batch`` and this test can go.
Nothing of tarjama is used beyond loading the converted model, so the script
can be sent upstream as it is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.trained_model import held_out_sentences
from translator.decoding.ct2_backend import Ct2Model
from translator.model_loading import load_model


def next_token(translator, source: list[str], prefix: list[str], **options) -> str:
    """The token CTranslate2 writes right after ``prefix`` (``</s>`` when it stops)."""
    (result,) = translator.translate_batch(
        [source],
        target_prefix=[prefix],
        beam_size=1,
        max_decoding_length=len(prefix) + 1,
        max_input_length=0,
        **options,
    )
    hypothesis = result.hypotheses[0]
    return hypothesis[len(prefix)] if len(hypothesis) > len(prefix) else "</s>"


@pytest.mark.parametrize("compute_type", ["int8", "float32"])
def test_return_alternatives_does_not_expand_the_greedy_token(
    trained_model_dir: Path, compute_type: str
) -> None:
    loaded = load_model(str(trained_model_dir), "cpu", "ctranslate2", compute_type)
    assert isinstance(loaded.decoder, Ct2Model)
    translator = loaded.decoder.translator
    replay_agrees = mismatches = checked = 0
    for sentence in held_out_sentences()[:5]:
        source = loaded.decoder.source_tokens(sentence)
        (greedy,) = translator.translate_batch([source], beam_size=1, max_input_length=0)
        tokens = greedy.hypotheses[0]
        for p in range(1, len(tokens), 4):
            prefix = tokens[:p]
            replayed = next_token(translator, source, prefix)
            one_pass = next_token(
                translator, source, prefix, return_alternatives=True, num_hypotheses=1
            )
            replay_agrees += replayed == tokens[p]
            mismatches += one_pass != replayed
            checked += 1
    assert checked > 50
    assert replay_agrees == checked  # a replayed prefix goes on exactly as greedy decoding
    # The defect: a large share of one-pass expansions differ (31 of 84 here with 4.8.5).
    # When this fails, CTranslate2 is fixed: see the module docstring.
    assert mismatches >= checked // 10, f"{mismatches} of {checked}: return_alternatives fixed?"
