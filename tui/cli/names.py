"""``tarjama names FILE|DIR...``: the unknown names of Arabic files, as a glossary to edit.

Finds candidates (``candidates``), proposes spellings (``proposals``) from the
translation memory, from translations of the same files (``--translations``: the JSON
lines ``tarjama translate --format jsonl`` writes, matched by their Arabic) and from the
transliteration model when it is installed, reports names spelled differently in those
translations (``consistency``), and writes the table (``table``).  Heavy libraries are
not imported: the command needs the CRF model and SQLite only, imported when it runs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from glossary.matcher import Matcher
from glossary.storage import load_glossary
from translator.errors import TranslatorError
from tui.cli.common import warn, write_output

# Kept literal so that declaring the command imports nothing of translator.names.
_FORMATS = ("tsv", "csv", "jsonl")


def declare_arguments(p: argparse.ArgumentParser) -> None:
    p.description = (
        "Find names in Arabic files that the glossary does not match, with "
        "proposed English spellings, as a table 'tarjama glossary import' reads back after "
        "a desk has kept, changed or deleted its rows."
    )
    p.add_argument("inputs", metavar="FILE|DIR", nargs="+", help="Arabic text files or folders")
    p.add_argument("-g", "--glossary", metavar="G", help="names it matches are not listed")
    p.add_argument(
        "--min-count", type=int, default=1, metavar="N", help="only names found N times or more"
    )
    p.add_argument("--format", choices=_FORMATS, default="tsv", help="table format (tsv)")
    p.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")
    p.add_argument("--force", action="store_true", help="replace an existing OUT")
    p.add_argument("--glob", default="*.txt", metavar="PATTERN", help="files in folders (*.txt)")
    p.add_argument(
        "--translations",
        metavar="JSONL",
        action="append",
        default=[],
        help="English of the same files ('tarjama translate --format jsonl' output, a file "
        "or a folder of them): proposes what the model wrote and reports names it spelled "
        "differently; may be repeated",
    )
    p.add_argument(
        "--memory", metavar="PATH", help="translation memory to take approved spellings from"
    )
    p.add_argument("--no-memory", action="store_true", help="do not read the translation memory")
    p.add_argument(
        "--no-transliteration", action="store_true", help="do not ask the transliteration model"
    )
    p.add_argument(
        "--rules",
        action="store_true",
        help="also take names that cue words (الرئيس، وزير، شركة…) or foreign-name shapes "
        "(ـوف، ـيف، ـسكي…) alone point to: more names, more false ones",
    )
    p.set_defaults(func=run_names)


def _inputs(given: list[str], glob: str) -> list[tuple[str, Path]]:
    found: list[tuple[str, Path]] = []
    for item in given:
        path = Path(item)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    file = Path(root) / name
                    if not name.startswith(".") and file.relative_to(path).match(glob):
                        found.append((str(file), file))
        elif path.exists():
            found.append((item, path))
        else:
            raise TranslatorError(f"input {item!r} does not exist")
    if not found:
        raise TranslatorError(f"no files matching {glob!r} in {', '.join(given)}")
    return found


def _translations(paths: list[str]) -> dict[str, str]:
    """Arabic sentence key → English, from ``translate --format jsonl`` files."""
    # lazy: not loaded by `tarjama names --help`, which imports this module
    from translator.memory.keys import memory_key

    english: dict[str, str] = {}
    files: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            files.extend(sorted(path.rglob("*.jsonl")))
        elif path.exists():
            files.append(path)
        else:
            raise TranslatorError(f"--translations {item!r} does not exist")
    for file in files:
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                source, target = record["source"], record["target"]
            except (ValueError, KeyError, TypeError):
                raise TranslatorError(
                    f"{file}:{number}: not a line of 'tarjama translate --format jsonl' "
                    "output (needs 'source' and 'target')"
                ) from None
            if isinstance(source, str) and isinstance(target, str):
                english[memory_key(source)] = target
    return english


def run_names(args: argparse.Namespace) -> int:
    return list_names(
        args.inputs,
        glossary=args.glossary,
        min_count=args.min_count,
        fmt=args.format,
        output=args.output,
        force=args.force,
        glob=args.glob,
        translations=args.translations,
        memory=args.memory,
        no_memory=args.no_memory,
        transliteration=not args.no_transliteration,
        rules=args.rules,
    )


def list_names(
    inputs: list[str],
    *,
    glossary: str | None = None,
    min_count: int = 1,
    fmt: str = "tsv",
    output: str | None = None,
    force: bool = False,
    glob: str = "*.txt",
    translations: list[str] | None = None,
    memory: str | None = None,
    no_memory: bool = False,
    transliteration: bool = True,
    rules: bool = False,
) -> int:
    """Write the table of ``inputs``' unknown names to ``output`` (stdout when None or -)."""
    # lazy: not loaded by `tarjama names --help`, which imports this module
    from translator.memory.keys import memory_key
    from translator.memory.options import open_for_reuse

    # lazy: rapidfuzz, json: when finding names, not for `--help`
    from translator.names.candidates import NameFinder, document_sentences
    from translator.names.consistency import inconsistencies
    from translator.names.proposals import Proposer, load_transliterator
    from translator.names.table import Row, TableFormat, printable, render

    # lazy: not loaded by `tarjama names --help`, which imports this module
    from translator.source_text import read_source

    if min_count < 1:
        raise TranslatorError("--min-count must be 1 or more")
    out = output
    if out not in (None, "-") and os.path.exists(out) and not force:
        raise TranslatorError(f"{out} already exists; pass --force to replace it")
    found = _inputs(inputs, glob)
    if out not in (None, "-"):
        target = Path(out).resolve()
        if any(path.resolve() == target for _, path in found):
            raise TranslatorError(f"-o {out} is one of the inputs; choose another file")
    matcher = Matcher(load_glossary(glossary)) if glossary else None
    documents = []
    for shown, path in found:
        documents.append((shown, document_sentences(read_source(str(path)))))
    # lazy: rapidfuzz, json: when finding names, not for `--help`
    from translator.names.candidates import Signals

    finder = NameFinder(matcher, signals=Signals(cue=rules, shape=rules))
    if finder.tagger is None:
        warn("the name tagger's model is not installed; using cue words and name shapes only")
    candidates = [c for c in finder.corpus(documents) if c.count >= min_count]
    english_of = _translations(translations or [])
    sentence_text = {(name, s.index): s.text for name, sentences in documents for s in sentences}

    def english(document: str, sentence: int) -> str | None:
        text = sentence_text.get((document, sentence))
        return english_of.get(memory_key(text)) if text is not None else None

    lookup: Callable[[str, int], str | None] | None = english if english_of else None
    store = open_for_reuse(memory, no_memory, warn)
    transliterator = load_transliterator() if transliteration else None
    try:
        proposals = Proposer(store, transliterator, lookup).propose(candidates)
    finally:
        if store is not None:
            store.close()
    variants = {i.key: i for i in inconsistencies(candidates, lookup)} if lookup else {}
    rows = [Row(c, p, variants.get(c.key)) for c, p in zip(candidates, proposals, strict=True)]
    text = render(TableFormat(fmt), rows, [shown for shown, _ in found])
    write_output(text, out)
    for inconsistency in variants.values():
        shown = ", ".join(f"{v.spelling} ({len(v.occurrences)})" for v in inconsistency.variants)
        form = printable(inconsistency.form)
        warn(f"{form} is spelled differently in the English: {shown}")
    where = sys.stderr if out in (None, "-") else sys.stdout
    unproposed = sum(1 for r in rows if not r.proposals)
    print(
        f"{out or '<stdout>'}: {len(rows)} unknown names in {len(found)} file(s)"
        + (f", {unproposed} without a proposed spelling" if unproposed else "")
        + (f", {len(variants)} spelled inconsistently" if variants else "")
        + (
            ""
            if transliterator is not None or not transliteration
            else "; no transliteration model installed"
        ),
        file=where,
    )
    return 0


def check_names_output(out: str, files_from: str | None) -> None:
    """Refuse ``translate --names OUT`` before a long run rather than after it."""
    if out == "-":
        raise TranslatorError("--names needs a file; the English goes to the output folder")
    if os.path.exists(out):
        raise TranslatorError(f"--names {out} already exists; move it away or choose another file")
    if files_from == "-":
        raise TranslatorError(
            "--names cannot re-read a file list from standard input; give --files-from a file"
        )


def write_corpus_names(args: argparse.Namespace, outdir: Path) -> None:
    """``translate IN... -o OUTDIR --names OUT``: the corpus-wide candidate table.

    The same files as the run (``corpus_files.discover``); with ``--format jsonl`` the
    English just written is read back for proposals and spelling variants.
    """
    # lazy: rapidfuzz, json: when finding names, not for `--help`
    from translator.corpus_files import discover

    files = discover(
        args.inputs, files_from=args.files_from, glob=args.glob, outdir=outdir, fmt=args.format
    )
    translations = []
    if args.format == "jsonl":
        translations = [str(outdir / f.output) for f in files if (outdir / f.output).exists()]
    list_names(
        [str(f.path) for f in files],
        glossary=args.glossary,
        fmt=_table_format(args.names),
        output=args.names,
        glob="*",
        translations=translations,
        memory=args.memory,
        no_memory=args.no_memory,
    )


def _table_format(path: str) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    return suffix if suffix in _FORMATS else "tsv"
