"""``--engine ray`` on a local Ray: the same English and the same manifest as the local engine.

One Ray run (a local Ray started for it, two actors on this 2-core machine) over
a few small files, compared file by file with the local engine's run.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from corpus_support import SMALL_CORPUS, make_corpus, manifest_records
from tests_support import TARJAMA

from translator.manifest import MANIFEST_NAME

TIMINGS = ("seconds",)


def translate(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}
    env = {**clean, **(env or {})}
    return subprocess.run([TARJAMA, "translate", *args], capture_output=True, timeout=600, env=env)


def approve_first_sentence(memory_path: Path, source: Path, glossary_path: Path) -> Path:
    """A memory whose English for the file's first sentence keeps its glossary names.

    The driver looks it up; the actors only see the match it ships with the file.
    """
    from glossary.matcher import Matcher
    from glossary.storage import load_glossary
    from translator.enforcement.terms import sentence_requirements
    from translator.memory.store import TranslationMemory
    from translator.segment import segment

    first = segment(source.read_text("utf-8"))[0].text
    names = [r.target for r in sentence_requirements(first, Matcher(load_glossary(glossary_path)))]
    with TranslationMemory(memory_path) as memory:
        memory.add(first, "Approved: " + ", ".join(names) + ".", origin="desk", user="huda")
    return memory_path


@pytest.fixture(scope="module")
def runs(
    tmp_path_factory: pytest.TempPathFactory, tiny_model_dir: Path, seed_glossary_path: Path
) -> tuple[Path, Path, Path, list[str]]:
    root = tmp_path_factory.mktemp("ray-corpus")
    corpus = root / "in"
    make_corpus(corpus, SMALL_CORPUS)
    (corpus / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    memory = approve_first_sentence(
        root / "memory.sqlite3", corpus / "wire/c.txt", seed_glossary_path
    )
    common = ["--format", "jsonl", "--model", str(tiny_model_dir),
              "--glossary", str(seed_glossary_path), "--memory", str(memory)]  # fmt: skip
    local = translate(str(corpus), "-o", str(root / "local"), *common)
    assert local.returncode == 1, local.stderr.decode()  # latin1.txt fails on both
    ray = translate(str(corpus), "-o", str(root / "ray"), "--engine", "ray", "--actors", "2",
                    *common)  # fmt: skip
    assert ray.returncode == 1, ray.stderr.decode()
    assert "Traceback" not in ray.stderr.decode()
    return corpus, root / "local", root / "ray", [str(corpus), "-o", str(root / "ray"), *common]


def test_ray_outputs_are_byte_identical_to_the_local_engine(runs) -> None:
    _, local, ray, _ = runs
    names = sorted(p.relative_to(local).as_posix() for p in local.rglob("*.jsonl"))
    assert len(names) == len(SMALL_CORPUS) + 1  # the outputs and the manifest
    assert sorted(p.relative_to(ray).as_posix() for p in ray.rglob("*.jsonl")) == names
    for name in names:
        if name != MANIFEST_NAME:
            assert (ray / name).read_bytes() == (local / name).read_bytes(), name


def test_ray_manifest_equals_the_local_one_up_to_timings(runs) -> None:
    _, local, ray, _ = runs

    def comparable(outdir: Path) -> dict[str, dict]:
        records = {}
        for record in manifest_records(outdir):
            records[record["output"]] = {k: v for k, v in record.items() if k not in TIMINGS}
        return records

    assert comparable(ray) == comparable(local)
    assert comparable(ray)["latin1.txt.jsonl"]["status"] == "failed"
    assert comparable(ray)["wire/c.txt.jsonl"]["memory_reused"] == 1
    assert "Approved: " in (ray / "wire/c.txt.jsonl").read_text("utf-8")


def test_ray_rerun_skips_what_is_done(runs) -> None:
    _, _, ray, args = runs
    count = len(manifest_records(ray))
    again = translate(*args, "--engine", "ray")
    assert again.returncode == 1  # latin1.txt still fails, and is recorded again
    assert f"0 translated, {len(SMALL_CORPUS)} up to date (skipped), 1 failed" in (
        again.stderr.decode()
    )
    assert [r["output"] for r in manifest_records(ray)[count:]] == ["latin1.txt.jsonl"]


def test_without_ray_the_engine_says_how_to_install_it(tmp_path: Path, runs) -> None:
    corpus = runs[0]
    blocker = tmp_path / "no-ray" / "ray"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError(\"No module named 'ray'\")\n")
    result = translate(str(corpus / "a.txt"), "-o", str(tmp_path / "out"), "--engine", "ray",
                       env={"PYTHONPATH": str(blocker.parent)})  # fmt: skip
    err = result.stderr.decode()
    assert result.returncode == 1
    assert err.strip().splitlines() == [
        "tarjama: error: --engine ray needs Ray; install it with: pip install 'tarjama[ray]'"
    ]
