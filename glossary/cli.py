"""The ``tarjama glossary`` command: list, add, edit, remove, check, match, import, export.

``declare_arguments`` gives the ``glossary`` parser its subcommands (``tarjama``'s
command table, ``tui.cli.COMMANDS``, calls it; ``register`` adds the command to a
parser of its own for ``python -m glossary``, which stays inside this package); every
subcommand sets ``func`` to a handler returning the exit code.  Handlers raise GlossaryError
for anything the user can fix (the top-level CLI prints it after
``tarjama: error:`` and exits 1); warnings go to stderr; results to stdout.
Every file write is atomic and happens only after all checks passed.

``-`` is standard input for every file argument (``--glossary``, ``SRC``,
``TEXT``) and standard output for ``-o``; the commands that write the glossary
back (add, edit, remove) refuse ``-g -``, as there is no file to write to.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from glossary.builder import ON_CONFLICT
from glossary.checks import glossary_warnings
from glossary.entry import (
    FLAGS,
    TYPES,
    Entry,
    clean_note,
    clean_target,
    clean_type,
    require_arabic,
)
from glossary.errors import GlossaryError
from glossary.exchange import FORMATS, export_glossary, read_import, without_flags
from glossary.index_cache import load_matcher
from glossary.normalize import form_key
from glossary.safe_text import for_terminal, visible
from glossary.sourcefile import STDIN, read_bytes
from glossary.storage import (
    dump_glossary,
    format_entry,
    load_glossary,
    parse_glossary,
    save_glossary,
)
from glossary.termbase import Glossary

_TYPE_HELP = f"entry type: {', '.join(TYPES)} (an empty string clears it)"


HELP = "edit, check and exchange the proper-name glossary"


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``glossary`` command to a top-level parser (``python -m glossary``, tests)."""
    declare_arguments(subparsers.add_parser("glossary", help=HELP))


def declare_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``glossary`` command's subcommands, options and handlers (``tui.cli.COMMANDS``)."""
    parser.description = (
        "Edit, check and exchange the proper-name glossary, and find its names in Arabic text."
    )
    commands = parser.add_subparsers(dest="glossary_command", metavar="COMMAND", required=True)

    p = commands.add_parser("list", help="print the entries, one a line")
    _glossary_option(p)
    p.add_argument("--type", choices=TYPES, help="only entries of this type")
    p.set_defaults(func=handle_list)

    p = commands.add_parser(
        "add",
        help="add an Arabic form to the entry for ENGLISH (created if needed)",
        description="Add an Arabic form to the entry with that English target, or create "
        "the entry. The glossary file is created if it does not exist.",
    )
    _glossary_option(p)
    p.add_argument("arabic", metavar="ARABIC", help="the Arabic form as written")
    p.add_argument("english", metavar="ENGLISH", help="the exact English spelling to enforce")
    p.add_argument("--type", help=_TYPE_HELP)
    p.add_argument("--note", help="a one-line note for translators")
    p.add_argument(
        "--replace",
        action="store_true",
        help="move the form from the entry it already belongs to",
    )
    _flag_options(p, "the form")
    p.set_defaults(func=handle_add)

    p = commands.add_parser(
        "edit",
        help="change an entry's target, type, note or forms",
        description="Change the entry identified by KEY (its English target or one of its "
        "Arabic forms).",
    )
    _glossary_option(p)
    p.add_argument("key", metavar="KEY", help="the entry's English target or an Arabic form")
    p.add_argument("--target", help="new English target")
    p.add_argument("--type", help=_TYPE_HELP)
    p.add_argument("--note", help="new note (an empty string clears it)")
    p.add_argument(
        "--add-form",
        action="append",
        default=[],
        metavar="ARABIC",
        help="add an Arabic form (repeatable)",
    )
    p.add_argument(
        "--remove-form",
        action="append",
        default=[],
        metavar="ARABIC",
        help="remove an Arabic form (repeatable)",
    )
    p.add_argument(
        "--replace",
        action="store_true",
        help="let --add-form move a form that belongs to another entry",
    )
    _flag_options(p, "every form of the entry (or those given with --form)")
    p.add_argument(
        "--form",
        action="append",
        default=[],
        metavar="ARABIC",
        help="apply the flag options to this form only (repeatable)",
    )
    p.set_defaults(func=handle_edit)

    p = commands.add_parser(
        "remove",
        help="remove an entry (by English target) or one Arabic form",
    )
    _glossary_option(p)
    p.add_argument("key", metavar="ARABIC_OR_ENGLISH")
    p.set_defaults(func=handle_remove)

    p = commands.add_parser(
        "check",
        help="validate a glossary file; exit 1 on problems",
        description="Report every problem (exit 1) and every warning (duplicates, "
        "case-only differences, article-only differences, forms that are also ordinary "
        "Arabic words, forms without Arabic letters, control characters) in a glossary file.",
    )
    _glossary_option(p)
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    p.set_defaults(func=handle_check)

    p = commands.add_parser(
        "match",
        help="print the glossary names found in Arabic text as JSON lines",
        description='Print one JSON object per match: {"start", "end", "source", "target", '
        '"suggest"}, with code-point offsets into the text as given. The text is one '
        "document: a one-word form that is also an ordinary word and part of a longer form "
        "(سلام in نواف سلام) counts only after that longer form appeared earlier in it.",
    )
    _glossary_option(p)
    p.add_argument(
        "text",
        metavar="TEXT",
        nargs="?",
        default="-",
        help="the Arabic text, or - (default) to read standard input",
    )
    p.add_argument(
        "--file",
        "-f",
        metavar="FILE",
        help="read the text from FILE (- for standard input) instead of TEXT",
    )
    p.set_defaults(func=handle_match)

    p = commands.add_parser(
        "import",
        help="convert an OmegaT, CSV or TBX glossary into a tarjama glossary",
        description="Convert SRC into a tarjama glossary file DEST. A malformed SRC is refused "
        "with every bad line and nothing is written. An existing DEST is kept unless "
        "--force (overwrite) or --merge (add to it) is given.",
    )
    p.add_argument("src", metavar="SRC", help="the file to import, or - for standard input")
    p.add_argument(
        "-o", "--output", required=True, metavar="DEST", help="the glossary to write (- for stdout)"
    )
    p.add_argument("--format", default="auto", choices=("auto", *FORMATS))
    p.add_argument(
        "--on-conflict",
        default="error",
        choices=ON_CONFLICT,
        help="an Arabic form mapped to two English targets, in SRC or (with --merge) "
        "between SRC and DEST: error (refuse the file, the default), first (keep the first "
        "target; DEST's comes first), skip (drop the form from both)",
    )
    p.add_argument(
        "--type",
        choices=TYPES,
        help="the type of every imported entry that SRC gives none (OmegaT has no type "
        "column; a comment that is exactly a type name also gives one)",
    )
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--force", action="store_true", help="overwrite DEST")
    mode.add_argument("--merge", action="store_true", help="add the entries to DEST")
    p.add_argument(
        "--replace",
        action="store_true",
        help="with --merge, move forms that DEST maps to another target",
    )
    p.set_defaults(func=handle_import)

    p = commands.add_parser(
        "export",
        help="write a tarjama glossary as OmegaT, CSV or TBX",
    )
    p.add_argument("src", metavar="SRC", help="the tarjama glossary file (- for stdin)")
    p.add_argument(
        "-o", "--output", required=True, metavar="DEST", help="the file to write (- for stdout)"
    )
    p.add_argument("--format", required=True, choices=FORMATS)
    p.add_argument("--force", action="store_true", help="replace DEST if it exists")
    p.add_argument(
        "--drop-flags",
        action="store_true",
        help="leave out form flags ({suggest}, {always}, {article}) the format cannot hold",
    )
    p.set_defaults(func=handle_export)


def _glossary_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--glossary",
        "-g",
        required=True,
        metavar="FILE",
        help="the glossary file (.tsv); - reads it from standard input",
    )


_FLAG_HELP = {
    "suggest": "found and shown, never forced into the English",
    "always": "count this one-word form even before its full name appeared in the document",
    "article": "also match the word with the article ال (as organizations always do)",
}


def _flag_options(parser: argparse.ArgumentParser, what: str) -> None:
    for flag in FLAGS:
        parser.add_argument(
            f"--{flag}",
            action=argparse.BooleanOptionalAction,
            default=None,
            help=f"mark {what} {{{flag}}}: {_FLAG_HELP[flag]}",
        )


def _flag_changes(args: argparse.Namespace) -> dict[str, bool]:
    return {flag: getattr(args, flag) for flag in FLAGS if getattr(args, flag) is not None}


def _writable(path: str) -> str:
    if path == STDIN:
        raise GlossaryError(
            "--glossary - reads the glossary from standard input, which cannot be written "
            "back; give the glossary file"
        )
    return path


def _warn(lines: list[str]) -> None:
    for line in lines:
        print(f"tarjama: warning: {visible(line)}", file=sys.stderr)


def _show(entry: Entry) -> str:
    """An entry as a display line: its file syntax, controls shown escaped (``safe_text``)."""
    return visible(format_entry(entry), keep="\t")


def _load_or_new(path: str) -> Glossary:
    return load_glossary(path) if os.path.exists(path) else Glossary()


def handle_list(args: argparse.Namespace) -> int:
    for entry in load_glossary(args.glossary):
        if args.type is None or entry.type == args.type:
            print(_show(entry))
    return 0


def handle_add(args: argparse.Namespace) -> int:
    glossary = _load_or_new(_writable(args.glossary))
    require_arabic(args.arabic)
    changes = _flag_changes(args)
    flags = frozenset(f for f, on in changes.items() if on) if changes else None
    entry = glossary.add(
        args.arabic,
        args.english,
        type=args.type,
        note=args.note,
        replace=args.replace,
        flags=flags,
    )
    save_glossary(glossary, args.glossary)
    print(_show(entry))
    return 0


def _find_entry(glossary: Glossary, key: str) -> Entry:
    entry = glossary.entry_for_target(key) or glossary.entry_for_form(key)
    if entry is None:
        raise GlossaryError(
            f"no entry has the English target or Arabic form {key.strip()!r}; "
            "see: tarjama glossary list --glossary FILE"
        )
    return entry


def handle_edit(args: argparse.Namespace) -> int:
    changes = _flag_changes(args)
    if all(v is None for v in (args.target, args.type, args.note)) and not (
        args.add_form or args.remove_form or changes
    ):
        raise GlossaryError(
            "nothing to change; give --target, --type, --note, --add-form, --remove-form "
            f"or a flag ({', '.join('--' + f for f in FLAGS)})"
        )
    if args.form and not changes:
        raise GlossaryError("--form chooses the forms a flag option changes; give one")
    glossary = load_glossary(_writable(args.glossary))
    entry = _find_entry(glossary, args.key)
    if args.target is not None:
        new_target = args.target.strip()
        other = glossary.entry_for_target(new_target)
        if other is not None and other is not entry:
            raise GlossaryError(
                f"another entry already has the target {new_target!r}; move the forms with "
                f"add/--replace or remove one of the entries first"
            )
        entry.target = new_target
    for form in args.remove_form:
        wanted = form_key(form)
        kept = [f for f in entry.forms if form_key(f) != wanted]
        if len(kept) == len(entry.forms):
            raise GlossaryError(f"{entry.target!r} has no Arabic form {form.strip()!r}")
        if not kept:
            raise GlossaryError(
                f"cannot remove the last Arabic form of {entry.target!r}; "
                f"to delete the entry use: tarjama glossary remove --glossary FILE "
                f"{entry.target!r}"
            )
        entry.forms = kept
    if args.type is not None:
        entry.type = args.type
    if args.note is not None:
        entry.note = args.note
    for form in args.add_form:
        glossary.add(require_arabic(form), entry.target, replace=args.replace)
    _apply_flags(entry, changes, args.form)
    # add() validates what it adds; clean the fields set directly before saving.
    entry.target = clean_target(entry.target)
    entry.type = clean_type(entry.type)
    entry.note = clean_note(entry.note)
    save_glossary(glossary, args.glossary)
    print(_show(entry))
    return 0


def _apply_flags(entry: Entry, changes: dict[str, bool], chosen: list[str]) -> None:
    forms = entry.forms
    if chosen:
        wanted = {form_key(f): f for f in chosen}
        forms = [f for f in entry.forms if form_key(f) in wanted]
        missing = set(wanted) - {form_key(f) for f in forms}
        if missing:
            shown = next(wanted[k] for k in wanted if k in missing)
            raise GlossaryError(f"{entry.target!r} has no Arabic form {shown.strip()!r}")
    for form in forms:
        flags = set(entry.form_flags(form))
        for flag, on in changes.items():
            (flags.add if on else flags.discard)(flag)
        entry.set_flags(form, flags)


def handle_remove(args: argparse.Namespace) -> int:
    glossary = load_glossary(_writable(args.glossary))
    touched = glossary.remove(args.key)
    if not touched:
        raise GlossaryError(
            f"no entry has the English target or Arabic form {args.key.strip()!r}; "
            "see: tarjama glossary list --glossary FILE"
        )
    save_glossary(glossary, args.glossary)
    for entry in touched:
        if entry in glossary.entries:
            print(f"removed form {args.key.strip()!r}; now: {_show(entry)}")
        else:
            print(f"removed entry: {_show(entry)}")
    return 0


def handle_check(args: argparse.Namespace) -> int:
    builder = parse_glossary(args.glossary)
    for line in builder.problems:
        print(f"error: {visible(line)}")
    warnings = list(builder.warnings)
    if not builder.problems:
        for entry, warning in glossary_warnings(builder.glossary):
            warnings.append(f"{builder.where(builder.line_of(entry))}: {warning}")
    for line in warnings:
        print(f"warning: {visible(line)}")
    if builder.problems:
        print(f"{visible(str(builder.path))}: {len(builder.problems)} problem(s)")
        return 1
    glossary = builder.glossary
    forms = sum(len(e.forms) for e in glossary)
    print(
        f"{visible(str(builder.path))}: OK, {len(glossary)} entries, {forms} Arabic forms, "
        f"{len(warnings)} warning(s)"
    )
    return 1 if args.strict and warnings else 0


def _read_text(path: str) -> str:
    data = read_bytes(path)
    where = "standard input" if path == STDIN else path
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GlossaryError(
            f"{where} is not valid UTF-8 (byte offset {exc.start}); convert it to UTF-8"
        ) from None


def handle_match(args: argparse.Namespace) -> int:
    source = args.file if args.file is not None else args.text
    if args.file is not None and args.text != STDIN:
        raise GlossaryError("give the text either as TEXT or with --file, not both")
    if source == STDIN and args.glossary == STDIN:
        raise GlossaryError(
            "the glossary and the text cannot both come from standard input; "
            "give one of them as a file"
        )
    matcher = load_matcher(args.glossary)
    text = _read_text(source) if args.file is not None or source == STDIN else source
    for match in matcher.find_document([text])[0]:
        record = {
            "start": match.start,
            "end": match.end,
            "source": match.source,
            "target": match.target,
            "suggest": match.suggest,
        }
        print(for_terminal(json.dumps(record, ensure_ascii=False), sys.stdout))
    return 0


def handle_import(args: argparse.Namespace) -> int:
    dest = args.output
    if dest == STDIN and args.merge:
        raise GlossaryError("--merge adds to an existing glossary file; give it with -o FILE")
    if STDIN not in (args.src, dest) and os.path.exists(dest) and os.path.samefile(args.src, dest):
        raise GlossaryError(f"{dest} is the file being imported; choose another -o")
    builder = read_import(args.src, args.format, args.on_conflict, args.type)
    glossary = builder.build()
    _warn(builder.warnings)
    summary = builder.conflict_summary()
    if summary:
        _warn([summary])
    what = (
        "OmegaT files have no type column"
        if builder.format == "omegat"
        else "the file gives none for them"
    )
    untyped = builder.untyped_summary(what)
    if untyped:
        _warn([untyped])
    dropped = builder.conflicts
    if args.merge:
        glossary, clashes = _merge(
            _load_or_new(dest), glossary, replace=args.replace, on_conflict=args.on_conflict
        )
        if clashes:
            dropped += clashes
            how = "kept DEST's target" if args.on_conflict == "first" else "dropped both"
            _warn(
                [
                    f"{dest}: {clashes} imported Arabic form(s) already map to another target "
                    f"in it; --on-conflict {args.on_conflict} {how}"
                ]
            )
    elif dest != STDIN and os.path.exists(dest) and not args.force:
        raise GlossaryError(
            f"{dest} already exists; use --merge to add the imported entries to it "
            "or --force to overwrite it"
        )
    kept = sum(len(e.forms) for e in glossary)
    report = (
        f"wrote {len(glossary)} entries: {kept} Arabic forms kept, "
        f"{dropped} dropped (--on-conflict {args.on_conflict})"
    )
    if dest == STDIN:
        sys.stdout.write(for_terminal(dump_glossary(glossary), sys.stdout))
        print(f"<stdout>: {report}", file=sys.stderr)
    else:
        save_glossary(glossary, dest)
        print(f"{dest}: {report}")
    return 0


def _merge(
    base: Glossary, incoming: Glossary, *, replace: bool, on_conflict: str = "error"
) -> tuple[Glossary, int]:
    """``base`` with ``incoming`` added; returns it and the forms dropped by clashes.

    Linear in the forms of both: forms and targets are indexed once.  A form that
    ``base`` maps to another target moves with ``replace``; otherwise
    ``on_conflict`` decides (error: refuse, listing every clash; first: ``base``
    keeps it; skip: dropped from both)."""
    by_target = {e.target: e for e in base.entries}
    by_key: dict[tuple[str, ...], Entry] = {}
    for entry in base.entries:
        for form in entry.forms:
            by_key.setdefault(form_key(form), entry)
    problems: list[str] = []
    skipped: set[tuple[str, ...]] = set()
    clashes = 0
    for entry in incoming:
        merged = by_target.get(entry.target)
        for form in entry.forms:
            key = form_key(form)
            if key in skipped:
                clashes += 1
                continue
            owner = by_key.get(key)
            if owner is not None and owner.target != entry.target:
                if replace:
                    _drop_form(owner, key)
                elif on_conflict == "error":
                    problems.append(
                        f"Arabic form {form!r} already maps to {owner.target!r}; to map it to "
                        f"{entry.target!r} instead, import with --replace (or --on-conflict "
                        "first or skip to keep going)"
                    )
                    continue
                else:
                    clashes += 1
                    if on_conflict == "skip":
                        _drop_form(owner, key)
                        skipped.add(key)
                        clashes += 1  # DEST's form goes too
                    continue
            if merged is None:
                merged = Entry(target=entry.target, forms=[], type=entry.type, note=entry.note)
                base.entries.append(merged)
                by_target[entry.target] = merged
            if owner is not merged:
                merged.forms.append(form)
            by_key[key] = merged
            flags = entry.form_flags(form)
            if flags and form in merged.forms:
                merged.set_flags(form, merged.form_flags(form) | flags)
        if merged is not None:
            merged.type = merged.type or entry.type
            merged.note = merged.note or entry.note
    if problems:
        raise GlossaryError(problems)
    base.entries = [e for e in base.entries if e.forms]
    return base, clashes


def _drop_form(entry: Entry, key: tuple[str, ...]) -> None:
    gone = [f for f in entry.forms if form_key(f) == key]
    entry.forms = [f for f in entry.forms if f not in gone]
    for form in gone:
        entry.flags.pop(form, None)


def handle_export(args: argparse.Namespace) -> int:
    glossary = load_glossary(args.src)
    dest = args.output
    if STDIN not in (args.src, dest) and os.path.exists(dest) and os.path.samefile(args.src, dest):
        raise GlossaryError(f"{dest} is the glossary being exported; choose another -o")
    if dest != STDIN and os.path.exists(dest) and not args.force:
        raise GlossaryError(f"{dest} already exists; add --force to replace it, or another -o")
    if args.drop_flags:
        glossary = without_flags(glossary)
    _warn(export_glossary(glossary, dest, args.format))
    where = sys.stderr if dest == STDIN else sys.stdout
    shown = "<stdout>" if dest == STDIN else dest
    print(f"{shown}: wrote {len(glossary)} entries as {args.format}", file=where)
    return 0
