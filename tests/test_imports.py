"""Imports among the project's own modules: no cycle, and every lazy import says why.

docs/design/architecture.md ("Imports") states the rule:

* no import cycle among the modules of ``translator``, ``glossary`` and ``tui``, counting
  imports inside functions and under ``if TYPE_CHECKING:`` (grimp, the graph library
  under import-linter, reads every ``import`` statement);
* an import of a project module inside a function carries a comment ``# lazy: <why>``
  on its line or on the line above (a comment above a block of consecutive imports
  covers the block).  Lazy imports keep ``tarjama --help`` and the glossary commands
  fast; the comment says what each one keeps out of start-up.

Both hold with no exception list: a new cycle or an unexplained lazy import fails.
``python tests/test_imports.py`` prints the unexplained imports, if any.
"""

from __future__ import annotations

import ast
import re
import sys
from collections import Counter
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("translator", "glossary", "tui")
LAZY_COMMENT = re.compile(r"#\s*lazy:\s*\S")


# ------------------------------------------------------------------------------ cycles
def import_cycles() -> list[frozenset[str]]:
    """The strongly connected groups of two or more project modules."""
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    upstream = {m: graph.find_upstream_modules(m) for m in graph.modules}
    seen: set[str] = set()
    cycles = []
    for module in sorted(graph.modules):
        if module in seen:
            continue
        group = {module} | {m for m in upstream[module] if module in upstream[m]}
        seen |= group
        if len(group) > 1:
            cycles.append(frozenset(group))
    return cycles


def test_no_import_cycle() -> None:
    new = [sorted(c) for c in import_cycles()]
    assert not new, (
        f"import cycles (each group imports itself, directly or through the others): {new}; "
        "move the one name a module needs into a module both can import"
    )


# ------------------------------------------------------------------------- lazy imports
def _project_module(node: ast.Import | ast.ImportFrom, package: str) -> str | None:
    """The project module ``node`` imports (the first, for ``import a, b``), else None."""
    if isinstance(node, ast.ImportFrom):
        if node.level:
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            return ".".join([*base, *([node.module] if node.module else [])])
        names = [node.module or ""]
    else:
        names = [alias.name for alias in node.names]
    for name in names:
        if name.split(".")[0] in PACKAGES:
            return name
    return None


def _in_function_imports(path: Path) -> list[tuple[str, ast.Import | ast.ImportFrom]]:
    """(qualified function name, node) of every import inside a function of ``path``."""
    found: list[tuple[str, ast.Import | ast.ImportFrom]] = []

    def visit(node: ast.AST, scope: list[str], in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                inner = in_function or not isinstance(child, ast.ClassDef)
                visit(child, [*scope, child.name], inner)
            elif isinstance(child, ast.Import | ast.ImportFrom) and in_function:
                found.append((".".join(scope), child))
            else:
                visit(child, scope, in_function)

    visit(ast.parse(path.read_text("utf-8")), [], False)
    return found


def _explained(lines: list[str], line: int, previous: dict[int, bool]) -> bool:
    """``line`` (1-based) has ``# lazy: ...``, or the line above does, or it continues a
    block of imports whose first one is explained (``previous``: import line → explained)."""
    if LAZY_COMMENT.search(lines[line - 1]):
        return True
    above = lines[line - 2].strip() if line >= 2 else ""
    if above.startswith("#") and LAZY_COMMENT.search(above):
        return True
    return previous.get(line - 1, False)


def unexplained_lazy_imports() -> Counter[str]:
    """``path::function -> module`` for each project import in a function with no why."""
    found: Counter[str] = Counter()
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT)
            dotted = ".".join(relative.with_suffix("").parts)
            package_name = dotted if path.name == "__init__.py" else dotted.rpartition(".")[0]
            package_name = package_name.removesuffix(".__init__")
            lines = path.read_text("utf-8").splitlines()
            explained: dict[int, bool] = {}
            for function, node in _in_function_imports(path):
                ok = _explained(lines, node.lineno, explained)
                for line in range(node.lineno, (node.end_lineno or node.lineno) + 1):
                    explained[line] = ok
                module = _project_module(node, package_name)
                if module is not None and not ok:
                    found[f"{relative.as_posix()}::{function} -> {module}"] += 1
    return found


def test_every_lazy_project_import_says_why() -> None:
    new = unexplained_lazy_imports()
    assert not new, (
        "project modules imported inside a function with no '# lazy: <why>' comment on the "
        f"line or the line above (or import at the top of the module): {sorted(new)}"
    )


def test_the_checks_see_what_they_are_for(tmp_path: Path) -> None:
    """The scanner finds an unexplained in-function import and accepts an explained one."""
    source = tmp_path / "sample.py"
    source.write_text(
        "import os\n"
        "def a():\n"
        "    from translator.engine import Translator\n"
        "def b():\n"
        "    # lazy: torch\n"
        "    from translator.engine import Translator\n"
        "    from translator.errors import first_line\n"
        "class C:\n"
        "    def c(self):\n"
        "        from . import x  # lazy: a cycle\n"
        "        from .y import z\n"
        "        import json\n",
        "utf-8",
    )
    lines = source.read_text("utf-8").splitlines()
    explained: dict[int, bool] = {}
    verdicts = []
    for function, node in _in_function_imports(source):
        ok = _explained(lines, node.lineno, explained)
        explained[node.lineno] = ok
        verdicts.append((function, _project_module(node, "translator.memory"), ok))
    assert verdicts == [
        ("a", "translator.engine", False),
        ("b", "translator.engine", True),
        ("b", "translator.errors", True),
        ("C.c", "translator.memory", True),
        ("C.c", "translator.memory.y", True),
        ("C.c", None, True),
    ]


if __name__ == "__main__":
    for line, count in sorted(unexplained_lazy_imports().items()):
        sys.stdout.write(f"{line}\n" * count)
