"""The decoder seam: both backends are a ``Backend``, found by name in one lazy table.

The engine and the glossary enforcement call only the protocol's members, so each
implementation is loaded the way users load it and every member is called once on
the tiny model; the table must not import a backend (or its library) before that
backend is asked for.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from translator.decoding.backend import BACKENDS, Backend, Continuation, backend_loader
from translator.errors import TranslatorError
from translator.model_loading import LoadedModel, load_model

ROOT = Path(__file__).resolve().parents[2]
SENTENCES = ["قال الرئيس الروسي فلاديمير بوتين إن الحوار مستمر.", "وصل الوفد إلى موسكو اليوم."]


@pytest.fixture(scope="module", params=["ctranslate2", "transformers"])
def loaded(request: pytest.FixtureRequest, tiny_model_dir: Path) -> LoadedModel:
    return load_model(str(tiny_model_dir), "cpu", request.param, "int8")


def test_each_backend_is_a_backend_with_its_capabilities(loaded: LoadedModel) -> None:
    decoder = loaded.decoder
    assert isinstance(decoder, Backend)
    assert decoder.name == loaded.backend and decoder.name in BACKENDS
    assert decoder.device == loaded.device == "cpu"
    assert decoder.tokenizer is loaded.tokenizer
    assert decoder.eos_id == loaded.tokenizer.eos_token_id
    assert isinstance(decoder.stats, Counter)
    if decoder.name == "ctranslate2":
        assert isinstance(decoder.replicas, int) and decoder.replicas >= 1
        assert decoder.torch_model is None and loaded._model is None  # PyTorch not loaded
    else:  # one decode uses every core; the last-resort decoder shares this model
        assert decoder.replicas is None
        assert decoder.torch_model is not None and loaded.model is decoder.torch_model


def test_every_protocol_method_answers_on_the_tiny_model(loaded: LoadedModel) -> None:
    decoder: Backend = loaded.decoder
    pieces = [decoder.source_tokens(s) for s in SENTENCES]
    assert all(p[-1] == "</s>" for p in pieces)

    counts: list[int] = []
    texts = decoder.translate(SENTENCES, num_beams=2, counts=counts)
    seen: list[int] = []
    decoded = decoder.decode(
        pieces, num_beams=2, attention=True, on_result=lambda i, d: seen.append(i)
    )
    assert sorted(seen) == [0, 1]
    assert [decoder.text(d.ids) for d in decoded] == texts  # free translation is free decoding
    assert counts == [len(d.ids) for d in decoded]
    for source, out in zip(pieces, decoded, strict=True):
        assert out.attention is not None and len(out.attention) == len(out.ids)
        assert all(len(row) == len(source) for row in out.attention)

    prefix = decoded[0].ids[:3]
    (went_on,) = decoder.continue_from(pieces[0], prefix, num_beams=2, max_tokens=20)()
    assert went_on.ids[:3] == prefix and len(went_on.ids) <= 20

    best = decoder.next_tokens(pieces[0], prefix, count=3)
    assert len(best) == 3 and len(set(best)) == 3
    assert decoder.next_tokens(pieces[0], prefix, count=3, suppress=[[best[0]]])[0] != best[0]

    filled = Continuation(pieces[1], decoded[1].ids[:2], stop=2, cap=20)
    window = Continuation(pieces[0], prefix, stop=len(prefix) + 2, cap=20)
    kept, short = decoder.continue_batch([filled, window], num_beams=2)()
    assert kept.ids == decoded[1].ids[:2]  # a prefix that fills its window is not decoded
    assert short.ids[: len(prefix)] == prefix and len(short.ids) <= len(prefix) + 2

    scores = decoder.log_probs(pieces, [d.ids for d in decoded])
    assert len(scores) == 2 and all(math.isfinite(s) and s < 0 for s in scores)


def test_the_table_holds_the_user_facing_names_and_each_resolves() -> None:
    assert BACKENDS == ("auto", "transformers", "ctranslate2")
    for name in BACKENDS[1:]:
        assert callable(backend_loader(name))
    with pytest.raises(TranslatorError, match="unknown backend 'onnx'; use auto, transformers"):
        load_model("unused", "cpu", "onnx")


def _modules_after(code: str) -> dict[str, bool]:
    """Which of the heavy modules a fresh interpreter holds after running ``code``."""
    probe = (
        f"import json, sys\n{code}\n"
        "names = ['ctranslate2', 'torch', 'transformers', 'translator.decoding.ct2_backend',"
        " 'translator.decoding.torch_prefix']\n"
        "print(json.dumps({n: n in sys.modules for n in names}))"
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_loading_code_imports_no_backend_until_one_is_asked_for() -> None:
    nothing = _modules_after("import translator.model_loading, translator.engine")
    assert not any(nothing.values()), nothing
    torch_side = _modules_after(
        "from translator.decoding.backend import backend_loader\nbackend_loader('transformers')"
    )
    assert torch_side["translator.decoding.torch_prefix"]
    assert not torch_side["translator.decoding.ct2_backend"] and not torch_side["ctranslate2"]
    ct2_side = _modules_after(
        "from translator.decoding.backend import backend_loader\nbackend_loader('ctranslate2')"
    )
    assert ct2_side["translator.decoding.ct2_backend"]
    assert not ct2_side["translator.decoding.torch_prefix"] and not ct2_side["torch"]
