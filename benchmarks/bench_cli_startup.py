"""Start-up time of `tarjama --help`, `tarjama glossary --help` and more, two trees side by side.

Each round runs every command once per tree, in alternating order, each in a fresh
``python -m tui.cli`` process with that tree first on ``PYTHONPATH``; the report is the
minimum and median wall time per command and tree, and the ratio of the medians.
``python -m glossary --help`` runs the glossary package's own entry point.

    python benchmarks/bench_cli_startup.py --before /tmp/base --after . --rounds 15
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

# (module run with -m, its arguments)
COMMANDS = (
    ("tui.cli", ("--help",)),
    ("tui.cli", ("glossary", "--help")),
    ("tui.cli", ("glossary", "list", "--help")),
    ("tui.cli", ("translate", "--help")),
    ("tui.cli", ("review", "--help")),
    ("glossary", ("--help",)),
)


def _shown(module: str, argv: tuple[str, ...]) -> str:
    return " ".join(("tarjama" if module == "tui.cli" else f"python -m {module}", *argv))


def _once(tree: Path, module: str, argv: tuple[str, ...]) -> float:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", module, *argv],
        env=env,
        cwd=tree,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=Path, required=True, metavar="TREE")
    parser.add_argument("--after", type=Path, required=True, metavar="TREE")
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    trees = {"before": args.before.resolve(), "after": args.after.resolve()}
    times: dict[tuple[str, str], list[float]] = {}
    for _ in range(2):  # warm the file cache and the bytecode of both trees
        for tree in trees.values():
            for module, argv in COMMANDS:
                _once(tree, module, argv)
    for number in range(args.rounds):
        order = list(trees.items()) if number % 2 == 0 else list(reversed(trees.items()))
        for module, argv in COMMANDS:
            for label, tree in order:
                times.setdefault((_shown(module, argv), label), []).append(
                    _once(tree, module, argv)
                )
    print("| command | before min / median (s) | after min / median (s) | median after/before |")
    print("|---|---|---|---|")
    for module, argv in COMMANDS:
        shown = _shown(module, argv)
        before, after = times[(shown, "before")], times[(shown, "after")]
        ratio = statistics.median(after) / statistics.median(before)
        print(
            f"| `{shown}` | {min(before):.3f} / {statistics.median(before):.3f} "
            f"| {min(after):.3f} / {statistics.median(after):.3f} | {ratio:.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
