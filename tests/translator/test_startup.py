"""Start-up stays light: ``--help`` and glossary commands import no model or UI libraries."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HEAVY = ("torch", "transformers", "ctranslate2", "sentencepiece", "textual", "ray")
CHECK = (
    "import sys\n"
    "from tui.cli import main\n"
    "try:\n"
    "    main(sys.argv[1:])\n"
    "except SystemExit:\n"
    "    pass\n"
    "print('LOADED', *[m for m in {heavy!r} if m in sys.modules])\n"
)


def _loaded(*argv: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", CHECK.format(heavy=HEAVY), *argv],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    line = next(x for x in done.stdout.splitlines() if x.startswith("LOADED"))
    return line.split()[1:]


def test_help_imports_no_model_library() -> None:
    assert _loaded("--help") == []
    assert _loaded("translate", "--help") == []
    assert _loaded("bench", "--help") == []
    assert _loaded("review", "--help") == []


def test_glossary_commands_import_no_model_library(seed_glossary_path: Path) -> None:
    assert _loaded("glossary", "list", "--glossary", str(seed_glossary_path)) == []
