"""Shared fixtures: a tiny random-weight MarianMT model built from ``seeds/``.

The model is real (saved with ``save_pretrained`` and loaded through the same
``from_pretrained`` path users take); only its weights are random, so tests can
assert what the tool guarantees but never translation quality.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# CTranslate2 picks its int8 GEMM library by CPU vendor: MKL on Intel, another backend on
# AMD, and the two round differently. The trained romanizer's exact-output tests and the
# random model's outputs were fixed on MKL, so every test process (and every subprocess,
# which inherits this) uses MKL, whatever machine CI lands on. Set before ctranslate2 loads.
os.environ.setdefault("CT2_USE_MKL", "1")

from translator.bench.random_model import build_random_marian, seed_corpus

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ARTICLE = SEEDS / "000_33cab2cb41f507af.txt"
SEED_GLOSSARY = SEEDS / "000_33cab2cb41f507af.glossary.tsv"
TRAINED_MODEL = ROOT / "tests" / "data" / "romanizer"


@pytest.fixture(scope="session", autouse=True)
def isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep converted test models out of the user's real cache (subprocesses inherit it)."""
    cache = tmp_path_factory.mktemp("xdg-cache")
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(cache)
    yield cache
    if previous is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = previous


@pytest.fixture(scope="session", autouse=True)
def isolated_memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep tests (and their subprocesses) away from the user's real translation memory."""
    data = tmp_path_factory.mktemp("xdg-data")
    saved = {name: os.environ.get(name) for name in ("XDG_DATA_HOME", "TARJAMA_MEMORY")}
    os.environ["XDG_DATA_HOME"] = str(data)
    os.environ.pop("TARJAMA_MEMORY", None)
    yield data
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source, target = seed_corpus(SEEDS)
    return build_random_marian(tmp_path_factory.mktemp("tiny-marian"), source, target, size="tiny")


@pytest.fixture(scope="session")
def trained_model_dir() -> Path:
    """The committed checkpoint of the trained romanizer (``tests/support/trained_model.py``).

    A real MarianMT model that knows its task: its right output for any Arabic is
    ``translator.romanization.romanize`` word for word, and it stops by itself.
    """
    return TRAINED_MODEL


@pytest.fixture(scope="session")
def trained_glossary_path() -> Path:
    """Names the trained model romanizes unlike the glossary spells them (بوتين: Putin)."""
    return TRAINED_MODEL / "names.tsv"


@pytest.fixture(scope="session")
def article_path() -> Path:
    return ARTICLE


@pytest.fixture(scope="session")
def seed_glossary_path() -> Path:
    return SEED_GLOSSARY


@pytest.fixture(scope="module")
def tiny_torch_model(tiny_model_dir: Path):
    """The tiny model and tokenizer loaded in-process, on one torch thread."""
    import torch
    from transformers import MarianMTModel, MarianTokenizer

    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # a model this small loses more to thread hand-offs than it gains
    model = MarianMTModel.from_pretrained(tiny_model_dir).eval()
    yield model, MarianTokenizer.from_pretrained(tiny_model_dir)
    torch.set_num_threads(threads)
