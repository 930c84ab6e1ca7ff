"""Item 11: a local Ray pool wider than the machine's CPUs is refused in one line, at once."""

from __future__ import annotations

import os
from pathlib import Path

from hostile_support import ARABIC, one_error_line, tarjama


def local_cpus() -> int:
    return len(os.sched_getaffinity(0))


def test_more_actors_than_cpus_is_refused_before_any_work(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARABIC, encoding="utf-8")
    actors = local_cpus() * 8 + 1
    out = tmp_path / "out"
    result = tarjama("translate", str(corpus), "-o", str(out), "--engine", "ray",
                     "--actors", str(actors), "--no-memory", timeout=90)  # fmt: skip
    assert result.returncode == 1
    line = one_error_line(result.stderr)
    assert f"--actors {actors}" in line and f"this machine has {local_cpus()}" in line
    assert not out.exists()  # refused before the output folder or Ray were made
