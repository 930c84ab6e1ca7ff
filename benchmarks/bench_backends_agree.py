"""Where strict glossary mode gives different English on CTranslate2 and on PyTorch.

Issue 18 item 6: the two backends should give the same enforced English wherever
their free English is the same.  On the trained test model (``tests/data/romanizer``)
and its glossary (``names.tsv``, every name spelt unlike the model), the held-out seed
article is translated free and strict on CTranslate2 int8, CTranslate2 float32 and
transformers (fp32).  Printed: sentences whose free English is identical, and of
those how many get different strict English (and different statuses), for int8 and
for float32 against PyTorch.

Then why: every call the enforcement makes to its decoder (``decode`` with the
alignment rows, ``continue_batch``, ``continue_from``, ``next_tokens``,
``log_probs``) is recorded per sentence, in order, on both backends.  For each
sentence that differs, the first call whose input is the same on both backends but
whose output is not names the cause: the free pass's alignment (argmax source piece
of each output token), a continuation's tokens, a continuation's alignment, the
next-token list, or the order of the ``log_probs`` candidates.  A differing
continuation is then run again on CTranslate2 alone (not grouped with others) to
tell "decoded in a group to a longer stop, then cut" from the decoder itself.

    .venv/bin/python benchmarks/bench_backends_agree.py [--sentences N] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MODEL = ROOT / "tests" / "data" / "romanizer"
ARTICLE = ROOT / "seeds" / "000_33cab2cb41f507af.txt"
SIDES = (
    ("ct2-int8", "ctranslate2", "int8"),
    ("ct2-float32", "ctranslate2", "float32"),
    ("torch", "transformers", "int8"),  # compute type is unused by transformers (fp32)
)


def argmax_rows(rows: Any) -> tuple[int, ...]:
    return tuple(max(range(len(r)), key=r.__getitem__) if r else -1 for r in rows or [])


class Recorder:
    """Wraps a runtime's decoding calls and keeps them per source sentence, in order."""

    def __init__(self, runtime: Any) -> None:
        self.runtime = runtime
        self.events: dict[tuple[str, ...], list[tuple[str, Any, Any]]] = defaultdict(list)
        for name in ("decode", "continue_batch", "continue_from", "next_tokens", "log_probs"):
            setattr(runtime, name, getattr(self, name))
        self._real = {n: getattr(type(runtime), n).__get__(runtime) for n in self._names()}

    @staticmethod
    def _names() -> tuple[str, ...]:
        return ("decode", "continue_batch", "continue_from", "next_tokens", "log_probs")

    def decode(self, sources: Any, **kw: Any) -> Any:
        out = self._real["decode"](sources, **kw)
        for s, d in zip(sources, out, strict=True):
            self.events[tuple(s)].append(("decode", None, (tuple(d.ids), argmax_rows(d.attention))))
        return out

    def continue_batch(self, jobs: Any, **kw: Any) -> Any:
        wait = self._real["continue_batch"](jobs, **kw)

        def done() -> Any:
            out = wait()
            for job, d in zip(jobs, out, strict=True):
                key = (tuple(job.prefix), min(job.stop, job.cap), job.cap, tuple(job.suppress))
                value = (tuple(d.ids), d.ended, argmax_rows(d.attention))
                self.events[tuple(job.source)].append(("continue_batch", key, value))
            return out

        return done

    def continue_from(self, source: Any, prefix: Any, **kw: Any) -> Any:
        wait = self._real["continue_from"](source, prefix, **kw)

        def done() -> Any:
            out = wait()
            key = (tuple(prefix), kw.get("max_tokens"), kw.get("alternatives", 1))
            value = tuple((tuple(d.ids), argmax_rows(d.attention)) for d in out)
            self.events[tuple(source)].append(("continue_from", key, value))
            return out

        return done

    def next_tokens(self, source: Any, prefix: Any, **kw: Any) -> Any:
        out = self._real["next_tokens"](source, prefix, **kw)
        self.events[tuple(source)].append(("next_tokens", (tuple(prefix), kw.get("count")), out))
        return out

    def log_probs(self, sources: Any, outputs: Any) -> Any:
        out = self._real["log_probs"](sources, outputs)
        by: dict[tuple[str, ...], list[tuple[tuple[int, ...], float]]] = defaultdict(list)
        for s, o, v in zip(sources, outputs, out, strict=True):
            by[tuple(s)].append((tuple(o), v))
        for s, pairs in by.items():
            key = tuple(o for o, _ in pairs)
            order = tuple(sorted(range(len(pairs)), key=lambda i: -pairs[i][1]))
            self.events[s].append(("log_probs", key, order))
        return out


def first_difference(a: list, b: list) -> tuple[str, int, Any, Any]:
    """(what, index, event a, event b) of the first event that differs."""
    for n, (ea, eb) in enumerate(zip(a, b, strict=False)):
        if ea == eb:
            continue
        if ea[0] != eb[0] or ea[1] != eb[1]:
            return ("calls differ before any output did", n, ea, eb)
        kind = ea[0]
        if kind == "decode":
            what = "free ids" if ea[2][0] != eb[2][0] else "free-pass alignment"
        elif kind == "continue_batch":
            what = "continuation tokens" if ea[2][0] != eb[2][0] else "continuation alignment"
            if ea[2][0] == eb[2][0] and ea[2][1] != eb[2][1]:
                what = "continuation ended flag"
        elif kind == "continue_from":
            same_ids = [x[0] for x in ea[2]] == [x[0] for x in eb[2]]
            what = "continue_from alignment" if same_ids else "continue_from tokens"
        else:
            what = f"{kind} order"
        return (what, n, ea, eb)
    return ("one side made more calls", min(len(a), len(b)), None, None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, help="first N sentences only")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)

    from glossary.storage import load_glossary
    from translator.decoding.ct2_backend import Continuation
    from translator.engine import Translator
    from translator.model_loading import configure_threads
    from translator.segment import segment

    configure_threads()
    sentences = [s.text for s in segment(ARTICLE.read_text("utf-8"))][: args.sentences]
    glossary = load_glossary(MODEL / "names.tsv")
    runs: dict[str, Any] = {}
    for name, backend, compute in SIDES:
        free = Translator.load(
            str(MODEL), backend=backend, beam=args.beam, compute_type=compute
        ).translate(sentences)
        strict_tr = Translator.load(
            str(MODEL), backend=backend, beam=args.beam, compute_type=compute,
            glossary=glossary, enforce="strict",
        )  # fmt: skip
        recorder = Recorder(strict_tr._prefix_glossary.runtime)
        strict = strict_tr.translate(sentences)
        runs[name] = (free, strict, recorder, strict_tr)
        print(f"{name}: done", flush=True)

    report: dict[str, Any] = {"sentences": len(sentences), "beam": args.beam, "pairs": {}}
    torch_free, torch_strict, torch_rec, _ = runs["torch"]
    for name in ("ct2-int8", "ct2-float32"):
        free, strict, rec, tr = runs[name]
        same_free = [i for i in range(len(sentences)) if free[i].target == torch_free[i].target]
        differ = [i for i in same_free if strict[i].target != torch_strict[i].target]
        causes: Counter[str] = Counter()
        examples = []
        for i in differ:
            source = tuple(tr._prefix_glossary.runtime.source_tokens(sentences[i]))
            what, n, ea, eb = first_difference(rec.events[source], torch_rec.events[source])
            detail: dict[str, Any] = {"sentence": i, "cause": what, "call": n}
            if what == "continuation tokens":
                prefix, stop, cap, suppress = ea[1]
                alone = tr._prefix_glossary.runtime.continue_batch(
                    [Continuation(list(source), list(prefix), stop, cap, suppress)],
                    num_beams=args.beam,
                )()[0]
                alone_ids = tuple(alone.ids)
                detail["alone_equals_torch"] = alone_ids == eb[2][0]
                detail["alone_equals_grouped"] = alone_ids == ea[2][0]
                if alone_ids == eb[2][0] and alone_ids != ea[2][0]:
                    what = "continuation tokens: grouped to a longer stop, then cut"
                else:
                    what = "continuation tokens: the decoder itself"
                detail["cause"] = what
                runtime = tr._prefix_glossary.runtime
                detail["prefix"] = runtime.text(prefix)
                detail[name] = runtime.text(ea[2][0][len(prefix) :])
                detail["torch"] = runtime.text(eb[2][0][len(prefix) :])
            causes[what] += 1
            detail |= {name + " strict": strict[i].target, "torch strict": torch_strict[i].target}
            examples.append(detail)
        statuses_differ = sum(
            [t.status for t in strict[i].terms] != [t.status for t in torch_strict[i].terms]
            for i in same_free
        )
        report["pairs"][f"{name} vs torch"] = {
            "free_identical": len(same_free),
            "strict_differs_where_free_identical": len(differ),
            "statuses_differ_where_free_identical": statuses_differ,
            "first_cause": dict(causes),
            "examples": examples,
        }
    int8_free, int8_strict = runs["ct2-int8"][0], runs["ct2-int8"][1]
    f32_free, f32_strict = runs["ct2-float32"][0], runs["ct2-float32"][1]
    report["ct2-int8 vs ct2-float32"] = {
        "free_identical": sum(
            a.target == b.target for a, b in zip(int8_free, f32_free, strict=True)
        ),
        "strict_identical": sum(
            a.target == b.target for a, b in zip(int8_strict, f32_strict, strict=True)
        ),
    }
    print(json.dumps(report, ensure_ascii=False, indent=1))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
