"""What the lazy imports save: start-up time with them, and with every one hoisted.

Two entry points, each run as a fresh ``python -c`` process:

* ``tarjama --help`` (``tui.cli.main(["--help"])``);
* ``import translator.engine``.

The *lazy* process is the code as it is.  The *eager* process first runs, at the top,
every import statement found inside a function of a project module the entry point can
reach (grimp's graph, which counts in-function imports; ``if TYPE_CHECKING:`` blocks are
left out, they never run), then does the same as the lazy one: that is the start-up the
code would have if no import were lazy.  A statement that fails (an optional library
that is not installed) is skipped, as it would be reported by the command instead.

Lazy and eager processes alternate for ``--rounds`` rounds; min and median seconds of
wall time, and their ratio, are printed (machine-readable with ``--json``).

    .venv/bin/python benchmarks/bench_startup.py [--rounds 7] [--json]
"""

from __future__ import annotations

import argparse
import ast
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import grimp  # noqa: E402

PACKAGES = ("translator", "glossary", "tui")
HELP = "from tui.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
ENTRIES = {
    "tarjama --help": ("tui.cli", HELP),
    "import translator.engine": ("translator.engine", "import translator.engine\n"),
}


def _function_imports(tree: ast.AST) -> list[str]:
    """Source of every import statement inside a function, not under TYPE_CHECKING."""
    found: list[str] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, True)
            elif isinstance(child, ast.Import | ast.ImportFrom) and in_function:
                found.append(ast.unparse(child))  # the project has no relative imports
            else:
                visit(child, in_function)

    visit(tree, False)
    return found


def eager_prelude(entry: str) -> str:
    """Every in-function import of the modules ``entry`` reaches, each in a try block."""
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    modules = sorted({entry} | graph.find_upstream_modules(entry))
    statements: list[str] = []
    for module in modules:
        path = ROOT.joinpath(*module.split("."))
        path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
        for statement in _function_imports(ast.parse(path.read_text("utf-8"))):
            if statement not in statements:
                statements.append(statement)
    return "".join(f"try:\n    {s}\nexcept Exception:\n    pass\n" for s in statements)


def timed(code: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    report = {}
    for label, (entry, code) in ENTRIES.items():
        prelude = eager_prelude(entry)
        timed(code), timed(prelude + code)  # warm the file cache once
        lazy: list[float] = []
        eager: list[float] = []
        for _ in range(args.rounds):
            lazy.append(timed(code))
            eager.append(timed(prelude + code))
        row = {
            "hoisted_imports": prelude.count("try:"),
            "lazy_min_s": round(min(lazy), 3),
            "lazy_median_s": round(statistics.median(lazy), 3),
            "eager_min_s": round(min(eager), 3),
            "eager_median_s": round(statistics.median(eager), 3),
        }
        row["eager_over_lazy_min"] = round(row["eager_min_s"] / row["lazy_min_s"], 1)
        row["eager_over_lazy_median"] = round(row["eager_median_s"] / row["lazy_median_s"], 1)
        report[label] = row
        print(
            f"{label}: lazy min {row['lazy_min_s']:.3f} s / median {row['lazy_median_s']:.3f} s; "
            f"all {row['hoisted_imports']} in-function imports hoisted: min "
            f"{row['eager_min_s']:.3f} s / median {row['eager_median_s']:.3f} s "
            f"({row['eager_over_lazy_min']}x / {row['eager_over_lazy_median']}x)"
        )
    if args.json:
        print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
