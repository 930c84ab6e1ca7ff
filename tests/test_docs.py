"""The documentation: README's first commands, its links, and the docs site built strictly.

README.md stays short and starts with the two commands for a fresh machine; the second
is the command `.ci/run` runs, so the two cannot drift apart.  The site (mkdocs.yml,
Material theme) is built with ``--strict``: a link to a missing page or a missing
heading anchor fails the build, and so fails this test.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
FENCED_SH = re.compile(r"```sh\n(.*?)```", re.DOTALL)
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _sh_blocks(text: str) -> list[str]:
    return [block.strip() for block in FENCED_SH.findall(text)]


def test_readme_is_short_and_starts_with_the_two_commands() -> None:
    text = README.read_text("utf-8")
    assert len(text.splitlines()) <= 150
    setup_and_translate, setup_and_test = _sh_blocks(text)[:2]
    assert setup_and_translate == (
        "python3 -m venv .venv && .venv/bin/pip install torch==2.13.0 && "
        ".venv/bin/pip install -e . && .venv/bin/tarjama translate "
        "seeds/000_33cab2cb41f507af.txt --glossary seeds/000_33cab2cb41f507af.glossary.tsv"
    )
    assert setup_and_test.endswith(".venv/bin/python -m pytest -q")


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run is the README's second command, with pip kept quiet."""
    readme_command = _sh_blocks(README.read_text("utf-8"))[1]
    ci_lines = (ROOT / ".ci" / "run").read_text("utf-8").splitlines()
    ci_command = next(line for line in ci_lines if line.startswith("python3 -m venv"))
    assert ci_command.replace("pip install -q ", "pip install ") == readme_command


def test_readme_links_point_at_files_that_exist() -> None:
    targets = [t for t in LINK.findall(README.read_text("utf-8")) if "://" not in t]
    assert targets, "README links into docs/"
    missing = [t for t in targets if not (ROOT / t.split("#")[0]).exists()]
    assert missing == []


def test_the_docs_site_builds_strictly(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--config-file",
            str(ROOT / "mkdocs.yml"),
            "--site-dir",
            str(tmp_path / "site"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},  # no end-of-life banner
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "design" / "architecture" / "index.html").is_file()
