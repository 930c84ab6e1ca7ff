"""The layers of docs/design/architecture.md, kept true by import-linter.

``tui`` may import ``translator`` and ``glossary``; ``translator`` may import
``glossary``; ``glossary`` imports neither, nor any model or UI library.  The
contracts live in pyproject.toml (``[tool.importlinter]``) so ``lint-imports``
on the command line checks the same thing; imports inside functions count too.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"


def test_the_contracts_are_the_documented_layers() -> None:
    config = tomllib.loads(PYPROJECT.read_text("utf-8"))["tool"]["importlinter"]
    layers = [c for c in config["contracts"] if c["type"] == "layers"]
    assert [c["layers"] for c in layers] == [["tui", "translator", "glossary"]]
    doc = (ROOT / "docs" / "design" / "architecture.md").read_text("utf-8")
    assert "tui > translator > glossary" in doc


def test_no_package_imports_a_layer_above_it(capsys) -> None:
    code = lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert code == 0, report
    assert "0 broken" in report
