"""The review's first full translation against ``tarjama translate``, side by side in one run.

Both sides translate the whole seed article (34 sentences) with the same model,
beam and glossary (strict, the seed glossary), each in its own process:

* translate — what ``tarjama translate`` runs: ``Translator.load`` (backend
  auto: CTranslate2 int8) and ``translate_document``;
* review — the real review app, headless (Textual ``App.run_test``), on a
  fresh copy of the article: from the moment its worker has the model loaded
  until the last row is filled in, all through its queue, chunks and
  messages.

The model is the random-weight one with the exact opus-mt-ar-en architecture
(``tarjama bench``'s, built once into the cache); its CTranslate2 conversion is
made before either side runs.  Random weights never stop on their own, so every
sentence decodes to the same length cap on both sides; the output token counts
are printed so the two sides can be seen to do the same work.  Model loading
is reported but not in the ratio (it is the same call on both sides).  Both
wall-clock and CPU time (all threads of the side's process) are compared: on
a shared machine the wall clock moves with everyone else's load, CPU time much
less, though it does not see a core left idle.

    .venv/bin/python benchmarks/bench_review.py [--rounds 2] [--beam 4] [--no-glossary]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEEDS = ROOT / "seeds"
ARTICLE = SEEDS / "000_33cab2cb41f507af.txt"
GLOSSARY = SEEDS / "000_33cab2cb41f507af.glossary.tsv"


def side_translate(model: str, beam: int, glossary: str | None) -> dict:
    from glossary.storage import load_glossary
    from translator.engine import Translator

    started = time.perf_counter()
    names = load_glossary(glossary) if glossary else None
    translator = Translator.load(model, "cpu", beam=beam, glossary=names)
    loaded, loaded_cpu = time.perf_counter(), time.process_time()
    sentences = translator.translate_document(ARTICLE.read_text("utf-8"))
    done, done_cpu = time.perf_counter(), time.process_time()
    statuses = [t.status for s in sentences for t in s.terms]
    return {
        "backend": translator.backend,
        "segments": len(sentences),
        "tokens": translator.output_tokens,
        "load_seconds": loaded - started,
        "seconds": done - loaded,
        "cpu_seconds": done_cpu - loaded_cpu,
        "terms": {s: statuses.count(s) for s in sorted(set(statuses))},
    }


async def _review(model: str, beam: int, glossary: str | None) -> dict:
    from tui.app import ReviewApp
    from tui.opening import open_review

    work = Path(tempfile.mkdtemp(prefix="bench-review-"))
    try:
        story = work / ARTICLE.name
        shutil.copyfile(ARTICLE, story)
        started = time.perf_counter()
        app = ReviewApp(open_review(str(story), glossary, model), device="cpu", beam=beam)
        async with app.run_test(size=(140, 45)) as pilot:
            while app.project.pending():
                # a plain sleep, not pilot.pause(): that one posts a callback to every
                # widget on screen and would charge the harness's polling to the review
                await asyncio.sleep(0.05)
            done, done_cpu = time.perf_counter(), time.process_time()
            statuses = [t["status"] for s in app.project.segments for t in s.terms]
            loaded_at = app.queue.loaded_at or started
            report = {
                "backend": app.queue.loaded_backend,
                "segments": len(app.project.segments),
                "tokens": app.queue.output_tokens,
                "load_seconds": loaded_at - started,
                "seconds": done - loaded_at,
                "cpu_seconds": done_cpu - (app.queue.loaded_cpu or 0.0),
                "terms": {s: statuses.count(s) for s in sorted(set(statuses))},
            }
            await pilot.press("ctrl+q")
        return report
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run_side(side: str, model: str, beam: int, glossary: str | None) -> dict:
    command = [sys.executable, __file__, "--side", side, "--model", model, "--beam", str(beam)]
    if glossary:
        command += ["--glossary", glossary]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        sys.exit(f"the {side} side failed:\n{done.stderr[-2000:]}")
    return json.loads(lines[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1, help="translate/review pairs to run")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--no-glossary", action="store_true", help="no glossary on either side")
    parser.add_argument("--model", help="model folder (default: the random opus-mt-sized one)")
    parser.add_argument("--side", choices=("translate", "review"), help=argparse.SUPPRESS)
    parser.add_argument("--glossary", help=argparse.SUPPRESS)  # a side's glossary
    args = parser.parse_args()
    if args.side is not None:  # one side, in its own process, with the glossary it was given
        glossary = args.glossary
        if args.side == "translate":
            report = side_translate(args.model, args.beam, glossary)
        else:
            report = asyncio.run(_review(args.model, args.beam, glossary))
        print(json.dumps(report))
        return 0

    from translator.bench.command import random_model_dir
    from translator.model_loading import load_model

    glossary = None if args.no_glossary else str(GLOSSARY)
    model = args.model or str(random_model_dir())
    load_model(model, "cpu")  # convert (and cache) before timing either side
    load = os.getloadavg()[0]
    print(f"model {model}, beam {args.beam}, glossary {glossary or 'none'}")
    print(f"load average {load:.1f} on {os.cpu_count()} CPUs before the run")
    for number in range(1, args.rounds + 1):
        batch = run_side("translate", model, args.beam, glossary)
        review = run_side("review", model, args.beam, glossary)
        ratio = review["seconds"] / batch["seconds"]
        cpu_ratio = review["cpu_seconds"] / batch["cpu_seconds"]
        for name, r in (("translate", batch), ("review", review)):
            print(
                f"round {number} {name:9}: {r['segments']} segments, {r['tokens']} tokens in "
                f"{r['seconds']:.1f} s, CPU {r['cpu_seconds']:.1f} s (model load "
                f"{r['load_seconds']:.1f} s, {r['backend']}), terms {r['terms']}"
            )
        print(
            f"round {number} review / translate: {ratio:.2f}x wall clock, {cpu_ratio:.2f}x CPU "
            f"(load average now {os.getloadavg()[0]:.1f})"
        )
        report = {"round": number, "translate": batch, "review": review}
        print(json.dumps({**report, "ratio": ratio, "cpu_ratio": cpu_ratio}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
