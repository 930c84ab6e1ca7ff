"""``tarjama translate`` starts from the compiled glossary cache (issue 17).

The first call compiles the glossary and writes the index into the user cache; the
second reads it back (the file is left untouched) and translates identically; a
damaged index is never trusted: it is rebuilt and the English is still the same.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests_support import TARJAMA


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [TARJAMA, *args], capture_output=True, timeout=300, env={**os.environ, **env}
    )


def test_translate_uses_and_repairs_the_cached_compiled_glossary(
    trained_model_dir: Path, trained_glossary_path: Path, tmp_path: Path
) -> None:
    source = tmp_path / "news.txt"
    source.write_text("وقال فلاديمير بوتين إن جو بايدن سيزور موسكو.\n", "utf-8")
    cache = tmp_path / "cache"
    env = {"XDG_CACHE_HOME": str(cache)}
    args = ("translate", str(source), "--model", str(trained_model_dir), "--glossary",
            str(trained_glossary_path), "--format", "jsonl", "--no-memory", "-q")  # fmt: skip
    first = run(*args, env=env)
    assert first.returncode == 0, first.stderr.decode()
    assert b'"status": "enforced"' in first.stdout or b'"status": "ok"' in first.stdout
    (index,) = (cache / "tarjama" / "glossary-index").glob("*.idx")
    written = (index.stat().st_ino, index.stat().st_mtime_ns)

    second = run(*args, env=env)
    assert second.returncode == 0, second.stderr.decode()
    assert second.stdout == first.stdout
    assert (index.stat().st_ino, index.stat().st_mtime_ns) == written  # read, not rebuilt

    index.write_bytes(index.read_bytes()[:-64])  # damaged: must be rebuilt, not trusted
    third = run(*args, env=env)
    assert third.returncode == 0, third.stderr.decode()
    assert third.stdout == first.stdout
    assert (index.stat().st_ino, index.stat().st_mtime_ns) != written
