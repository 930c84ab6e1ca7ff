"""``tarjama bench --json`` end to end on the tiny model (figures are not asserted, fields are)."""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

FIELDS = {
    "baseline_tokens_per_s": float,
    "tarjama_tokens_per_s": float,
    "speedup": float,
    "peak_rss_mb": float,
    "baseline_peak_rss_mb": float,
    "baseline_tokens": int,
    "tarjama_tokens": int,
}


def _bench(model: Path, *extra: str) -> tuple[dict, str, str]:
    # conftest's isolated_cache keeps the conversion out of the user's cache.
    done = subprocess.run(
        [sys.executable, "-m", "tui.cli", "bench", "--model", str(model), "--sentences", "4",
         "--json", *extra],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stdout, done.stderr


@pytest.mark.parametrize("with_glossary", [False, True])
def test_bench_json_reports_both_sides(
    tiny_model_dir: Path, seed_glossary_path: Path, with_glossary: bool
) -> None:
    extra = ("--glossary", str(seed_glossary_path)) if with_glossary else ()
    result, text, err = _bench(tiny_model_dir, *extra)
    # progress: each side says when it starts (a bar follows on a terminal)
    assert "running baseline" in err and "running tarjama" in err
    assert isinstance(result["machine_busy"], bool)
    for name, kind in FIELDS.items():
        assert isinstance(result[name], kind), name
    assert result["backend"] == "ctranslate2"
    # The tiny model's small vocabulary does end some beams early, so equal counts are
    # reported, not assumed; the opus-mt-sized model never ends them.
    assert isinstance(result["tokens_equal"], bool) and result["baseline_tokens"] > 0
    assert result["speedup"] > 0 and result["peak_rss_mb"] > 0
    assert "speedup:" in text
    if with_glossary:
        terms = result["terms"]
        assert terms["missing"] == 0 and terms["found"] == terms["ok"] + terms["enforced"] > 0


def test_busy_machine_is_warned_about(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from translator.bench.command import busy_warning

    monkeypatch.setattr(os, "getloadavg", lambda: (3.2, 3.0, 2.5))
    warning = busy_warning(cores=2)
    assert warning is not None and "load average 3.2 on 2 cores" in warning
    assert busy_warning(cores=16) is None


def test_packaged_seed_files_are_the_seeds() -> None:
    # tarjama bench reads its sentences from package data (it must work from a wheel);
    # the copies must not drift from seeds/, which the tests and docs describe.
    from translator.bench.seed import seed_folder

    seeds = Path(__file__).resolve().parents[2] / "seeds"
    packaged = {p.name: p.read_bytes() for p in seed_folder().iterdir() if p.is_file()}
    assert packaged == {p.name: p.read_bytes() for p in seeds.iterdir() if p.is_file()}


def test_bench_runs_from_an_installed_wheel(tmp_path: Path) -> None:
    """``pip wheel`` + ``pip install`` into a fresh venv: ``tarjama bench`` needs no checkout.

    Offline and quick: the wheel is built from a copy of the three packages (so no
    ``build/`` lands in the checkout) without build isolation, and installed without
    dependencies into a venv that sees this interpreter's site-packages through a
    ``.pth`` line (whose own ``.pth`` files, this checkout's editable install among
    them, are not run), so ``translator`` can only come from the wheel.  Everything runs
    outside the checkout with no PYTHONPATH.  No real bench run: even the tiny model
    takes minutes on a loaded 2-core machine (``test_bench_json_reports_both_sides``
    runs one from the checkout).
    """
    root = Path(__file__).resolve().parents[2]
    source = tmp_path / "src"
    for name in ("translator", "glossary", "tui"):
        shutil.copytree(root / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(root / name, source / name)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}

    def run(*command: str | Path) -> str:
        done = subprocess.run(
            [str(c) for c in command], cwd=tmp_path, env=env, capture_output=True, text=True,
            timeout=300, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout

    pip = (sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input")
    run(*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q", "-w", "dist",
        source)  # fmt: skip
    (wheel,) = (tmp_path / "dist").glob("tarjama-*.whl")
    members = zipfile.ZipFile(wheel).namelist()
    assert "translator/bench/data/000_33cab2cb41f507af.txt" in members
    assert not [m for m in members if m.split("/")[0] in {"tests", "seeds", "benchmarks"}]
    assert not [m for m in members if "trained_model" in m]

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", venv)
    python = venv / "bin" / "python"
    (site_packages,) = (venv / "lib").glob("python*/site-packages")
    (site_packages / "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    run(*pip, "--python", python, "install", "--no-deps", "--no-index", "-q", wheel)

    assert "--sentences N" in run(venv / "bin" / "tarjama", "bench", "--help")
    check = (
        "import translator\n"
        "from translator.bench.seed import bench_sentences\n"
        "from translator.bench.random_model import seed_corpus\n"
        "from translator.bench.seed import seed_folder\n"
        "source, target = seed_corpus(seed_folder())\n"
        "print(translator.__file__, len(set(bench_sentences(40))), len(source), len(target))\n"
    )
    where, sentences, source_lines, target_lines = run(python, "-c", check).split()
    assert Path(where).is_relative_to(site_packages)
    # the seed article's 34 sentences, and the random model's training text
    assert int(sentences) == 34 and int(source_lines) > 34 and int(target_lines) > 34
