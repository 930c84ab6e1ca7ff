"""The CTranslate2 backend on the tiny random-weight model.

Conversion really runs (into a per-test cache folder), the cache is really
reused, and conversion really fails where the cache cannot be written.  With
random weights an owed glossary target appears only by chance, so with the seed
glossary in strict mode nearly every name in the English was put there by
enforcement, on either backend; targets the model writes on its own are extras,
never more of them than its free translation had.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from glossary.entry import Entry
from glossary.storage import load_glossary
from glossary.termbase import Glossary
from translator.decoding.ct2_backend import Ct2Model, cache_key, converted_model
from translator.decoding.lengths import output_token_cap
from translator.enforcement.terms import term_accuracy
from translator.engine import Translator
from translator.errors import TranslatorError
from translator.model_loading import load_model
from translator.segment import segment

HAND_WRITTEN = [
    "وبوتين قال للناتو إن الحوار مستمر.",
    "قال بوتين إن بوتين لن يترشح.",
    "اتصل بايدن بزاخاروفا اليوم.",
    "لقاح سبوتنيك V و كوفيد 19 واتفاق أوبك+.",
    "وأشار المتحدث إلى أن الاجتماع انتهى.",
]
UNSPELLABLE = "Łódź Ōsaka 北京"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "tarjama" / "ct2"


@pytest.fixture(scope="module")
def sources(article_path: Path) -> list[str]:
    return [s.text for s in segment(article_path.read_text("utf-8"))] + HAND_WRITTEN


@pytest.fixture(scope="module")
def glossary(seed_glossary_path: Path) -> Glossary:
    g = load_glossary(seed_glossary_path)
    g.entries.append(Entry(UNSPELLABLE, ["لودز أوساكا بكين"]))
    return g


def test_converts_once_then_loads_from_the_cache(tiny_model_dir: Path, cache: Path) -> None:
    first = load_model(str(tiny_model_dir), "cpu", backend="ctranslate2")
    assert first.backend == "ctranslate2"
    assert isinstance(first.decoder, Ct2Model)
    folder = first.decoder.path
    assert folder.parent == cache and (folder / "model.bin").is_file()
    stamp = (folder / "model.bin").stat().st_mtime_ns
    second = load_model(str(tiny_model_dir), "cpu", backend="ctranslate2")
    assert isinstance(second.decoder, Ct2Model) and second.decoder.path == folder
    assert (folder / "model.bin").stat().st_mtime_ns == stamp  # not converted again
    assert [p.name for p in cache.iterdir()] == [folder.name]  # no leftover temp folders
    assert first._model is None  # the PyTorch model is not loaded on this backend


def test_key_follows_compute_type_and_files(tiny_model_dir: Path, tmp_path: Path) -> None:
    int8 = cache_key(str(tiny_model_dir), tiny_model_dir, "int8")
    assert cache_key(str(tiny_model_dir), tiny_model_dir, "int8") == int8
    assert cache_key(str(tiny_model_dir), tiny_model_dir, "float32") != int8
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in os.listdir(tiny_model_dir):
        (copy / name).write_bytes((tiny_model_dir / name).read_bytes())
    os.utime(copy / "model.safetensors", ns=(1, 1))
    assert cache_key(str(tiny_model_dir), copy, "int8") != int8


def test_unwritable_cache_falls_back_with_one_warning(
    tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    loaded = load_model(str(tiny_model_dir), "cpu", backend="auto")
    assert loaded.backend == "transformers"
    warnings = capsys.readouterr().err.strip().splitlines()
    assert len(warnings) == 1 and warnings[0].startswith("tarjama: warning: CTranslate2")
    with pytest.raises(TranslatorError, match="CTranslate2 backend is not available"):
        load_model(str(tiny_model_dir), "cpu", backend="ctranslate2")
    with pytest.raises(Exception, match="cache folder"):
        converted_model(str(tiny_model_dir), tiny_model_dir, "int8")


def test_output_length_cap_matches_transformers(tiny_model_dir: Path, cache: Path, sources) -> None:
    translator = Translator.load(str(tiny_model_dir), "cpu", beam=2)
    ct2 = translator.loaded.decoder
    decoded = ct2.decode([ct2.source_tokens(s) for s in sources], num_beams=2)
    for source, out in zip(sources, decoded, strict=True):
        # transformers forces EOS at the cap-th token, so at most cap - 1 tokens of text
        assert len(out.ids) <= output_token_cap(len(ct2.source_tokens(source))) - 1


@pytest.mark.parametrize("backend", ["ctranslate2", "transformers"])
def test_strict_glossary_guarantees_on_both_backends(
    tiny_model_dir: Path, cache: Path, glossary: Glossary, sources: list[str], backend: str
) -> None:
    translator = Translator.load(
        str(tiny_model_dir), "cpu", backend=backend, beam=2, glossary=glossary
    )
    assert translator.backend == backend
    if backend == "transformers":  # generate is slower: fewer of the seed article's sentences
        sources = sources[-len(HAND_WRITTEN) - 5 :]
    results = translator.translate(sources)
    assert len(results) == len(sources)
    enforcer = translator._enforcer
    spellable = [
        s for s in sources if UNSPELLABLE not in [r.target for r in enforcer.requirements(s)]
    ]
    english = [r.target for r, s in zip(results, sources, strict=True) if s in spellable]
    accuracy = term_accuracy(spellable, english, enforcer.matcher, enforcer.finder)
    assert accuracy.total > (100 if backend == "ctranslate2" else 15)
    assert accuracy.accuracy == 1.0
    names = [t.status for r in results for t in r.terms if t.status != "extra"]
    assert set(names) <= {"ok", "enforced"}
    # Random weights write a name only by chance (the tiny vocabulary holds glossary pieces).
    assert names.count("enforced") > 0.9 * len(names)
    # forced-prefix decoding placed the names, not the constrained decoder
    assert translator._prefix_glossary.fallbacks <= len(sources) // 10
    # Enforcement never adds a name: extras are the model's own, as in its free translation.
    free = Translator.load(
        str(tiny_model_dir), "cpu", backend=backend, beam=2, glossary=glossary, enforce="off"
    ).translate(sources)
    for strict, plain in zip(results, free, strict=True):
        extras = Counter(t.target for t in strict.terms if t.status == "extra")
        assert extras <= Counter(t.target for t in plain.terms if t.status == "extra")


def test_unspellable_target_is_reported_the_same_on_both_backends(
    tiny_model_dir: Path, cache: Path, glossary: Glossary
) -> None:
    sentence = ["زار لودز أوساكا بكين الأسبوع الماضي."]
    reports = []
    for backend in ("ctranslate2", "transformers"):
        translator = Translator.load(
            str(tiny_model_dir), "cpu", backend=backend, beam=2, glossary=glossary
        )
        (result,) = translator.translate(sentence)
        reports.append(([t.status for t in result.terms], result.warnings))
    assert reports[0] == reports[1]
    assert reports[0][0] == ["missing"] and "cannot be spelled" in reports[0][1][0]


@pytest.mark.parametrize("mode", ["check", "off"])
def test_check_and_off_modes_report_misses(
    tiny_model_dir: Path, cache: Path, glossary: Glossary, sources: list[str], mode: str
) -> None:
    translator = Translator.load(
        str(tiny_model_dir), "cpu", beam=2, glossary=glossary, enforce=mode
    )
    results = translator.translate(sources[:6])
    statuses = {t.status for r in results for t in r.terms}
    assert statuses <= {"missing", "extra"} and "missing" in statuses
    assert translator.loaded._model is None  # free decoding only: PyTorch never loaded
