"""The two sides ``tarjama bench`` times, each run in its own process.

``python -m translator.bench.sides SIDE ...`` translates the seed sentences one way and
prints its JSON report as the last stdout line; progress goes to stderr as
``progress DONE TOTAL`` lines, which the command turns into a bar.  A process per side
keeps each side's peak RSS its own.

* baseline — transformers ``generate``, one sentence at a time, fp32;
* tarjama — ``Translator`` with its defaults (CTranslate2 int8 when available),
  optionally with a glossary in strict mode.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from translator.bench.seed import bench_sentences
from translator.decoding.lengths import output_token_cap

PROGRESS = "progress"  # stderr lines "progress DONE TOTAL" from a side to the command


def report_progress(done: int, total: int) -> None:
    """In a side's process: tell the command how far it is (one stderr line)."""
    print(f"{PROGRESS} {done} {total}", file=sys.stderr, flush=True)


def peak_rss_mb() -> float:
    """This process's peak resident memory.

    ``VmHWM`` first: ``ru_maxrss`` survives ``exec``, so a child started by a
    parent that once held a model would report the parent's peak.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run_baseline(model_dir: Path, sentences: list[str], beam: int) -> dict[str, Any]:
    """The model-card loop: one ``generate`` per sentence, fp32, beam ``beam``."""
    import torch
    from transformers import MarianMTModel, MarianTokenizer

    started = time.perf_counter()
    tokenizer = MarianTokenizer.from_pretrained(model_dir)
    model = MarianMTModel.from_pretrained(model_dir)
    loaded = time.perf_counter()
    specials = {tokenizer.eos_token_id, tokenizer.pad_token_id}
    tokens = 0
    report_progress(0, len(sentences))
    for done, text in enumerate(sentences, start=1):
        batch = tokenizer([text], return_tensors="pt")
        cap = output_token_cap(batch["input_ids"].shape[1])
        output = model.generate(**batch, num_beams=beam, max_new_tokens=cap)
        tokens += sum(1 for t in output[0, 1:].tolist() if t not in specials)
        report_progress(done, len(sentences))
    seconds = time.perf_counter() - loaded
    return {
        "tokens": tokens,
        "seconds": seconds,
        "load_seconds": loaded - started,
        "threads": torch.get_num_threads(),
    }


def run_tarjama(
    model_dir: Path, sentences: list[str], beam: int, glossary_path: str | None
) -> dict[str, Any]:
    """tarjama's default path (backend auto, int8), strict mode when a glossary is given."""
    # lazy: the engine loads torch, and `tarjama` imports this module at start-up
    from translator.engine import Translator

    glossary = None
    if glossary_path is not None:
        from glossary.storage import load_glossary  # lazy: only with --glossary

        glossary = load_glossary(glossary_path)
    started = time.perf_counter()
    translator = Translator.load(str(model_dir), "cpu", beam=beam, glossary=glossary)
    loaded = time.perf_counter()
    results = translator.translate(sentences, report_progress)
    seconds = time.perf_counter() - loaded
    report: dict[str, Any] = {
        "tokens": translator.output_tokens,
        "seconds": seconds,
        "load_seconds": loaded - started,
        "backend": translator.backend,
    }
    if glossary is not None:
        statuses = [t.status for r in results for t in r.terms]
        report["terms"] = {s: statuses.count(s) for s in ("ok", "enforced", "missing")}
        report["terms"]["found"] = len(statuses)
        fast = getattr(translator, "_prefix_glossary", None)
        report["torch_fallbacks"] = fast.fallbacks if fast is not None else None
    return report


def side_main(argv: list[str] | None = None) -> int:
    """One side, its JSON report as the last stdout line."""
    parser = argparse.ArgumentParser(prog="python -m translator.bench.sides")
    parser.add_argument("side", choices=("baseline", "tarjama"))
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--sentences", type=int, required=True)
    parser.add_argument("--beam", type=int, required=True)
    parser.add_argument("--glossary")
    args = parser.parse_args(argv)
    sentences = bench_sentences(args.sentences)
    if args.side == "baseline":
        report = run_baseline(args.model, sentences, args.beam)
    else:
        report = run_tarjama(args.model, sentences, args.beam, args.glossary)
    report["peak_rss_mb"] = round(peak_rss_mb(), 1)
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(side_main())
