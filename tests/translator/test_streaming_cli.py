"""``tarjama translate FILE -o OUT`` as a process: progress lines, Ctrl-C, and the rerun.

Small blocks (``TARJAMA_BLOCK_SENTENCES``) make the seed article many blocks, so
an interruption lands between checkpoints on the tiny model.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from tests_support import TARJAMA

SMALL_BLOCKS = {"TARJAMA_BLOCK_SENTENCES": "3"}


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [TARJAMA, *args],
        capture_output=True,
        timeout=600,
        env={**os.environ, **SMALL_BLOCKS, **(env or {})},
    )


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory, article_path: Path) -> Path:
    article = article_path.read_text("utf-8")
    path = tmp_path_factory.mktemp("story") / "story.txt"
    path.write_text("\n\n".join([article] * 4), "utf-8")  # 136 sentences, 46 blocks
    return path


@pytest.fixture(scope="module")
def reference(story: Path, tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """An uninterrupted run, quiet: its English and its stderr."""
    out = tmp_path_factory.mktemp("ref") / "ref.txt"
    result = run("translate", str(story), "--model", str(tiny_model_dir), "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr.decode()
    return out.read_bytes(), result.stderr.decode()


def test_quiet_prints_no_progress(reference) -> None:
    _, err = reference
    assert "sentences" not in err


def _sigint_default() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_sigint_keeps_the_partial_and_a_rerun_finishes_it(
    story: Path, tiny_model_dir: Path, tmp_path: Path, reference
) -> None:
    out = tmp_path / "story.en.txt"
    partial = tmp_path / "story.en.txt.tarjama-partial"
    checkpoint = tmp_path / "story.en.txt.tarjama-partial.json"
    args = ["translate", str(story), "--model", str(tiny_model_dir), "-o", str(out)]
    process = subprocess.Popen(
        [TARJAMA, *args, "--progress-every", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, **SMALL_BLOCKS},
        # As from a terminal: a suite started in the background (`pytest … &` in a script)
        # ignores SIGINT, the child would inherit that and Python would never raise
        # KeyboardInterrupt in it.
        preexec_fn=_sigint_default,
    )
    deadline = time.monotonic() + 300
    while not checkpoint.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "the run ended before it could be interrupted"
    process.send_signal(signal.SIGINT)
    _, err_bytes = process.communicate(timeout=300)
    err = err_bytes.decode()
    assert process.returncode == 130, err
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert last.startswith("tarjama: interrupted after "), err
    assert "run the same command again to resume" in last and str(partial) in last
    # stderr is a pipe, not a terminal: plain progress lines were printed
    assert any(" sentences (" in line and "sentences/s" in line for line in err.splitlines())
    assert not out.exists() and partial.exists() and checkpoint.exists()

    rerun = run(*args)
    assert rerun.returncode == 0, rerun.stderr.decode()
    assert "tarjama: resuming " in rerun.stderr.decode()
    assert out.read_bytes() == reference[0]
    assert not partial.exists() and not checkpoint.exists()


def test_progress_lines_appear_when_stderr_is_not_a_terminal(
    tiny_model_dir: Path, article_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "a.jsonl"
    result = run("translate", str(article_path), "--model", str(tiny_model_dir), "-o", str(out),
                 "--format", "jsonl", "--progress-every", "0")  # fmt: skip
    assert result.returncode == 0, result.stderr.decode()
    lines = [line for line in result.stderr.decode().splitlines() if "sentences/s" in line]
    assert lines and lines[-1].startswith(f"tarjama: {article_path}: 34/34 sentences (100.0 %)")
