"""Speed of finding names: ``tarjama names`` on an article, and its share of ``translate``.

    python benchmarks/bench_names_speed.py [--model tests/data/romanizer] [--rounds 5]
        [ARTICLE] [GLOSSARY]

1. ``tarjama names ARTICLE`` as a user runs it (a new process each time): the first
   call, then min and median of ``--rounds`` more, wall seconds and the CPU seconds the
   process used (on a shared, loaded machine the wall time is mostly waiting).
2. Inside one process, interleaved for ``--rounds`` rounds (CPU seconds): translating ARTICLE on the
   fast path (CTranslate2, ``Translator.translate_documents`` with GLOSSARY enforced) and
   finding its names (``attach_names``, what ``translate`` adds); the ratio
   names / translate, min and median.  The default model is the project's small trained
   test model, faster than opus-mt, so the ratio is an upper bound for a real model.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEED = ROOT / "seeds" / "000_33cab2cb41f507af.txt"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench_names_speed.py")
    parser.add_argument("article", nargs="?", type=Path, default=SEED)
    parser.add_argument("glossary", nargs="?", type=Path, default=SEED.with_suffix(".glossary.tsv"))
    parser.add_argument("--model", default=str(ROOT / "tests" / "data" / "romanizer"))
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "tui.cli", "names", str(args.article), "--no-memory"]
    walls, cpus = [], []
    for _ in range(args.rounds + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        began = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        walls.append(time.perf_counter() - began)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    print(f"# tarjama names {args.article.name}: {len(args.article.read_text().split())} words")
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(
        f"wall: first call {walls[0]:.2f} s; then min {min(walls[1:]):.2f} s, "
        f"median {statistics.median(walls[1:]):.2f} s ({args.rounds} runs)"
    )
    print(
        f"CPU (user+sys): first call {cpus[0]:.2f} s; then min {min(cpus[1:]):.2f} s, "
        f"median {statistics.median(cpus[1:]):.2f} s"
    )

    from glossary.storage import load_glossary
    from translator.engine import Translator
    from translator.names.in_translation import attach_names

    glossary = load_glossary(args.glossary)
    translator = Translator.load(args.model, "cpu", backend="ctranslate2", glossary=glossary)
    text = args.article.read_text(encoding="utf-8")
    sentences = translator.translate_documents([text])[0]  # warm-up
    attach_names(sentences, glossary)
    ratios, t_translate, t_names = [], [], []
    for _ in range(args.rounds):
        began = time.process_time()
        sentences = translator.translate_documents([text])[0]
        translated = time.process_time() - began
        began = time.thread_time()  # names run on this thread; CT2's workers may still spin
        attach_names(sentences, glossary)
        named = time.thread_time() - began
        t_translate.append(translated)
        t_names.append(named)
        ratios.append(named / translated)
    print(
        f"# translate on the fast path ({translator.backend}, {Path(args.model).name}); "
        "CPU seconds: translate of the whole process, names of the calling thread"
    )
    print(
        f"translate: min {min(t_translate):.2f} s, median {statistics.median(t_translate):.2f} s; "
        f"names: min {min(t_names):.3f} s, median {statistics.median(t_names):.3f} s; "
        f"names/translate: min {min(ratios):.1%}, median {statistics.median(ratios):.1%}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
