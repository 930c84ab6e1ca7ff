"""Item 7: a corpus run does not follow links out of its input folders unless asked."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_support import ARABIC, tarjama

from translator.corpus_files import discover


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    """``wire/`` with a story, a link inside it, and links out to a secret and a folder."""
    secret = tmp_path / "private"
    secret.mkdir()
    (secret / "payroll.txt").write_text("رواتب سرية.\n", encoding="utf-8")
    wire = tmp_path / "wire"
    wire.mkdir()
    (wire / "a.txt").write_text(ARABIC, encoding="utf-8")
    (wire / "same.txt").symlink_to(wire / "a.txt")  # inside the root: fine
    (wire / "evil.txt").symlink_to(secret / "payroll.txt")
    (wire / "up").symlink_to(secret, target_is_directory=True)
    (wire / "loop").symlink_to(wire, target_is_directory=True)
    return wire


def outputs(files) -> list[str]:
    return sorted(f.output for f in files)


def test_links_out_of_the_input_folders_are_skipped_and_named(
    planted: Path, tmp_path: Path
) -> None:
    said: list[str] = []
    files = discover([str(planted)], files_from=None, glob="*.txt", outdir=tmp_path / "out",
                     fmt="text", on_skip=said.append)  # fmt: skip
    assert outputs(files) == ["a.txt", "same.txt"]
    assert len(said) == 1 and "skipped 1 link(s)" in said[0] and "evil.txt" in said[0]
    assert "--follow-symlinks" in said[0]


def test_follow_symlinks_takes_them_and_ends_link_loops(planted: Path, tmp_path: Path) -> None:
    files = discover([str(planted)], files_from=None, glob="*.txt", outdir=tmp_path / "out",
                     fmt="text", follow_symlinks=True)  # fmt: skip
    assert outputs(files) == ["a.txt", "evil.txt", "same.txt", "up/payroll.txt"]


def test_a_link_into_another_input_folder_is_not_out(planted: Path, tmp_path: Path) -> None:
    said: list[str] = []
    secret = tmp_path / "private"
    files = discover([str(planted), str(secret)], files_from=None, glob="*.txt",
                     outdir=tmp_path / "out", fmt="text", on_skip=said.append)  # fmt: skip
    assert "evil.txt" in outputs(files) and said == []


def test_the_translate_command_skips_the_planted_link(planted: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = tarjama("translate", str(planted), "-o", str(out), "--no-memory", "-q",
                     "--model", str(tmp_path / "no-model"))  # fmt: skip
    warnings = [line for line in result.stderr.splitlines() if "warning:" in line]
    assert any("evil.txt" in line and "--follow-symlinks" in line for line in warnings)
    assert "رواتب" not in result.stderr + result.stdout
    assert not (out / "evil.txt").exists()
