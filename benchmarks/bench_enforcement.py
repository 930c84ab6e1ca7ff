"""Cost of strict glossary enforcement against plain beam search, measured side by side.

On a random-weight model with the exact opus-mt-ar-en architecture (built once
and cached), the seed article is translated twice in one run: (a) the free pass
alone — transformers ``generate``, beam 4, length-sorted batches, per-sentence
output cap — and (b) strict mode with the seed glossary, same beam, batches and
cap: the free pass again, then the constraint-aware decoder for every sentence
whose English lacks a name.  Random weights never write a name, so (b) is the
worst case: every sentence with a name is decoded twice.  Random weights never
emit EOS either, so every sentence runs to its cap.

    .venv/bin/python benchmarks/bench_enforcement.py [--sentences N] [--batch-size 8]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEEDS = ROOT / "seeds"
ARTICLE = SEEDS / "000_33cab2cb41f507af.txt"
GLOSSARY = SEEDS / "000_33cab2cb41f507af.glossary.tsv"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "tarjama" / "bench"


def model_dir(size: str) -> Path:
    """The random model folder, built on first use."""
    from translator.bench.random_model import build_random_marian, seed_corpus

    out = CACHE / f"random-{size}"
    if not (out / "config.json").exists():
        print(f"building random {size} model in {out} ...", file=sys.stderr)
        source, target = seed_corpus(SEEDS)
        build_random_marian(out, source, target, size=size)
    return out


def sentences(limit: int | None) -> list[str]:
    text = ARTICLE.read_text("utf-8")
    try:
        from translator.segment import segment

        found = [s.text for s in segment(text)]
    except ImportError:
        found = [p for line in text.splitlines() for p in line.split(". ") if p.strip()]
    return found[:limit] if limit else found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--model", type=Path, help="model folder (default: cached random opus-mt-ar-en)"
    )
    parser.add_argument("--size", default="opus-mt-ar-en", choices=("opus-mt-ar-en", "tiny"))
    parser.add_argument("--sentences", type=int, default=None, help="first N sentences only")
    parser.add_argument("--beams", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=8)
    args = parser.parse_args(argv)

    import torch
    from transformers import MarianMTModel, MarianTokenizer

    from glossary.storage import load_glossary
    from translator.decoding.free_decoding import free_translate
    from translator.enforcement.enforce import Enforcer
    from translator.enforcement.terms import term_accuracy

    folder = args.model or model_dir(args.size)
    tokenizer = MarianTokenizer.from_pretrained(folder)
    model = MarianMTModel.from_pretrained(folder).eval()
    sources = sentences(args.sentences)
    glossary = load_glossary(GLOSSARY)

    def free(texts: list[str]) -> list[str]:
        return free_translate(
            model, tokenizer, texts, num_beams=args.beams, batch_size=args.batch_size
        )

    start = time.perf_counter()
    enforcer = Enforcer(glossary, tokenizer, mode="strict")
    enforcer.decoder(model.config.vocab_size)  # one-time vocabulary index, reused per run
    setup = time.perf_counter() - start

    with torch.inference_mode():
        start = time.perf_counter()
        plain = free(sources)
        t_free = time.perf_counter() - start
        start = time.perf_counter()
        strict = enforcer.translate(
            model, sources, free, num_beams=args.beams, batch_size=args.batch_size
        )
        t_strict = time.perf_counter() - start

    def tokens(texts: list[str]) -> int:
        return sum(len(tokenizer(text_target=t).input_ids) for t in texts)

    acc = term_accuracy(sources, [r.target for r in strict], enforcer.matcher, enforcer.finder)
    statuses = [t.status for r in strict for t in r.terms]
    print(f"model: {folder} ({model.num_parameters() / 1e6:.0f}M parameters), "
          f"{len(sources)} sentences, beam {args.beams}, batch {args.batch_size}, "
          f"torch threads {torch.get_num_threads()}")  # fmt: skip
    print(f"glossary index setup (once per glossary): {setup:.2f} s")
    print(f"without glossary: {t_free:.1f} s  ({tokens(plain)} output tokens)")
    strict_tokens = tokens([r.target for r in strict])
    counts = ", ".join(f"{statuses.count(s)} {s}" for s in ("ok", "enforced", "missing", "extra"))
    print(f"strict glossary:  {t_strict:.1f} s  ({strict_tokens} output tokens; "
          f"terms: {counts}; term accuracy {acc.accuracy:.3f}, extras {acc.extras})")  # fmt: skip
    print(f"ratio strict / free: {t_strict / t_free:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
