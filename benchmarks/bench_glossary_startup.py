"""What a 100,000-entry glossary costs ``translate`` before its first sentence, without
and with the cached compiled glossary (``glossary.load_compiled``).

Each call is a fresh Python process (start-up and imports count) that does the
glossary part of ``translate``'s start-up and matches one sentence:

* ``today`` — ``load_glossary`` then ``Enforcer(glossary, tokenizer)``, which
  compiles its ``Matcher`` and ``TargetFinder`` (what ``tarjama translate
  --glossary`` does now);
* ``cached, first`` / ``cached, second`` — ``load_compiled`` then the same
  ``Enforcer`` handed the cached matcher instead of compiling one (the change to
  ``Enforcer``/``translator.cli`` proposed with this function), on an empty cache
  folder and then on the one the first call filled.

The three run interleaved, ``--rounds`` times, each round on a new cache folder;
min and median of wall time (the process, from the parent) and CPU time (user +
system of the child), and the child's own split (glossary load, Enforcer, first
match).  The tokenizer is the trained test model's (``tests/data/romanizer``).
``--translate`` also times one ``tarjama translate`` of one sentence with that
model and the glossary as it runs today (once), for scale.

The glossary: the seed glossary plus synthetic names up to ``--entries``
(``bench_glossary_match.build_glossary``), written to a temporary folder.

    .venv/bin/python benchmarks/bench_glossary_startup.py [--entries 100000]
        [--rounds 3] [--translate] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

TOKENIZER = ROOT / "tests" / "data" / "romanizer"
SEED_GLOSSARY = ROOT / "seeds" / "000_33cab2cb41f507af.glossary.tsv"
SENTENCE = "وقال فلاديمير بوتين في موسكو إن الحلف يهدد أمن روسيا."

# One call, run as ``python -c CHILD MODE GLOSSARY TOKENIZER``; prints its timings as JSON.
CHILD = r"""
import json, sys, time
mode, path, tok = sys.argv[1:4]
t0, c0 = time.perf_counter(), time.process_time()
from transformers import MarianTokenizer
tokenizer = MarianTokenizer.from_pretrained(tok)
import translator.enforcement.enforce as enforce
t1, c1 = time.perf_counter(), time.process_time()
if mode == "today":
    from glossary.storage import load_glossary
    glossary = load_glossary(path)
    t2, c2 = time.perf_counter(), time.process_time()
    enforcer = enforce.Enforcer(glossary, tokenizer)
else:
    from glossary import load_compiled
    compiled = load_compiled(path)
    glossary = compiled.glossary
    t2, c2 = time.perf_counter(), time.process_time()
    real = enforce.Matcher
    enforce.Matcher = lambda g: compiled.matcher  # the proposed Enforcer(..., matcher=)
    enforcer = enforce.Enforcer(glossary, tokenizer)
    enforce.Matcher = real
t3, c3 = time.perf_counter(), time.process_time()
found = [r.target for r in enforcer.requirements(sys.argv[4])]
t4, c4 = time.perf_counter(), time.process_time()
print(json.dumps({"entries": len(glossary), "found": found,
    "imports_and_tokenizer": [t1 - t0, c1 - c0], "glossary": [t2 - t1, c2 - c1],
    "enforcer": [t3 - t2, c3 - c2], "first_match": [t4 - t3, c4 - c3]}))
"""

MODES = ("today", "cached, first", "cached, second")


def make_glossary(entries: int, out: Path) -> None:
    from bench_glossary_match import build_glossary

    from glossary.storage import load_glossary, save_glossary

    seed = load_glossary(SEED_GLOSSARY).entries
    save_glossary(build_glossary(entries, seed, random.Random(20211013)), out)


def run_child(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall and CPU seconds of one child process, and its stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{command[:4]} failed:\n{done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def summary(values: list[float]) -> dict[str, float]:
    return {"min": round(min(values), 2), "median": round(statistics.median(values), 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--translate", action="store_true", help="also time one translate")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="bench-glossary-startup-"))
    glossary = work / "glossary.tsv"
    make_glossary(args.entries, glossary)
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    )
    runs: dict[str, list[dict]] = {mode: [] for mode in MODES}
    for round_ in range(args.rounds):
        env["XDG_CACHE_HOME"] = str(work / f"cache-{round_}")
        for mode in MODES:
            wall, cpu, out = run_child(
                [
                    sys.executable,
                    "-c",
                    CHILD,
                    mode.split(",")[0],
                    str(glossary),
                    str(TOKENIZER),
                    SENTENCE,
                ],
                env,
            )
            report = json.loads(out.strip().splitlines()[-1])
            report |= {"wall": wall, "cpu": cpu}
            runs[mode].append(report)
            parts = ", ".join(
                f"{part} {report[part][1]:.2f}" for part in ("glossary", "enforcer", "first_match")
            )
            print(f"round {round_ + 1} {mode}: wall {wall:.2f} s, CPU {cpu:.2f} s ({parts} s CPU)",
                  flush=True)  # fmt: skip
    found = {tuple(r["found"]) for rs in runs.values() for r in rs}
    if len(found) != 1:
        raise SystemExit(f"the three calls found different names: {found}")
    result: dict = {"entries": args.entries, "rounds": args.rounds, "found": list(found.pop())}
    for mode, rs in runs.items():
        result[mode] = {
            "wall_s": summary([r["wall"] for r in rs]),
            "cpu_s": summary([r["cpu"] for r in rs]),
            **{
                f"{part}_cpu_s": summary([r[part][1] for r in rs])
                for part in ("imports_and_tokenizer", "glossary", "enforcer", "first_match")
            },
        }
    glossary_cpu = {
        mode: statistics.median(
            r["glossary"][1] + r["enforcer"][1] + r["first_match"][1] for r in runs[mode]
        )
        for mode in MODES
    }
    result["glossary_part_cpu_median_s"] = {m: round(v, 2) for m, v in glossary_cpu.items()}
    result["second_call_vs_today_cpu"] = round(
        result["cached, second"]["cpu_s"]["median"] / result["today"]["cpu_s"]["median"], 3
    )
    if args.translate:
        text = work / "one.txt"
        text.write_text(SENTENCE + "\n", "utf-8")
        env["XDG_CACHE_HOME"] = str(work / "cache-translate")
        base = [sys.executable, "-m", "tui.cli", "translate", str(text), "--model",
                str(TOKENIZER), "--format", "jsonl", "--no-memory", "-q"]  # fmt: skip
        run_child([*base, "-o", str(work / "warm.jsonl")], env)  # the model's conversion
        command = [*base, "--glossary", str(glossary), "-o", str(work / "out.jsonl")]
        wall, cpu, _ = run_child(command, env)
        result["translate_one_sentence_today"] = {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2)}
    print(json.dumps(result, ensure_ascii=False, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
