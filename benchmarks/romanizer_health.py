"""Is a trained romanizer a good yardstick?  Free chrF, EOS, alignment, continuation after names.

For one model folder built by ``python -m tests.support.trained_model build``,
on the held-out seed article, with the romanizer's glossary
(``tests/data/romanizer/names.tsv``), decoding with CTranslate2 (int8, beam 4,
as ``tarjama`` does):

* free decoding against the exact romanization: corpus chrF, exact sentences,
  sentences ended by EOS before the length cap, how often the alignment head
  peaks on the source word being written (``trained_model_checks.free_report``);
* forced-prefix continuation (``trained_model_checks.continuations_after_names``):
  the names-substituted reference up to each glossary name is forced as a
  ``target_prefix`` and the model goes on alone.  Counted: after how many of the
  names it wrote exactly the reference's rest, and how many got the
  reference's next three words right (the "10 of the 69 names" and "26" figures
  of docs/measurements/constrained-decoder.md).  That count compares with the reference whose later
  names are the glossary's too, which only a sentence's last name can reach
  (the later ones are not forced); the main count here compares with the rest
  in the model's own spelling of later names (``Continuation.expected_own``).
  This is the ceiling of forced-prefix enforcement with the model.

It only reads the model; comparing recipes (``benchmarks/romanizer_recipes.md``)
means running it on each candidate folder.

    .venv/bin/python benchmarks/romanizer_health.py [MODEL_DIR ...] [--failures 8] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MODEL = ROOT / "tests" / "data" / "romanizer"
GLOSSARY = MODEL / "names.tsv"


def health(model: Path, glossary_path: Path, beam: int) -> dict[str, Any]:
    """Every figure of the module docstring for one model folder."""
    from glossary.matcher import Matcher
    from glossary.storage import load_glossary
    from tests.support.trained_model import held_out_sentences
    from tests.support.trained_model_checks import (
        continuations_after_names,
        decode,
        free_report,
    )
    from translator.romanization import romanize

    sentences = held_out_sentences()
    glossary = load_glossary(glossary_path)
    matches = [
        [m for m in found if not m.suggest] for found in Matcher(glossary).find_document(sentences)
    ]
    references = [romanize(s) for s in sentences]
    decoded = decode(model, sentences, "ctranslate2", beam)
    report = free_report(decoded, references)
    continued = continuations_after_names(model, sentences, matches, beam)
    exact = [c for c in continued if c.output == c.expected]
    own = [c for c in continued if c.output == c.expected_own]
    three = [c for c in continued if c.output.split()[:3] == c.expected_own.split()[:3]]
    return {
        "model": str(model),
        "free": report,
        "names": len(continued),
        "continuation_exact": len(exact),
        "continuation_own": len(own),
        "continuation_next3": len(three),
        "failures": [c.__dict__ for c in continued if c.output != c.expected_own],
        "free_wrong": [
            {"reference": r, "output": d.text}
            for d, r in zip(decoded, references, strict=True)
            if d.text != r
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("models", nargs="*", type=Path, default=[MODEL])
    parser.add_argument("--glossary", type=Path, default=GLOSSARY)
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--failures", type=int, default=0, help="wrong continuations to print")
    parser.add_argument("--json", type=Path, help="write every figure and failure here")
    args = parser.parse_args(argv)

    from translator.model_loading import configure_threads

    configure_threads()
    results = []
    for model in args.models:
        r = health(model, args.glossary, args.beam)
        f = r["free"]
        print(
            f"{model}: free chrF {f['chrf']}, exact {f['exact']}/{f['sentences']}, "
            f"EOS {f['stopped_by_eos']}/{f['sentences']}, "
            f"alignment {f['attention_on_word']:.1%} of {f['attention_pieces']} pieces "
            f"(eos {f['attention_eos_on_eos']}); after a forced name, the rest right: "
            f"{r['continuation_own']}/{r['names']} (later names in its own spelling), "
            f"{r['continuation_exact']}/{r['names']} (later names as the glossary's), "
            f"next 3 words {r['continuation_next3']}/{r['names']}"
        )
        for c in r["failures"][: args.failures]:
            print(f"   ...{c['prefix'][-40:]} | expected: {c['expected_own'][:60]}")
            print(f"   {'':43} got:      {c['output'][:60]}")
        for w in r["free_wrong"][: args.failures]:
            print(f"   free ref: {w['reference'][:100]}")
            print(f"   free out: {w['output'][:100]}")
        results.append(r)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
