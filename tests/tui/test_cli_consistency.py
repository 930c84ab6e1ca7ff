"""The rough edges of the command line: --version, and a model folder without weights."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests_support import TARJAMA


def run(*args: str, cache: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [TARJAMA, *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "XDG_CACHE_HOME": str(cache)},
    )


def test_version(tmp_path: Path) -> None:
    from importlib.metadata import version

    done = run("--version", cache=tmp_path)
    assert done.returncode == 0 and done.stdout.strip() == f"tarjama {version('tarjama')}"


def test_model_folder_without_weights_fails_at_once_in_one_line(
    tiny_model_dir: Path, article_path: Path, tmp_path: Path
) -> None:
    """No CTranslate2 conversion is tried (nothing in the cache), no misleading warning."""
    broken = tmp_path / "no-weights"
    shutil.copytree(tiny_model_dir, broken)
    (broken / "model.safetensors").unlink()
    cache = tmp_path / "cache"
    for args in (
        ["translate", str(article_path), "--model", str(broken)],
        ["review", str(_copy(article_path, tmp_path)), "--model", str(broken)],
    ):
        done = run(*args, cache=cache)
        assert done.returncode == 1, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, done.stderr
        assert "has no weights" in lines[0] and "model.safetensors" in lines[0]
        assert "CTranslate2" not in done.stderr and "Traceback" not in done.stderr
    assert not (cache / "tarjama" / "ct2").exists()


def _copy(article: Path, folder: Path) -> Path:
    copy = folder / "story.txt"
    shutil.copyfile(article, copy)
    return copy


def test_help_of_review_and_export_name_their_dash_rules() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tui.cli", "export", "--help"], capture_output=True, text=True
    )
    assert "--force" in done.stdout and "standard output" in done.stdout
