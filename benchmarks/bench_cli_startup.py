"""Start-up time of `tarjama --help` and `tarjama glossary --help`, two trees side by side.

Each round runs every command once per tree, in alternating order, each in a fresh
``python -m tui.cli`` process with that tree first on ``PYTHONPATH``; the report is the
minimum and median wall time per command and tree, and the ratio of the medians.

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

COMMANDS = (("--help",), ("glossary", "--help"), ("glossary", "list", "--help"))


def _once(tree: Path, argv: tuple[str, ...]) -> float:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "tui.cli", *argv],
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
            for argv in COMMANDS:
                _once(tree, argv)
    for number in range(args.rounds):
        order = list(trees.items()) if number % 2 == 0 else list(reversed(trees.items()))
        for argv in COMMANDS:
            for label, tree in order:
                times.setdefault((" ".join(argv), label), []).append(_once(tree, argv))
    print("| command | before min / median (s) | after min / median (s) | median after/before |")
    print("|---|---|---|---|")
    for argv in COMMANDS:
        shown = " ".join(argv)
        before, after = times[(shown, "before")], times[(shown, "after")]
        ratio = statistics.median(after) / statistics.median(before)
        print(
            f"| `tarjama {shown}` | {min(before):.3f} / {statistics.median(before):.3f} "
            f"| {min(after):.3f} / {statistics.median(after):.3f} | {ratio:.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
