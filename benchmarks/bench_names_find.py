"""Finding names: span precision/recall/F1 on a held-out NER test split, and false candidates.

    python benchmarks/bench_names_find.py CORPUS_DIR [--model MODEL] [--files F1,F2,...]
        [--doc-sentences N] [--label NAME]

(MODEL defaults to translator/names/data/tagger/names.crfsuite.)

CORPUS_DIR holds CoNLL files (``token TAG``), one document each.  The held-out files
are the ``test`` list of the model's recipe (``names.json``, written by
``python -m translator.names.train_tagger``), or ``--files`` (for another corpus, e.g.
the Wojood sample, evaluated whole).  Scores are seqeval's exact-span micro P/R/F1 over
PERS, LOC and ORG (a candidate with no type guess counts as PERS), and untyped (spans
only: what a desk needs from a candidate list).  Two glossary conditions:

* ``empty``: no glossary;
* ``half``: a glossary holding every other distinct test name (sorted); those names'
  spans are removed from gold and cannot be predicted (the glossary matches them), so
  only the other half count.

False candidates: predicted spans (occurrences) that are not exactly a gold name, per
1,000 words; and distinct false keys per 1,000 words.  Each row is one combination of
the finder's signals (``Signals``), so the table shows what each signal adds.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from glossary.entry import Entry  # noqa: E402
from glossary.matcher import Matcher  # noqa: E402
from glossary.normalize import form_key  # noqa: E402
from glossary.termbase import Glossary  # noqa: E402
from translator.names.candidates import NameFinder, SentenceText, Signals  # noqa: E402
from translator.names.conll import Sentence, read_file  # noqa: E402
from translator.names.tagger import DEFAULT_MODEL, NameTagger  # noqa: E402

_TYPE = {"person": "PERS", "place": "LOC", "organization": "ORG", None: "PERS"}
_GLOSSARY_TYPE = {"PERS": "person", "LOC": "place", "ORG": "organization"}
VARIANTS = {
    "tagger only": Signals(tagger=True, cue=False, shape=False, repeat=False),
    "tagger + cue": Signals(tagger=True, cue=True, shape=False, repeat=False),
    "tagger + shape": Signals(tagger=True, cue=False, shape=True, repeat=False),
    "tagger + repeat": Signals(tagger=True, cue=False, shape=False, repeat=True),
    "all signals (--rules)": Signals(cue=True, shape=True),
    "all, lone rule finds kept": Signals(cue=True, shape=True, lone_rules=True),
    "rules only (no tagger)": Signals(tagger=False, cue=True, shape=True),
    **{
        f"tagger + repeat + confidence >= {c}": Signals(cue=False, shape=False, min_confidence=c)
        for c in (0.6, 0.7, 0.8, 0.9, 0.95)
    },
}


def gold_spans(sentence: Sentence) -> list[tuple[int, int, str]]:
    spans = []
    start, kind = -1, ""
    for i, tag in enumerate([*sentence.tags, "O"]):
        if start >= 0 and (tag == "O" or tag.startswith("B-") or tag[2:] != kind):
            spans.append((start, i, kind))
            start = -1
        if tag != "O" and start < 0:
            start, kind = i, tag[2:]
    return spans


def surface(sentence: Sentence, first: int, last: int) -> str:
    return sentence.text[sentence.words[first].start : sentence.words[last - 1].end]


def half_glossary(documents: list[list[Sentence]]) -> Glossary:
    names: dict[str, str] = {}
    keys: set[tuple[str, ...]] = set()
    for sentences in documents:
        for s in sentences:
            for first, last, kind in gold_spans(s):
                form = surface(s, first, last)
                if form_key(form) not in keys:
                    keys.add(form_key(form))
                    names[form] = kind
    glossary = Glossary()
    for i, (form, kind) in enumerate(sorted(names.items())):
        if i % 2 == 0:
            try:
                glossary.entries.append(Entry(f"N{i}", [form], _GLOSSARY_TYPE[kind]))
            except Exception:  # a surface form the glossary refuses (no Arabic letter)
                continue
    return glossary


def word_index(sentence: Sentence, start: int, end: int) -> tuple[int, int]:
    first = next(i for i, w in enumerate(sentence.words) if w.end > start)
    last = max(i for i, w in enumerate(sentence.words) if w.start < end) + 1
    return first, last


def evaluate(
    documents: list[tuple[str, list[Sentence]]], finder: NameFinder, matcher: Matcher | None
) -> dict[str, float]:
    from seqeval.metrics import f1_score, precision_score, recall_score

    gold_tags: list[list[str]] = []
    pred_tags: list[list[str]] = []
    words = 0
    false_spans = 0
    false_keys: set[str] = set()
    gold_untyped = pred_untyped = hit_untyped = 0
    began = time.perf_counter()
    for name, sentences in documents:
        texts = [SentenceText(i, s.text) for i, s in enumerate(sentences)]
        found = finder.document(name, texts)
        predicted: list[list[tuple[int, int, str]]] = [[] for _ in sentences]
        for candidate in found:
            for o in candidate.occurrences:
                first, last = word_index(sentences[o.sentence], o.start, o.end)
                predicted[o.sentence].append((first, last, _TYPE[candidate.type]))
        known = matcher.find_document([s.text for s in sentences]) if matcher else None
        for i, s in enumerate(sentences):
            gold = gold_spans(s)
            if known is not None:
                covered = [word_index(s, m.start, m.end) for m in known[i]]
                gold = [g for g in gold if not any(a < g[1] and g[0] < b for a, b in covered)]
            words += sum(1 for w in s.words if w.is_word)
            g_tags = ["O"] * len(s.words)
            for first, last, kind in gold:
                g_tags[first:last] = [f"I-{kind}"] * (last - first)
                g_tags[first] = f"B-{kind}"
            p_tags = ["O"] * len(s.words)
            for first, last, kind in predicted[i]:
                p_tags[first:last] = [f"I-{kind}"] * (last - first)
                p_tags[first] = f"B-{kind}"
            gold_tags.append(g_tags)
            pred_tags.append(p_tags)
            gold_set = {(a, b) for a, b, _ in gold}
            pred_set = {(a, b) for a, b, _ in predicted[i]}
            gold_untyped += len(gold_set)
            pred_untyped += len(pred_set)
            hit_untyped += len(gold_set & pred_set)
            for a, b in pred_set - gold_set:
                false_spans += 1
                false_keys.add(" ".join(w.text for w in s.words[a:b]))
    took = time.perf_counter() - began
    p = hit_untyped / pred_untyped if pred_untyped else 0.0
    r = hit_untyped / gold_untyped if gold_untyped else 0.0
    return {
        "precision": precision_score(gold_tags, pred_tags),
        "recall": recall_score(gold_tags, pred_tags),
        "f1": f1_score(gold_tags, pred_tags),
        "untyped_f1": 2 * p * r / (p + r) if p + r else 0.0,
        "false_per_1000": 1000 * false_spans / words,
        "false_keys_per_1000": 1000 * len(false_keys) / words,
        "words": words,
        "gold": gold_untyped,
        "seconds": took,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench_names_find.py")
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--files", help="comma-separated files to evaluate (default: recipe test)")
    parser.add_argument("--label", default="", help="name of the test set in the output")
    parser.add_argument("--variants", help="comma-separated variant names (default: all)")
    parser.add_argument("--glossaries", default="empty,half", help="empty, half or both")
    parser.add_argument(
        "--doc-sentences",
        type=int,
        default=0,
        help="cut each file into documents of N sentences (a file with no story boundaries, "
        "such as ANERcorp, is otherwise one document: repetition would span all of it)",
    )
    args = parser.parse_args(argv)
    if args.files:
        files = args.files.split(",")
    else:
        files = json.loads(args.model.with_suffix(".json").read_text(encoding="utf-8"))["test"]
    documents = []
    for f in files:
        sentences = list(read_file(args.corpus / f))
        step = args.doc_sentences or len(sentences) or 1
        for at in range(0, len(sentences), step):
            documents.append((f"{f}#{at // step}", sentences[at : at + step]))
    tagger = NameTagger(args.model)
    glossaries: dict[str, Matcher | None] = {}
    for gname in args.glossaries.split(","):
        if gname == "empty":
            glossaries[gname] = None
        elif gname == "half":
            glossaries[gname] = Matcher(half_glossary([d for _, d in documents]))
        else:
            parser.error(f"--glossaries: {gname!r} is neither empty nor half")
    chosen = args.variants.split(",") if args.variants else list(VARIANTS)
    words = sum(1 for _, d in documents for s in d for w in s.words if w.is_word)
    print(f"# {args.label or args.corpus.name}: {len(documents)} documents, {words} words")
    print(
        "| glossary | signals | P | R | F1 | untyped F1 | false spans /1k words "
        "| false names /1k words |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for gname, matcher in glossaries.items():
        for variant in chosen:
            signals = VARIANTS[variant]
            finder = NameFinder(matcher, tagger if signals.tagger else None, signals)
            m = evaluate(documents, finder, matcher)
            print(
                f"| {gname} | {variant} | {m['precision']:.3f} | {m['recall']:.3f} "
                f"| {m['f1']:.3f} | {m['untyped_f1']:.3f} | {m['false_per_1000']:.1f} "
                f"| {m['false_keys_per_1000']:.1f} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
