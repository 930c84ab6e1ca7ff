"""Benchmark: the glossary on real news-like text, with desk glossaries built from NER gold.

For each corpus (CoNLL-style files: token, then one or more BIO tag columns,
outermost first; sentences separated by blank lines) every annotated
PER/LOC/GPE/FAC/ORG mention (the other labels, MIS, DATE...,
only count as "annotated": a match on them is not a match on an ordinary word) becomes a glossary
entry with its type, written as a desk writes it: without its clitics (the
bare form ``tui.name_forms`` offers), plus the short forms a desk adds: a person's
family name (last word of a multi-word name) and an organization's name after a
generic head (حركة حماس → حماس).  Then the corpus's running text is matched per
document (the copies used have no article boundaries: documents are runs of
DOC_SENTENCES sentences) and scored against the outermost gold spans, in tokens
(a match covers its token with the clitics in front of it):

* exact and overlap precision/recall, by type and by one-word/multi-word;
* matches that overlap no annotated mention, per 1,000 words, with their
  cause, and the most frequent of them;
* ``glossary check``: of the forms that produced such matches, how many it
  warns about (recall), and of the forms it warns about, how many produced
  one (precision);
* with ``--names FILE...`` (google/transliteration ar2en*.txt, Apache-2.0), a
  large name list (unique Arabic names, padded to NAME_LIST_SIZE with
  two-name combinations) matched over the same text: every match there that
  overlaps no gold mention is a false match;
* with ``--speed``: import, merge and check of 80,000 entries and
  ``glossary match`` with 100,000 entries (first and second call), each a
  fresh ``python -m glossary`` process, several rounds, min and median.

Run (corpora from github.com/LiyuanLucasLiu/ArabicNER data/ (AQMAR, CC BY-SA
3.0) and github.com/SinaLab/ArabicNER data/ (Wojood sample)):
  nice .venv/bin/python benchmarks/bench_glossary_news.py \\
      --corpus aqmar=AQMAR_DIR --corpus wojood=WOJOOD_DIR --names ar2en*.txt --speed
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from glossary.checks import glossary_warnings  # noqa: E402
from glossary.common_words import is_common_word  # noqa: E402
from glossary.entry import Entry  # noqa: E402
from glossary.matcher import Matcher, is_short_form, word_cores  # noqa: E402
from glossary.normalize import form_key  # noqa: E402
from glossary.storage import save_glossary  # noqa: E402
from glossary.termbase import Glossary  # noqa: E402
from tui.name_forms import name_forms  # noqa: E402

KINDS = {
    "PER": "person",
    "PERS": "person",
    "LOC": "place",
    "GPE": "place",
    "FAC": "place",
    "ORG": "organization",
}
ORG_HEADS = {"حركة", "حزب", "منظمة", "جماعة", "شركة", "وكالة", "جمعية", "مؤسسة", "تنظيم"}
DOC_SENTENCES = 100
NAME_LIST_SIZE = 80_000

Span = tuple[int, int]  # token range in a sentence


def read_corpus(folder: Path) -> list[tuple[list[str], dict[Span, str], set[Span]]]:
    """Sentences: tokens, outermost mentions of our kinds, every annotated span (any label)."""
    out = []
    for path in sorted(folder.glob("*.txt")):
        sent: list[tuple[str, list[str]]] = []
        for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
            parts = line.split()
            if parts:
                sent.append((parts[0], parts[1:] or ["O"]))
                continue
            if sent:
                out.append(_spans(sent))
            sent = []
    return out


def _spans(sent: list[tuple[str, list[str]]]) -> tuple[list[str], dict[Span, str], set[Span]]:
    found = []
    for level in range(max(len(t) for _, t in sent)):
        cur = None
        for i, (_, tags) in enumerate(sent):
            tag = tags[level] if level < len(tags) else "O"
            if tag.startswith("I-") and cur and cur[2] == tag[2:]:
                cur[1] = i + 1
                continue
            if cur:
                found.append(tuple(cur))
            cur = [i, i + 1, tag[2:]] if tag[:2] in ("B-", "I-") else None
        if cur:
            found.append(tuple(cur))
    ours = [(s, e, KINDS[k]) for s, e, k in found if k in KINDS]
    outer = {
        (s, e): k
        for s, e, k in ours
        if not any((o[0], o[1]) != (s, e) and o[0] <= s and e <= o[1] for o in ours)
    }
    return [w for w, _ in sent], outer, {(s, e) for s, e, _ in found}


def desk_glossary(sentences) -> tuple[Glossary, dict[str, str]]:
    """Entries from the gold mentions; returns the glossary and form key → how it was made."""
    entries: dict[str, Entry] = {}
    owner: dict[tuple[str, ...], str] = {}
    made: dict[str, str] = {}

    def add(form: str, target: str, kind: str, how: str) -> None:
        key = form_key(form)
        if not key or owner.setdefault(key, target) != target:
            return
        entry = entries.setdefault(target, Entry(target, [], kind))
        if form not in entry.forms:
            entry.forms.append(form)
            made.setdefault(form, how)

    for tokens, mentions, _ in sentences:
        for (s, e), kind in mentions.items():
            words = list(tokens[s:e])
            words[0] = name_forms(words[0]).bare
            form = " ".join(words)
            key = form_key(form)
            target = owner.get(key) or f"{kind} {len(entries) + 1}"
            add(form, target, kind, "gold")
            # a family name, as a desk adds it (not "الرابع" of هنري الرابع, not بن)
            family = words[-1]
            if kind == "person" and len(words) > 1 and not family.startswith(("ال", "أل")):
                add(family, target, kind, "family name")
            if kind == "organization" and len(words) == 2 and words[0] in ORG_HEADS:
                add(words[1], target, kind, "short name")
    return Glossary([e for e in entries.values() if e.forms]), made


def match_corpus(
    matcher: Matcher, sentences, forced_only: bool = False
) -> list[list[tuple[Span, Entry, str, str]]]:
    """Per sentence: (token range, entry, form, prefix) of each match, per document
    (``forced_only``: leave out suggest-only matches, which are shown, never forced)."""
    texts, starts = [], []
    for tokens, _, _ in sentences:
        offsets, at = [], 0
        for token in tokens:
            offsets.append(at)
            at += len(token) + 1
        texts.append(" ".join(tokens))
        starts.append(offsets)
    found: list[list[tuple[Span, Entry, str, str]]] = []
    for d in range(0, len(texts), DOC_SENTENCES):
        doc = matcher.find_document(texts[d : d + DOC_SENTENCES])
        for k, matches in enumerate(doc):
            offsets = starts[d + k]
            spans = []
            for m in matches:
                if forced_only and m.suggest:
                    continue
                first = max(i for i, o in enumerate(offsets) if o <= m.start - len(m.prefix))
                last = max(i for i, o in enumerate(offsets) if o < m.end)
                spans.append(((first, last + 1), m.entry, m.form, m.prefix))
            found.append(spans)
    return found


def cause(entry: Entry, form: str, prefix: str) -> str:
    words = form_key(form)
    cores = word_cores(form)
    if is_short_form(words):
        return "short form"
    if prefix.endswith(("ال", "لل")) and not form.startswith(("ال", "أل")):
        return "article (organization rule)"
    if prefix:
        return "clitic reading"
    if len(cores) > 1:
        return "multi-word form"
    article = len(cores[0]) < len(words[0]) if cores else False
    if is_common_word(cores[0], entry.type, article):
        return "form is an ordinary word"
    return "form not flagged as a word"


def score(
    name: str, sentences, glossary: Glossary, made: dict[str, str], forced_only: bool = False
) -> None:
    matcher = Matcher(glossary)
    found = match_corpus(matcher, sentences, forced_only)
    words = sum(len(t) for t, _, _ in sentences)
    stats = collections.defaultdict(lambda: [0, 0, 0, 0, 0])  # tp_exact, pred, gold, ovl_p, ovl_r
    false = collections.Counter()
    causes = collections.Counter()
    false_forms: collections.Counter[tuple[str, str]] = collections.Counter()
    for (tokens, gold, annotated), matches in zip(sentences, found, strict=True):
        pred = {span: entry for span, entry, _, _ in matches}
        for span, kind in gold.items():
            size = "one-word" if span[1] - span[0] == 1 else "multi-word"
            for key in ("all", kind, size):
                stats[key][2] += 1
                stats[key][0] += span in pred
                stats[key][4] += any(p[0] < span[1] and span[0] < p[1] for p in pred)
        for span, entry, form, prefix in matches:
            kind = entry.type or "untyped"
            size = "one-word" if span[1] - span[0] == 1 else "multi-word"
            hit = any(g[0] < span[1] and span[0] < g[1] for g in gold)
            for key in ("all", kind, size):
                stats[key][1] += 1
                stats[key][3] += hit
            if not any(a[0] < span[1] and span[0] < a[1] for a in annotated):
                text = " ".join(tokens[span[0] : span[1]])
                why = cause(entry, form, prefix)
                false[(text, form, why)] += 1
                causes[why] += 1
                false_forms[(entry.target, form)] += 1
    print(f"\n== {name}: {len(sentences)} sentences, {words} words, {len(glossary)} entries")
    print(f"{'':12} {'exactP':>7} {'exactR':>7} {'ovlP':>7} {'ovlR':>7} {'gold':>6} {'pred':>6}")
    for key in ("all", "person", "place", "organization", "other", "one-word", "multi-word"):
        tp, pred, gold, op, orr = stats[key]
        if gold or pred:
            print(
                f"{key:12} {tp / max(pred, 1):7.3f} {tp / max(gold, 1):7.3f} "
                f"{op / max(pred, 1):7.3f} {orr / max(gold, 1):7.3f} {gold:6} {pred:6}"
            )
    total = sum(false.values())
    print(f"matches on no annotated mention: {total} = {1000 * total / words:.2f} per 1,000 words")
    print("  by cause: " + ", ".join(f"{c} {n}" for c, n in causes.most_common()))
    print("  top: " + "; ".join(f"{t} [{f}] {w} ×{n}" for (t, f, w), n in false.most_common(25)))
    # the warnings that predict wrong matches: those advising {suggest} (matched
    # everywhere), and all that say the form is or is made of ordinary words (gated too)
    every = list(glossary_warnings(glossary))
    bad = set(false_forms)
    for label, test in (
        ("advising {suggest}", lambda m: "mark it {suggest}" in m),
        ("any ordinary-word warning", lambda m: "ordinary word" in m),
    ):
        warned = {(e.target, m.split("'")[1]) for e, m in every if test(m)}
        tp = len(warned & bad)
        weighted = sum(n for k, n in false_forms.items() if k in warned)
        print(
            f"glossary check, {label}: {len(warned)} forms warned, {len(bad)} forms gave "
            f"false matches; P {tp / max(len(warned), 1):.3f} R {tp / max(len(bad), 1):.3f} "
            f"(R weighted by matches {weighted / max(total, 1):.3f})"
        )
    return None


def article_signal(corpora) -> None:
    """How many one-word gold names written with ال each signal calls ordinary words:
    the old one (ال + core common: the name itself) and the one the matcher uses."""
    from glossary.common_words import _table

    counts: collections.Counter[tuple[str, str]] = collections.Counter()
    for _, sentences in corpora:
        for tokens, mentions, _ in sentences:
            for (s, e), kind in mentions.items():
                if e - s == 1 and tokens[s].startswith("ال"):
                    counts[(tokens[s], kind)] += 1
    old = new = old_m = new_m = 0
    flagged = []
    for (word, kind), n in counts.items():
        core = form_key(word)[0][2:]
        codes = _table().get(core, "")
        was = bool(codes.replace("a", "") if kind == "organization" else codes)
        now = is_common_word(core, kind, article=True)
        old, old_m = old + was, old_m + was * n
        new, new_m = new + now, new_m + now * n
        if now:
            flagged.append(word)
    print(
        f"\n== one-word gold names written with ال: {len(counts)} distinct "
        f"({sum(counts.values())} mentions); ordinary by the old signal {old} ({old_m}), "
        f"by the matcher's {new} ({new_m}): {' '.join(sorted(flagged))}"
    )


def names_list(paths: list[str]) -> Glossary:
    names = []
    seen: set[tuple[str, ...]] = set()
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            arabic = line.split("\t")[0].strip()
            key = form_key(arabic)
            if (
                arabic
                and key
                and key not in seen
                and any("\u0621" <= c <= "\u064a" for c in arabic)
            ):
                seen.add(key)
                names.append(arabic)
    entries = [Entry(f"Name {i}", [n], "person") for i, n in enumerate(names)]
    rng = random.Random(17)
    while len(entries) < NAME_LIST_SIZE:
        a, b = rng.choice(names), rng.choice(names)
        key = form_key(f"{a} {b}")
        if key not in seen:
            seen.add(key)
            entries.append(Entry(f"Name {len(entries)}", [f"{a} {b}"], "person"))
    print(
        f"\nname list: {len(names)} unique names from {len(paths)} file(s), "
        f"{len(entries)} entries with two-name combinations"
    )
    return Glossary(entries)


def name_list_false(name: str, sentences, matcher: Matcher) -> None:
    found = match_corpus(matcher, sentences)
    words = sum(len(t) for t, _, _ in sentences)
    false = collections.Counter()
    causes = collections.Counter()
    for (tokens, _gold, annotated), matches in zip(sentences, found, strict=True):
        for span, entry, form, prefix in matches:
            if not any(a[0] < span[1] and span[0] < a[1] for a in annotated):
                why = cause(entry, form, prefix)
                false[(" ".join(tokens[span[0] : span[1]]), form, why)] += 1
                causes[why] += 1
    total = sum(false.values())
    print(
        f"== {name} with the name list: {total} non-entity matches = "
        f"{1000 * total / words:.2f} per 1,000 words"
    )
    print("  by cause: " + ", ".join(f"{c} {n}" for c, n in causes.most_common()))
    print("  top: " + "; ".join(f"{t} [{f}] {w} ×{n}" for (t, f, w), n in false.most_common(20)))


def _run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one fresh process: on a shared
    machine the CPU time is the figure that does not depend on the other load."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "glossary", *args], env=env, check=True, capture_output=True
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def speed(glossary: Glossary, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmpdir / "cache")}
        big = Glossary(glossary.entries[:80_000])
        omegat = tmpdir / "g.txt"
        omegat.write_text(
            "".join(f"{f}\t{e.target}\n" for e in big.entries for f in e.forms), encoding="utf-8"
        )
        half = tmpdir / "half.txt"
        half.write_text(
            "".join(f"{f}\t{e.target}\n" for e in big.entries[::2] for f in e.forms),
            encoding="utf-8",
        )
        tsv = tmpdir / "g.tsv"
        save_glossary(big, tsv)
        extra = [
            Entry(f"Extra {i}", [f"{e.forms[0]} الثاني"], "person")
            for i, e in enumerate(glossary.entries[:20_000])
        ]
        large = Glossary([*glossary.entries[:80_000], *extra])
        large_tsv = tmpdir / "large.tsv"
        save_glossary(large, large_tsv)
        text = tmpdir / "text.txt"
        text.write_text("قال الرئيس إن العراق وكامل الوفد وصلوا إلى بيروت.\n", encoding="utf-8")
        times = collections.defaultdict(list)
        for r in range(rounds):
            out = tmpdir / f"o{r}.tsv"
            times["import 80k (OmegaT)"].append(_run(["import", str(omegat), "-o", str(out)], env))
            merged = tmpdir / f"m{r}.tsv"
            _run(["import", str(half), "-o", str(merged), "--force"], env)
            times["import --merge 80k into 40k"].append(
                _run(["import", str(omegat), "-o", str(merged), "--merge"], env)
            )
            times["check 80k"].append(_run(["check", "-g", str(tsv)], env))
            (tmpdir / "cache").mkdir(exist_ok=True)
            for old in (tmpdir / "cache").rglob("*.idx"):
                old.unlink()
            times["match 100k, first call"].append(
                _run(["match", "-g", str(large_tsv), "--file", str(text)], env)
            )
            times["match 100k, second call"].append(
                _run(["match", "-g", str(large_tsv), "--file", str(text)], env)
            )
            times["python -m glossary --help (start-up)"].append(_run(["--help"], env))
        print(f"\n== speed ({rounds} rounds, seconds, fresh process each; load {os.getloadavg()})")
        for what, values in times.items():
            walls = [w for w, _ in values]
            cpus = [c for _, c in values]
            print(
                f"{what:40} wall min {min(walls):7.2f} median {statistics.median(walls):7.2f}"
                f"   CPU min {min(cpus):7.2f} median {statistics.median(cpus):7.2f}"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", action="append", required=True, metavar="NAME=DIR")
    parser.add_argument("--names", nargs="*", default=[], metavar="FILE")
    parser.add_argument("--speed", action="store_true")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-scores", action="store_true", help="skip the desk-glossary scores")
    args = parser.parse_args()
    corpora = []
    for spec in args.corpus:
        name, _, folder = spec.partition("=")
        corpora.append((name, read_corpus(Path(folder))))
    import glossary.matcher as matcher_module

    for name, sentences in corpora if not args.no_scores else []:
        glossary, made = desk_glossary(sentences)
        score(name, sentences, glossary, made)
        # what the words-of-their-own rule costs and saves: the same without it
        kept = matcher_module.is_own_word
        matcher_module.is_own_word = lambda word: False
        try:
            score(f"{name}, without the words-of-their-own rule", sentences, glossary, made)
        finally:
            matcher_module.is_own_word = kept
        # the desk follows check's advice: forms it says to mark {suggest} are marked
        advised = {
            (e.target, m.split("'")[1])
            for e, m in glossary_warnings(glossary)
            if "mark it {suggest}" in m
        }
        for entry in glossary:
            for form in entry.forms:
                if (entry.target, form) in advised:
                    entry.set_flags(form, entry.form_flags(form) | {"suggest"})
        score(f"{name}, forced matches after check's advice", sentences, glossary, made, True)
    if not args.no_scores:
        article_signal(corpora)
    if args.names:
        names = names_list(args.names)
        started = time.process_time()
        names_matcher = Matcher(names)
        print(f"(compiled in {time.process_time() - started:.1f} s CPU)")
        for name, sentences in corpora:
            name_list_false(name, sentences, names_matcher)
            kept = matcher_module.is_own_word
            matcher_module.is_own_word = lambda word: False
            try:
                without = f"{name}, without the words-of-their-own rule"
                name_list_false(without, sentences, names_matcher)
            finally:
                matcher_module.is_own_word = kept
    if args.names and args.speed:
        speed(names, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
