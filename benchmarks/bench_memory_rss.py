"""Peak RSS of ``tarjama translate`` on 1, 5 and 20 MB inputs, and of the 100 MB imports.

Usage (from the repository root, with the package importable)::

    python benchmarks/bench_memory_rss.py --work /tmp/rss \\
        --model tiny=/tmp/models/tiny --model opus=/tmp/models/opus \\
        --sizes 1 5 20 --window 120 [--checkout /path/to/other/tree] [--imports 100]

Models are random-weight ones built by ``python -m translator.bench.random_model DIR --size
tiny`` and ``--size opus-mt-ar-en`` (the released opus-mt-ar-en's shape and
vocabulary size, random weights: the same memory and roughly the same speed as
the real model, which no machine here can download).

Inputs are made from the seed article's paragraphs (``seeds/``), repeated in a
seeded random order with two neighbouring words swapped, up to the size asked.
Each ``translate`` runs as its own process (``-o FILE``, no glossary unless
``--glossary``) and its RSS, children included, is sampled with psutil every
``--every`` seconds.  A run that would take longer than ``--window`` seconds (20 MB
on the opus-sized model takes hours on two shared cores) is stopped there with
SIGINT: the table then gives the peak over the window, the RSS at a third of the
window and at its end, the slope (least squares over the last two thirds, MB
per minute) and the sentences done, read from the progress lines.  Flat memory
shows as a slope near 0 and the same peak for every size.

``--pipeline`` measures instead everything but the decoder (reading, segmenting,
tokenizing, records, output; a stand-in decoder answers at once), streamed against
the whole-file path, one fresh process per size: the part of the memory that
depends on the input's size, in minutes rather than hours.

``--checkout DIR`` runs another tree (e.g. the main branch) with the same inputs, side
by side, so a before/after comparison is one command.  ``--imports MB`` also builds an
MB-sized XLIFF of a review project and an MB-sized TMX and measures ``tarjama
import-xliff`` and ``tarjama tm import`` on them.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_33cab2cb41f507af.txt"
TMX_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
    '<header creationtool="bench" creationtoolversion="1" segtype="sentence" '
    'o-tmf="none" adminlang="en" srclang="ar" datatype="plaintext"/>\n<body>\n'
)
PROGRESS = re.compile(r": (\d+)/(\d+) sentences")


def make_input(path: Path, megabytes: float, seed: int = 1) -> Path:
    """Seed paragraphs in a seeded random order, each with two words swapped, to ``megabytes``."""
    if path.exists() and path.stat().st_size >= megabytes * 1_000_000:
        return path
    paras = [p for p in SEED.read_text("utf-8").splitlines() if p.strip()]
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    written = 0
    with path.open("w", encoding="utf-8") as out:
        while written < target:
            words = rng.choice(paras).split(" ")
            if len(words) > 6:
                i = rng.randrange(len(words) - 1)
                words[i], words[i + 1] = words[i + 1], words[i]
            line = " ".join(words) + "\n\n"
            out.write(line)
            written += len(line.encode("utf-8"))
    return path


@dataclass
class Measure:
    peak_mb: float
    third_mb: float
    end_mb: float
    slope_mb_min: float
    seconds: float
    finished: bool
    done: str  # "sentences done/total" from the last progress line, or ""
    returncode: int | None


def rss_tree(process: psutil.Process) -> int:
    total = 0
    for proc in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += proc.memory_info().rss
    return total


def measure(
    command: list[str],
    env: dict[str, str],
    window: float,
    every: float,
    *,
    from_progress: bool = False,
    cap: float | None = None,
) -> Measure:
    """Run ``command``, sampling RSS; SIGINT it ``window`` seconds in.

    ``from_progress``: the window starts at the first progress line (the scan and
    the model load done), but never later than ``cap`` seconds after the start.
    """
    started = time.monotonic()
    log_path = Path(env["BENCH_LOG"])
    window_from = None if from_progress else started
    with log_path.open("w") as log:
        child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log)
        process = psutil.Process(child.pid)
        samples: list[tuple[float, float]] = []
        stopped = False
        while child.poll() is None:
            clock = time.monotonic()
            with contextlib.suppress(psutil.Error):
                rss = rss_tree(process) / 2**20
                if rss > 0:
                    samples.append((clock - started, rss))
            if window_from is None and (
                PROGRESS.search(log_path.read_text(errors="replace"))
                or (cap is not None and clock - started >= cap)
            ):
                window_from = clock
            if window_from is not None and clock - window_from >= window and not stopped:
                child.send_signal(signal.SIGINT)
                stopped = True
            time.sleep(every)
        child.wait()
    seconds = time.monotonic() - started
    text = log_path.read_text(errors="replace")
    found = PROGRESS.findall(text)
    done = f"{found[-1][0]}/{found[-1][1]}" if found else ""
    if not samples:
        samples = [(0.0, 0.0)]
    begin = (window_from - started) if window_from is not None else 0.0
    peak = max(mb for _, mb in samples)
    third = min(samples, key=lambda s: abs(s[0] - (begin + (seconds - begin) / 3)))[1]
    tail = [(t, mb) for t, mb in samples if t >= begin + (seconds - begin) / 3]
    slope = 0.0
    if len(tail) >= 2:
        mt = sum(t for t, _ in tail) / len(tail)
        mm = sum(mb for _, mb in tail) / len(tail)
        den = sum((t - mt) ** 2 for t, _ in tail)
        slope = 60 * sum((t - mt) * (mb - mm) for t, mb in tail) / den if den else 0.0
    return Measure(peak, third, samples[-1][1], slope, seconds, not stopped, done, child.returncode)


def tarjama(checkout: Path) -> tuple[list[str], dict[str, str]]:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    return ["nice", "-n", "10", sys.executable, "-m", "tui.cli"], env


def warm_up(model: str, work: Path) -> None:
    """Convert the model for CTranslate2 once (cached), so no run measures the converter."""
    one = work / "warm_up.txt"
    one.write_text("قال بوتين إن موسكو مستعدة.\n", "utf-8")
    base, env = tarjama(ROOT)
    subprocess.run([*base, "translate", str(one), "--model", model, "-q"], env=env,
                   stdout=subprocess.DEVNULL, check=True)  # fmt: skip


def bench_translate(args: argparse.Namespace) -> None:
    checkouts = [] if args.only_checkout else [("this tree", ROOT)]
    checkouts += [("checkout", args.checkout)] if args.checkout else []
    for spec in args.model if args.warm_up else []:
        warm_up(spec.split("=", 1)[1], args.work)
    walls: dict[tuple[str, float], float] = {}
    print(flush=True)
    print("| tree | model | input | peak RSS MB | RSS at 1/3 MB | RSS at end MB | slope MB/min "
          "| seconds | sentences done | finished |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|")
    for label, tree in checkouts:
        for spec in args.model:
            name, model = spec.split("=", 1)
            for size in args.sizes if tree == ROOT else args.checkout_sizes:
                source = make_input(args.work / f"input_{size:g}MB.txt", size)
                out = args.work / f"out_{name}_{size:g}.txt"
                for leftover in args.work.glob(f"{out.name}*"):
                    leftover.unlink()
                base, env = tarjama(tree)
                env["BENCH_LOG"] = str(args.work / f"log_{name}_{size:g}.txt")
                command = [*base, "translate", str(source), "--model", model, "-o", str(out)]
                if tree == ROOT:  # an older tree has no --progress-every (nor lines off a TTY)
                    command += ["--progress-every", "5"]
                if args.glossary:
                    command += ["--glossary", str(args.glossary)]
                if tree == ROOT:
                    m = measure(command, env, args.window, args.every, from_progress=True,
                                cap=args.window * 10)  # fmt: skip
                    walls[(name, size)] = m.seconds
                else:  # no progress lines to start the window from: the same wall time
                    wall = walls.get((name, size), args.window)
                    m = measure(command, env, wall, args.every)
                print(
                    f"| {label} | {name} | {size:g} MB | {m.peak_mb:.0f} | {m.third_mb:.0f} | "
                    f"{m.end_mb:.0f} | {m.slope_mb_min:+.1f} | {m.seconds:.0f} | {m.done} | "
                    f"{'yes' if m.finished else 'no (SIGINT at window)'} |",
                    flush=True,
                )


def make_xliff_project(work: Path, megabytes: float) -> tuple[Path, Path]:
    """An Arabic file, its review project (machine English) and its XLIFF of about ``megabytes``."""
    import hashlib

    from translator.engine import SentenceTranslation, _blocks
    from translator.output_formats import stream_writer
    from translator.source_text import iter_paragraphs
    from tui.project import new_project, save_project

    source = work / "import_source.txt"
    xliff = work / "import.xlf"
    if xliff.exists() and xliff.stat().st_size >= megabytes * 1_000_000:
        return xliff, source
    arabic_mb = megabytes / 4.3  # a unit carries the Arabic twice plus metadata: 4.3 x
    make_input(source, arabic_mb, seed=2)
    text = source.read_text("utf-8")
    project = new_project(source, text, glossary_path=None, model_id="bench")
    for i, seg in enumerate(project.segments):
        seg.machine = seg.target = f"English sentence number {i} of the benchmark."
        seg.status = "machine"
    save_project(project)
    writer = stream_writer("xliff", False, name=str(source), model="bench",
                           sha256=hashlib.sha256(text.encode()).hexdigest())  # fmt: skip
    index = 0
    with xliff.open("w", encoding="utf-8") as out:
        out.write(writer.begin())
        for paras, sentences, ends in _blocks(iter_paragraphs([text]), 256):
            done = []
            for s in sentences:
                english = f"English sentence number {index} of the benchmark."
                done.append(SentenceTranslation(s.text, english, [], [], [], s.paragraph,
                                                index, s.start, s.end))  # fmt: skip
                index += 1
            from translator.engine import Block

            out.write(writer.block(Block(paras, done, ends)))
        out.write(writer.end())
    return xliff, source


def make_tmx(work: Path, megabytes: float) -> Path:
    from xml.sax.saxutils import escape

    path = work / "import.tmx"
    if path.exists() and path.stat().st_size >= megabytes * 1_000_000:
        return path
    from translator.segment import segment

    sentences = [s.text for s in segment(SEED.read_text("utf-8"))]
    target = megabytes * 1_000_000
    with path.open("w", encoding="utf-8") as out:
        out.write(TMX_HEAD)
        n = 0
        while out.tell() < target:
            ar = escape(f"{sentences[n % len(sentences)]} ({n})")
            en = escape(f"English sentence {n}.")
            out.write(f'<tu><tuv xml:lang="ar"><seg>{ar}</seg></tuv>'
                      f'<tuv xml:lang="en"><seg>{en}</seg></tuv></tu>\n')  # fmt: skip
            n += 1
        out.write("</body>\n</tmx>\n")
    return path


def bench_imports(args: argparse.Namespace) -> None:
    xliff, _source = make_xliff_project(args.work, args.imports)
    tmx = make_tmx(args.work, args.imports)
    base, env = tarjama(ROOT)
    memory = args.work / "import-memory.sqlite3"
    for leftover in args.work.glob("import-memory.sqlite3*"):
        leftover.unlink()
    runs = [
        ("import-xliff", [*base, "import-xliff", str(xliff), "--no-memory"], xliff),
        ("tm import", [*base, "tm", "import", str(tmx), "--memory", str(memory)], tmx),
    ]
    print("| command | file MB | peak RSS MB | RSS at end MB | seconds | exit |")
    print("|---|---|---|---|---|---|")
    for name, command, file in runs:
        env["BENCH_LOG"] = str(args.work / f"log_{name.replace(' ', '_')}.txt")
        m = measure(command, env, args.import_window, args.every)
        status = m.returncode if m.finished else "stopped at window"
        print(f"| {name} | {file.stat().st_size / 1e6:.0f} | {m.peak_mb:.0f} | {m.end_mb:.0f} "
              f"| {m.seconds:.0f} | {status} |", flush=True)  # fmt: skip


def pipeline_child(path: str, model: str, way: str) -> int:
    """One run of everything but the decoder (``--pipeline``): prints peak RSS in MB.

    The model's tokenizer is real (units are counted with it), its decoding is
    replaced by a stand-in that returns at once, so the figure is what the
    input, segmenting, blocks, records and output cost, without hours of decoding.
    """
    import resource

    from translator.engine import Translation, Translator
    from translator.model_loading import load_model

    class NoDecoder(Translator):
        def _translate_units(self, texts, advance, reqs):  # type: ignore[no-untyped-def]
            advance(len(texts))
            return [Translation(t, f"English of {len(t)} letters.") for t in texts]

    translator = NoDecoder(load_model(model, "cpu", "auto", "int8"), beam=1)
    out = Path(path + f".{way}.out")
    if way == "stream":
        from translator.resumable import PartialFile, run_document
        from translator.source_text import iter_paragraphs, read_chunks, scan_source

        scan = scan_source(read_chunks(path))
        from translator.output_formats import stream_writer

        sink = PartialFile(str(out), {"input_sha256": scan.sha256})
        sink.resume()
        run_document(translator, iter_paragraphs(read_chunks(path)), stream_writer("jsonl", False),
                     sink)  # fmt: skip
    else:  # the whole-file path used before streaming: all sentences, then one string
        from glossary.atomic import write_text_atomic
        from translator.output_formats import render

        text = Path(path).read_text("utf-8")
        sentences = translator.translate_documents([text])[0]
        write_text_atomic(out, render("jsonl", text, sentences, False))
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
    return 0


def bench_pipeline(args: argparse.Namespace) -> None:
    """Peak RSS of the non-decoder pipeline, streamed and whole-file, per input size."""
    print(flush=True)
    print("| input | sentences | streamed peak RSS MB | whole-file peak RSS MB |")
    print("|---|---|---|---|")
    model = args.model[0].split("=", 1)[1]
    for size in args.sizes:
        source = make_input(args.work / f"input_{size:g}MB.txt", size)
        peaks = []
        for way in ("stream", "whole"):
            done = subprocess.run(
                [sys.executable, __file__, "--pipeline-child", str(source), model, way],
                capture_output=True, text=True, check=True,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )  # fmt: skip
            peaks.append(done.stdout.strip().splitlines()[-1])
        from translator.segment import segment

        count = sum(len(segment(line)) for line in source.open(encoding="utf-8") if line.strip())
        print(f"| {size:g} MB | {count} | {peaks[0]} | {peaks[1]} |", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, required=True, help="folder for inputs and outputs")
    parser.add_argument("--model", action="append", default=[], metavar="NAME=DIR")
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 5, 20], metavar="MB")
    parser.add_argument("--window", type=float, default=120, help="seconds per translate run")
    parser.add_argument("--every", type=float, default=0.5, help="seconds between RSS samples")
    parser.add_argument("--glossary", type=Path, help="enforce this glossary (strict)")
    parser.add_argument("--checkout", type=Path, help="also run this tree (before/after)")
    parser.add_argument("--checkout-sizes", type=float, nargs="+", default=[5], metavar="MB")
    parser.add_argument("--only-checkout", action="store_true", help="skip this tree's runs")
    parser.add_argument(
        "--no-warm-up", dest="warm_up", action="store_false", help="the model is converted already"
    )
    parser.add_argument("--imports", type=float, metavar="MB", help="also measure the imports")
    parser.add_argument("--import-window", type=float, default=900)
    parser.add_argument(
        "--pipeline", action="store_true",
        help="instead: everything but the decoder, streamed against whole-file (first --model)",
    )  # fmt: skip
    if len(sys.argv) == 5 and sys.argv[1] == "--pipeline-child":
        return pipeline_child(*sys.argv[2:])
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.pipeline:
        bench_pipeline(args)
    elif args.model:
        bench_translate(args)
    if args.imports:
        bench_imports(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
