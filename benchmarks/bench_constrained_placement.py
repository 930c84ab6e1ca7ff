"""Where the PyTorch constrained decoder puts forced names, and what it does around them.

For every sentence of the seed article (held out from the trained test model) the
constrained decoder writes the English with the seed glossary's names, and the plain
transformers beam search writes it freely.  Reported:

* name placement: for each name, the distance between its position in the English
  and the position of its Arabic in the source, both as a share of the sentence
  length (0 = same relative place), and the share of names in the last quarter of
  their English against the share of their Arabic in the last quarter of the source;
* on the trained romanization model (``--trained``), where the right English is known
  word for word: the distance in words between each name and its place in the
  names-substituted reference, chrF of the strict output against that reference next
  to chrF of the free output against the plain romanization, the share of sentences
  with names written exactly as the reference, and whether sentences without names
  are byte-identical to free decoding;
* time of the constrained decoder against free decoding of the same sentences.

    .venv/bin/python benchmarks/bench_constrained_placement.py --trained
    .venv/bin/python benchmarks/bench_constrained_placement.py --random tiny
    .venv/bin/python benchmarks/bench_constrained_placement.py --model DIR [--show 5]
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEEDS = ROOT / "seeds"
ARTICLE = SEEDS / "000_33cab2cb41f507af.txt"
GLOSSARY = SEEDS / "000_33cab2cb41f507af.glossary.tsv"
_WORD = re.compile(r"\S+")


def _words_before(text: str, char: int) -> int:
    return sum(1 for m in _WORD.finditer(text) if m.start() < char)


def _words(text: str) -> int:
    return max(1, len(_WORD.findall(text)))


def _model_folder(args: argparse.Namespace) -> Path:
    if args.model:
        return args.model
    if args.trained:
        from tests.support.trained_model import CHECKPOINT

        return CHECKPOINT
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_enforcement import model_dir

    return model_dir(args.random)


def _placements(
    source: str, english: str, matches: list[Any], finder: Any, reference: str | None
) -> list[tuple[float, bool, bool, int | None]]:
    """Per name: relative distance, English in the last quarter, Arabic in the last quarter,
    and (with a reference) the distance in words from the reference's place."""
    found = finder.find(english)
    ref_found = finder.find(reference) if reference is not None else []
    out = []
    seen: dict[str, int] = {}
    for match in matches:
        index = seen.get(match.target, 0)
        seen[match.target] = index + 1
        mine = [start for start, _, t in found if t == match.target]
        if index >= len(mine):
            continue  # not written: counted by term accuracy, not here
        en = _words_before(english, mine[index]) / _words(english)
        ar = _words_before(source, match.start) / _words(source)
        words = None
        refs = [start for start, _, t in ref_found if t == match.target]
        if index < len(refs):
            assert reference is not None
            words = abs(_words_before(english, mine[index]) - _words_before(reference, refs[index]))
        out.append((abs(en - ar), en >= 0.75, ar >= 0.75, words))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--model", type=Path, help="a model folder")
    which.add_argument("--trained", action="store_true", help="the trained romanization model")
    which.add_argument("--random", default="tiny", choices=("tiny", "opus-mt-ar-en"))
    parser.add_argument(
        "--glossary", type=Path, help="default: the trained model's names.tsv, else the seeds'"
    )
    parser.add_argument("--beams", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--sentences", type=int, default=None, help="first N sentences only")
    parser.add_argument("--show", type=int, default=0, help="print N sentences that differ")
    parser.add_argument(
        "--no-spans", action="store_true", help="do not tell the decoder where names are"
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a ConstrainedDecoder setting, e.g. replace_own=0 avoid_own=0 own_candidates=2",
    )
    args = parser.parse_args(argv)

    import torch
    from transformers import MarianMTModel, MarianTokenizer

    from glossary.matcher import Matcher, TargetFinder
    from glossary.storage import load_glossary
    from translator.decoding.batching import length_sorted_batches
    from translator.decoding.constrained import ConstrainedDecoder, source_spans
    from translator.decoding.free_decoding import free_translate
    from translator.decoding.lengths import output_token_cap
    from translator.segment import segment

    folder = _model_folder(args)
    tokenizer = MarianTokenizer.from_pretrained(folder)
    model = MarianMTModel.from_pretrained(folder).eval()
    glossary_path = args.glossary
    if glossary_path is None:
        glossary_path = folder / "names.tsv" if (folder / "names.tsv").exists() else GLOSSARY
    glossary = load_glossary(glossary_path)
    matcher = Matcher(glossary)
    targets = [e.target for e in glossary.entries]
    finder = TargetFinder(targets)
    sources = [s.text for s in segment(ARTICLE.read_text("utf-8"))][: args.sentences]
    matches = [[m for m in matcher.find(s) if not m.suggest] for s in sources]
    decoder = ConstrainedDecoder(tokenizer, targets, model.config.vocab_size)
    for setting in args.set:
        name, _, value = setting.partition("=")
        kind = type(getattr(ConstrainedDecoder, name))
        setattr(decoder, name, kind(float(value)) if kind is not bool else value not in ("0", ""))
    names_reference = romanize = None
    if args.trained or args.model:
        with contextlib.suppress(ImportError):  # the trained model's task, when merged
            from tests.support.names_reference import names_reference
            from translator.romanization import romanize

    def constrained(texts: list[str], required: list[dict[str, int]]) -> list[Any]:
        encoded = [tokenizer(t).input_ids for t in texts]
        lengths = [len(ids) for ids in encoded]
        out: list[Any] = [None] * len(texts)
        for batch in length_sorted_batches(lengths, args.batch_size, 4096):
            enc = tokenizer([texts[i] for i in batch], return_tensors="pt", padding=True)
            caps = [output_token_cap(lengths[i]) for i in batch]
            spans = None
            if not args.no_spans:
                spans = [source_spans(tokenizer, texts[i], matches[i]) for i in batch]
            results = decoder.decode(
                model, enc.input_ids, enc.attention_mask, [required[i] for i in batch], caps,
                args.beams, spans,
            )  # fmt: skip
            for i, res in zip(batch, results, strict=True):
                out[i] = res
        return out

    with torch.inference_mode():
        start = time.perf_counter()
        free = free_translate(
            model, tokenizer, sources, num_beams=args.beams, batch_size=args.batch_size
        )
        t_free = time.perf_counter() - start
        required = [dict(_counts(m)) for m in matches]
        start = time.perf_counter()
        results = constrained(sources, required)
        t_strict = time.perf_counter() - start
    strict = [tokenizer.decode(r.token_ids, skip_special_tokens=True).strip() for r in results]

    named = [i for i, m in enumerate(matches) if m]
    plain = [i for i, m in enumerate(matches) if not m]
    place: list[tuple[float, bool, bool, int | None]] = []
    references: list[str | None] = [None] * len(sources)
    if names_reference is not None:
        references = [names_reference(s, m) for s, m in zip(sources, matches, strict=True)]
    for i in named:
        place += _placements(sources[i], strict[i], matches[i], finder, references[i])
    total = sum(len(m) for m in matches)
    correct = sum(min(finder.count(strict[i])[t], k) for i in named for t, k in required[i].items())
    print(f"model: {folder} ({model.num_parameters() / 1e6:.1f}M parameters), beam {args.beams}")
    print(f"{len(sources)} sentences, {len(named)} with {total} names; term accuracy "
          f"{correct / max(1, total):.3f}; not ok: {sum(not r.ok for r in results)}")  # fmt: skip
    if place:
        print(f"name placement: mean |English - Arabic| relative position "
              f"{sum(p[0] for p in place) / len(place):.3f}; in the last quarter: "
              f"{sum(p[1] for p in place)}/{len(place)} names "
              f"(their Arabic: {sum(p[2] for p in place)}/{len(place)})")  # fmt: skip
        words = [p[3] for p in place if p[3] is not None]
        if words:
            print(f"words from the reference's place: mean {sum(words) / len(words):.2f}, "
                  f"exact {sum(w == 0 for w in words)}/{len(words)}")  # fmt: skip
    if names_reference is not None and romanize is not None:
        from sacrebleu.metrics import CHRF

        chrf = CHRF()
        refs_named = [references[i] for i in named]
        plain_refs = [romanize(sources[i]) for i in named]
        c_free = chrf.corpus_score([free[i] for i in named], [plain_refs]).score
        c_strict = chrf.corpus_score([strict[i] for i in named], [refs_named]).score
        exact = sum(strict[i] == references[i] for i in named)
        print(f"sentences with names: chrF free vs plain reference {c_free:.1f}, strict vs "
              f"names-substituted reference {c_strict:.1f} (lost {c_free - c_strict:.1f}); "
              f"exactly the reference: {exact}/{len(named)}")  # fmt: skip
    same = sum(strict[i] == free[i] for i in plain)
    print(f"sentences without names identical to free decoding: {same}/{len(plain)}")
    print(f"time: free {t_free:.1f} s, constrained {t_strict:.1f} s "
          f"(ratio {t_strict / t_free:.2f}x)")  # fmt: skip
    shown = 0
    for i in named:
        if shown >= args.show or references[i] == strict[i]:
            continue
        shown += 1
        print(f"\n[{i}] {sources[i]}\n  free:   {free[i]}\n  strict: {strict[i]}")
        if references[i] is not None:
            print(f"  ref:    {references[i]}")
    return 0


def _counts(matches: list[Any]) -> dict[str, int]:
    out: dict[str, int] = {}
    for m in matches:
        out[m.target] = out.get(m.target, 0) + 1
    return out


if __name__ == "__main__":
    raise SystemExit(main())
