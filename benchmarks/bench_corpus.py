"""Corpus throughput: single-file runs in a loop, one folder run, and the Ray engine.

A corpus of small news items is cut from the seed article (one to three
paragraphs each, fixed seed), and translated in one run of this script, every
side through the real ``tarjama`` command in its own process, start-up included
(that is what a user waits for):

* loop   — ``tarjama translate FILE -o OUT/FILE`` once per file (a model load each);
* folder — ``tarjama translate DIR -o OUT`` (one model load);
* ray    — the same with ``--engine ray --actors 2`` on a local Ray started for it.

The outputs of the three sides are compared byte for byte.  The script then
kills a folder run with SIGKILL once about half the files are recorded, runs it
again, and counts the files translated twice.  Random weights never stop, so
every sentence runs to its length cap on every side: the outputs are identical
and so are their lengths.

    .venv/bin/python benchmarks/bench_corpus.py [--files 300] [--loop-files 300]
        [--model tiny|opus] [--repeats N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translator.manifest import MANIFEST_NAME, Manifest  # noqa: E402
from translator.segment import segment  # noqa: E402

ARTICLE = ROOT / "seeds" / "000_33cab2cb41f507af.txt"
TARJAMA = str(Path(sys.executable).parent / "tarjama")


def model_dir(kind: str) -> Path:
    """The random tiny model (built into the cache once), or the opus-sized one."""
    if kind == "opus":
        from translator.bench.command import random_model_dir

        return random_model_dir()
    from translator.bench.random_model import build_random_marian, seed_corpus
    from translator.decoding.ct2_backend import cache_root

    out = cache_root() / "bench" / "random-tiny"
    if not (out / "config.json").is_file():
        source, target = seed_corpus(ROOT / "seeds")
        work = Path(tempfile.mkdtemp(prefix=".random-", dir=out.parent))
        build_random_marian(work / "model", source, target, size="tiny")
        os.rename(work / "model", out)
        shutil.rmtree(work, ignore_errors=True)
    return out


def make_corpus(folder: Path, files: int) -> int:
    """``files`` items of one to three seed paragraphs, in ten folders; their sentence count."""
    paragraphs = [p for p in ARTICLE.read_text("utf-8").split("\n") if p.strip()]
    rng = random.Random(12)
    sentences = 0
    for i in range(files):
        count = rng.randint(1, 3)
        start = rng.randrange(len(paragraphs) - count + 1)
        text = "\n\n".join(paragraphs[start : start + count]) + "\n"
        path = folder / f"desk{i % 10}" / f"item{i:04d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        sentences += len(segment(text))
    return sentences


def run(args: list[str]) -> float:
    started = time.perf_counter()
    result = subprocess.run([TARJAMA, "translate", *args, "-q"], capture_output=True)
    if result.returncode != 0:
        raise SystemExit(f"tarjama {' '.join(args)} failed:\n{result.stderr.decode()}")
    return time.perf_counter() - started


def outputs(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*.txt")
        if p.name != MANIFEST_NAME
    }


def kill_and_resume(corpus: Path, out: Path, model: list[str], files: int) -> dict[str, int]:
    """SIGKILL a folder run once half its files are recorded; rerun; count the redone files."""
    manifest = out / MANIFEST_NAME
    command = [TARJAMA, "translate", str(corpus), "-o", str(out), "-q", *model]
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    while process.poll() is None:
        if manifest.exists() and manifest.read_bytes().count(b"\n") >= files // 2:
            break
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    before = Manifest(out)
    done = {r["output"] for r in before.records if r["status"] == "done"}
    subprocess.run(command, check=True, capture_output=True)
    after = Manifest(out).records[len(before.records) :]
    redone = [r["output"] for r in after if r["status"] == "done"]
    return {
        "recorded_before_kill": len(done),
        "translated_by_rerun": len(redone),
        "translated_twice": len(set(redone) & done),
        "files_total": files,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument(
        "--loop-files", type=int, default=None, help="time the loop on the first N files only"
    )
    parser.add_argument("--model", choices=("tiny", "opus"), default="tiny")
    parser.add_argument(
        "--repeats",
        type=int,
        default=1,
        help="run folder and ray this many times, alternately, and keep each side's best "
        "(other work on a shared machine only ever slows a run down)",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="bench-corpus-"))
    try:
        corpus = work / "corpus"
        sentences = make_corpus(corpus, args.files)
        # --no-memory: the figures must not depend on a translation memory of this machine.
        model = ["--model", str(model_dir(args.model)), "--no-memory"]
        names = sorted(p.relative_to(corpus).as_posix() for p in corpus.rglob("*.txt"))
        loop_names = names[: args.loop_files or len(names)]
        loop_sentences = sum(len(segment((corpus / n).read_text("utf-8"))) for n in loop_names)
        run([str(corpus / names[0]), "-o", str(work / "warm.txt"), *model])  # convert, cache

        seconds = {"loop": 0.0}
        for name in loop_names:
            (work / "loop" / name).parent.mkdir(parents=True, exist_ok=True)
            seconds["loop"] += run([str(corpus / name), "-o", str(work / "loop" / name), *model])
        tries: dict[str, list[float]] = {"folder": [], "ray": []}
        for _ in range(args.repeats):
            for side, extra in (("folder", []), ("ray", ["--engine", "ray", "--actors", "2"])):
                shutil.rmtree(work / side, ignore_errors=True)  # a fresh OUTDIR: no skips
                tries[side].append(run([str(corpus), "-o", str(work / side), *extra, *model]))
        seconds["folder"], seconds["ray"] = min(tries["folder"]), min(tries["ray"])
        folder, ray, loop = outputs(work / "folder"), outputs(work / "ray"), outputs(work / "loop")
        identical = {
            "ray_equals_folder": ray == folder,
            "loop_equals_folder": all(loop[n] == folder[n] for n in loop_names),
        }
        kill = kill_and_resume(corpus, work / "killed", model, args.files)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    counts = {"loop": (len(loop_names), loop_sentences)}
    counts["folder"] = counts["ray"] = (args.files, sentences)
    rows = {
        side: {
            "files": counts[side][0],
            "sentences": counts[side][1],
            "seconds": round(seconds[side], 2),
            "files_per_s": round(counts[side][0] / seconds[side], 3),
            "sentences_per_s": round(counts[side][1] / seconds[side], 3),
        }
        for side in ("loop", "folder", "ray")
    }
    report = {
        "model": args.model,
        "sides": rows,
        "folder_speedup_over_loop": round(
            rows["folder"]["files_per_s"] / rows["loop"]["files_per_s"], 2
        ),
        "ray_time_over_folder": round(rows["ray"]["seconds"] / rows["folder"]["seconds"], 2),
        "tries_seconds": {side: [round(t, 2) for t in times] for side, times in tries.items()},
        **identical,
        "kill": kill,
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"model: random {args.model}; corpus: {args.files} files, {sentences} sentences")
    for side, row in rows.items():
        print(
            f"{side:7} {row['files']:4} files {row['sentences']:5} sentences "
            f"{row['seconds']:8.1f} s  {row['files_per_s']:7.2f} files/s "
            f"{row['sentences_per_s']:7.2f} sentences/s"
        )
    print(
        f"folder / loop: {report['folder_speedup_over_loop']}x files/s; "
        f"ray / folder: {report['ray_time_over_folder']}x time; identical: {identical}"
    )
    print(f"kill -9 halfway, then rerun: {kill}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
