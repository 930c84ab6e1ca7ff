"""``tarjama bench``: tarjama's default path against the loop a user writes from the model card.

Both sides translate the same sentences of the seed article at the same beam
size, each in its own process (``translator.bench.sides``) so that peak RSS is
its own:

* baseline — transformers ``generate``, one sentence at a time, fp32;
* tarjama — ``Translator`` with its defaults (CTranslate2 int8 when available),
  optionally with a glossary in strict mode.

Random weights never emit EOS, so both sides get the same per-sentence length
cap (``output_token_cap``) and run every sentence to it; the token counts are
reported and compared, so the two rates are over the same amount of output.
Model loading is outside the timed part on both sides; the CTranslate2
conversion is done (and cached) before either side runs.

A run takes minutes, so each side reports its progress (a bar on a terminal, a
line per side otherwise), and a machine that is already busy (load average at
half the cores or more) is warned about before the first side: on a shared
machine only the two sides of one run can be compared.

Nothing is read from the repository: the sentences and the random model's training
text are package data (``translator.bench.seed``), so the command works from a wheel.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from translator.bench.random_model import build_random_marian, seed_corpus
from translator.bench.seed import SENTENCES, seed_folder
from translator.bench.sides import PROGRESS
from translator.decoding.ct2_backend import cache_root
from translator.errors import TranslatorError
from translator.model_loading import load_model, resolve_model_folder
from translator.progress_bar import progress_bar

# The folder holding the ``translator`` package (site-packages, or the checkout): each
# side runs there, so ``python -m translator.bench.sides`` is the package this one is.
PACKAGE_PARENT = Path(__file__).resolve().parents[2]
DEFAULT_SENTENCES = SENTENCES  # the seed article once
RANDOM_SIZE = "opus-mt-ar-en"
BUSY_SHARE = 0.5  # load average per core from which the machine is called busy


def busy_warning(cores: int | None = None) -> str | None:
    """A warning line when other work is already loading the machine, else None."""
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # no load average on this system
        return None
    cores = cores or os.cpu_count() or 1
    if load < BUSY_SHARE * cores:
        return None
    return (
        f"the machine looks busy (load average {load:.1f} on {cores} cores): absolute "
        "timings will be slow and noisy; compare the two sides of this run only"
    )


def random_model_dir() -> Path:
    """The random-weight opus-mt-ar-en-sized model, built once into the cache (atomically)."""
    out = cache_root() / "bench" / f"random-{RANDOM_SIZE}"
    if (out / "config.json").is_file():
        return out
    print(f"tarjama bench: building a random {RANDOM_SIZE} model in {out} (once)", file=sys.stderr)
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".random-", dir=out.parent))
    try:
        source, target = seed_corpus(seed_folder())
        build_random_marian(work / "model", source, target, size=RANDOM_SIZE)
        try:
            os.rename(work / "model", out)
        except OSError:
            if not (out / "config.json").is_file():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


# ---------------------------------------------------------------------- the command
def declare_arguments(bench: argparse.ArgumentParser, positive_int: Any) -> None:
    """The ``bench`` command's options (the command table, ``tui.cli.COMMANDS``, calls it)."""
    bench.add_argument("--model", metavar="DIR",
                       help="Marian model folder (default: a random-weight opus-mt-ar-en-sized "
                       "model, built once into the cache)")  # fmt: skip
    bench.add_argument("--sentences", type=positive_int, default=DEFAULT_SENTENCES, metavar="N",
                       help=f"sentences of the seed article, repeated as needed "
                       f"(default {DEFAULT_SENTENCES})")  # fmt: skip
    bench.add_argument("--beam", type=positive_int, default=4, metavar="N",
                       help="beam size for both sides (default 4)")  # fmt: skip
    bench.add_argument("--glossary", metavar="FILE",
                       help="run tarjama's side in strict mode with this glossary")  # fmt: skip
    bench.add_argument("--json", action="store_true",
                       help="end with one JSON object holding every figure")  # fmt: skip
    bench.set_defaults(func=run_bench)


SIDE_LABELS = {
    "baseline": "baseline (transformers, one sentence at a time)",
    "tarjama": "tarjama (default path)",
}


def _side(side: str, model_dir: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Run one side in its own process, showing its progress; its JSON report."""
    # Absolute paths: the side runs in PACKAGE_PARENT, not in the user's folder.
    command = [
        sys.executable, "-m", "translator.bench.sides", side, "--model",
        str(Path(model_dir).resolve()), "--sentences", str(args.sentences),
        "--beam", str(args.beam),
    ]  # fmt: skip
    if side == "tarjama" and args.glossary:
        command += ["--glossary", str(Path(args.glossary).resolve())]
    label = SIDE_LABELS[side]
    print(f"tarjama bench: running {label} on {args.sentences} sentences…", file=sys.stderr)
    other: list[str] = []
    with progress_bar(label, True) as update:
        child = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=PACKAGE_PARENT,
        )
        assert child.stderr is not None and child.stdout is not None
        for line in child.stderr:
            parts = line.split()
            if len(parts) == 3 and parts[0] == PROGRESS:
                update(int(parts[1]), int(parts[2]))
            else:
                other.append(line.rstrip("\n"))
        output = child.stdout.read()
        child.wait()
    lines = output.strip().splitlines()
    if child.returncode != 0 or not lines:
        detail = ([x for x in other if x.strip()] or ["no output"])[-1]
        raise TranslatorError(f"the {side} side of the benchmark failed: {detail}")
    for line in other:
        if "warning" in line:
            print(line, file=sys.stderr)
    return json.loads(lines[-1])


def _prepare(model_dir: Path) -> None:
    """Convert (and cache) the model first, so the timed side loads it like later runs do."""
    load_model(str(model_dir), "cpu")


def run_bench(args: argparse.Namespace) -> int:
    if args.glossary is not None and not Path(args.glossary).is_file():
        raise TranslatorError(f"glossary {args.glossary!r} does not exist")
    model_dir = random_model_dir() if args.model is None else resolve_model_folder(args.model)
    print("tarjama bench: preparing the model (converted once, then cached)…", file=sys.stderr)
    _prepare(model_dir)
    busy = busy_warning()
    if busy is not None:
        print(f"tarjama: warning: {busy}", file=sys.stderr)
    baseline = _side("baseline", model_dir, args)
    tarjama = _side("tarjama", model_dir, args)
    base_rate = baseline["tokens"] / baseline["seconds"]
    rate = tarjama["tokens"] / tarjama["seconds"]
    result: dict[str, Any] = {
        "model": str(model_dir),
        "sentences": args.sentences,
        "beam": args.beam,
        "glossary": args.glossary,
        "backend": tarjama["backend"],
        "baseline_tokens": baseline["tokens"],
        "tarjama_tokens": tarjama["tokens"],
        "tokens_equal": baseline["tokens"] == tarjama["tokens"],
        "baseline_seconds": round(baseline["seconds"], 2),
        "tarjama_seconds": round(tarjama["seconds"], 2),
        "baseline_tokens_per_s": round(base_rate, 1),
        "tarjama_tokens_per_s": round(rate, 1),
        "speedup": round(rate / base_rate, 2),
        "peak_rss_mb": tarjama["peak_rss_mb"],
        "baseline_peak_rss_mb": baseline["peak_rss_mb"],
        "baseline_threads": baseline["threads"],
        "machine_busy": busy is not None,
    }
    for key in ("terms", "torch_fallbacks"):
        if key in tarjama:
            result[key] = tarjama[key]
    mode = f", strict glossary {args.glossary}" if args.glossary else ""
    print(f"model {model_dir}, {args.sentences} sentences, beam {args.beam}{mode}")
    print(f"baseline (transformers generate, one sentence at a time, fp32): "
          f"{base_rate:.1f} tokens/s ({baseline['tokens']} tokens in {baseline['seconds']:.1f} s), "
          f"peak RSS {baseline['peak_rss_mb']:.0f} MB")  # fmt: skip
    print(f"tarjama ({tarjama['backend']}): {rate:.1f} tokens/s "
          f"({tarjama['tokens']} tokens in {tarjama['seconds']:.1f} s), "
          f"peak RSS {tarjama['peak_rss_mb']:.0f} MB")  # fmt: skip
    if "terms" in tarjama:
        print(f"glossary terms: {tarjama['terms']}")
    if not result["tokens_equal"]:
        print("note: the two sides produced different token counts; rates are per token",
              file=sys.stderr)  # fmt: skip
    print(f"speedup: {result['speedup']:.2f}x")
    if args.json:
        print(json.dumps(result))
    return 0
