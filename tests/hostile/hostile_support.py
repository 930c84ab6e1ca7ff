"""Helpers for the hostile-input tests: run ``tarjama`` and compare folders before and after."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

from tests_support import TARJAMA

ARABIC = "وصل بوتين إلى جنيف.\nوقال لافروف إن المحادثات مفيدة.\n"


def tarjama(*args: str, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    """``tarjama ARGS`` in a subprocess (text mode); never a cluster from the environment."""
    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}
    env.update(kw.pop("env", {}))
    return subprocess.run(
        [TARJAMA, *args], capture_output=True, text=True, timeout=timeout, env=env, **kw
    )


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` (relative path -> sha256), to prove nothing changed."""
    out: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            out[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def one_error_line(stderr: str) -> str:
    """The single ``tarjama: error:`` line of ``stderr`` (asserts there is no traceback)."""
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.startswith("tarjama: error:")]
    assert len(lines) == 1, stderr
    return lines[0]
