"""Measure the "name that is also a word" signals on real NER samples.

Candidates are the one-token strings of real named-entity mentions: every word of
a person mention and every one-word place/organization mention, from AQMAR
(CC BY-SA 3.0; the Topcoder copy in github.com/LiyuanLucasLiu/ArabicNER, data/*.txt)
and the Wojood sample (github.com/SinaLab/ArabicNER, data/*.txt).  Tokens that
are a clitic (و ب ل ك ف) plus another candidate are merged into it; forms with
the article are left out.  ``ordinary_words.txt`` (beside this file) lists the
candidates labelled by hand as also being ordinary Arabic words in news text
(عمر "age", صور "pictures", يزيد "increases"...); every other candidate is a name only.

Signals compared (precision and recall of "is an ordinary word"):
* tarjama's list (glossary/data/common_words.txt, from wordfreq);
* bare wordfreq frequency of the word (Zipf), at several thresholds;
* arramooz / qalsadi (GPL), if installed: a dictionary entry, or analyses.

Run: .venv/bin/python benchmarks/common_words/eval_common_words.py AQMAR_DIR WOJOOD_DIR
(each a folder with train.txt, dev.txt or val.txt, test.txt).  Needs wordfreq for
the frequency rows (pip install '.[wordlist]').
"""

from __future__ import annotations

import collections
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from glossary.common_words import is_common_word  # noqa: E402
from glossary.normalize import form_tokens  # noqa: E402

KINDS = {"PER": "person", "PERS": "person", "LOC": "place", "GPE": "place", "ORG": "organization"}
LABELS = Path(__file__).resolve().parent / "ordinary_words.txt"


def mentions(path: Path) -> list[tuple[str, list[str]]]:
    out, current = [], None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        parts = line.split()
        tag = parts[1] if len(parts) > 1 else "O"
        if not parts or not tag.startswith("I-") or current is None:
            if current:
                out.append(current)
            current = None
        if parts and tag.startswith("B-") and tag[2:] in KINDS:
            current = (KINDS[tag[2:]], [parts[0]])
        elif parts and tag.startswith("I-") and current is not None:
            current[1].append(parts[0])
    return out


def candidates(folders: list[Path]) -> dict[str, str]:
    counts: collections.Counter[str] = collections.Counter()
    kinds: dict[str, str] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.txt")):
            for kind, tokens in mentions(path):
                for token in tokens if kind == "person" or len(tokens) == 1 else []:
                    token = re.sub("[\u064b-\u0652\u0640]", "", token)
                    if not re.fullmatch("[\u0621-\u064a]{2,}", token) or token.startswith("ال"):
                        continue
                    if re.match("^(و|ف)?(ب|ل|ك)?ال", token) or token.startswith("لل"):
                        continue
                    counts[token] += 1
                    kinds.setdefault(token, kind)
    merged: dict[str, str] = {}
    for token in counts:
        base = token[1:] if token[0] in "وبلكف" and token[1:] in counts else token
        merged.setdefault(base, kinds[token])
    return merged


def report(name: str, flagged: set[str], words: set[str], pool: set[str]) -> None:
    tp, fp = len(flagged & words), len(flagged - words)
    fn = len((pool & words) - flagged)
    precision = tp / (tp + fp) if tp + fp else 0.0
    print(f"{name:48} flagged {tp + fp:4}  precision {precision:.3f}  recall {tp / (tp + fn):.3f}")


def main(argv: list[str]) -> int:
    pool_kinds = candidates([Path(a) for a in argv])
    pool = set(pool_kinds)
    words = set(LABELS.read_text(encoding="utf-8").split()) & pool
    print(f"{len(pool)} candidate names, {len(words)} labelled as also ordinary words")

    def key(word: str) -> str:
        return form_tokens(word)[0][0]

    report(
        "tarjama list (article >= 3.0 or suffix >= 2.5)",
        {w for w in pool if is_common_word(key(w), pool_kinds[w])},
        words,
        pool,
    )
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        print("(wordfreq not installed: frequency rows skipped)")
    else:
        for threshold in (3.0, 3.5, 4.0, 4.5):
            flagged = {w for w in pool if zipf_frequency(w, "ar") >= threshold}
            report(f"bare wordfreq Zipf >= {threshold}", flagged, words, pool)
    try:
        import arramooz.arabicdictionary as arabic_dictionary
    except ImportError:
        print("(arramooz not installed: dictionary row skipped)")
    else:
        nouns = arabic_dictionary.ArabicDictionary("nouns")
        verbs = arabic_dictionary.ArabicDictionary("verbs")
        flagged = {w for w in pool if nouns.lookup(w) or verbs.lookup(w)}
        report("arramooz dictionary entry (noun or verb)", flagged, words, pool)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
