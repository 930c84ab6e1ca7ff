"""``tarjama tm import|export|stats|remove|lookup``: manage the translation memory.

Nothing heavy is imported until a handler runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from glossary.atomic import write_bytes_atomic
from glossary.safe_text import for_terminal, visible
from translator.memory.location import memory_path
from tui.cli.common import add_memory_options
from tui.cli.common import say as _say


def declare_arguments(tm: argparse.ArgumentParser) -> None:
    tm.description = (
        "The translation memory: approved Arabic-English sentence pairs that "
        "tarjama translate reuses before the model."
    )
    commands = tm.add_subparsers(dest="tm_command", metavar="COMMAND", required=True)

    p = commands.add_parser(
        "import", help="add TMX files, or the approved segments of review projects"
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="TMX file or review project")
    p.add_argument("--origin", help="TMX: record the pairs with this origin (default tmx:NAME)")
    p.add_argument("--source-lang", default="ar", metavar="LANG", help="TMX source (default ar)")
    p.add_argument("--target-lang", default="en", metavar="LANG", help="TMX target (default en)")
    p.add_argument("--user", metavar="NAME", help="projects: who approved (default: OS user)")
    add_memory_options(p, reuse=False)
    p.set_defaults(func=run_tm_import)

    p = commands.add_parser("export", help="write the memory (or one origin of it) as TMX 1.4b")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="TMX file to write, or -")
    p.add_argument("--origin", help="only entries with this origin")
    p.add_argument("--user", metavar="NAME", help="header creationid (default: OS user)")
    p.add_argument(
        "--force", action="store_true", help="replace OUT if it exists (never the memory itself)"
    )
    add_memory_options(p, reuse=False)
    p.set_defaults(func=run_tm_export)

    p = commands.add_parser("stats", help="where the memory is, how many entries, from where")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    add_memory_options(p, reuse=False)
    p.set_defaults(func=run_tm_stats)

    p = commands.add_parser(
        "remove", help="remove entries by id, by Arabic sentence, and/or by origin"
    )
    p.add_argument("--id", type=int, action="append", default=[], metavar="N", help="entry id")
    p.add_argument("--source", metavar="ARABIC", help="entries of this Arabic (normalized)")
    p.add_argument("--origin", help="entries of this origin (with --source: both must hold)")
    add_memory_options(p, reuse=False)
    p.set_defaults(func=run_tm_remove)

    p = commands.add_parser(
        "lookup", help="exact and fuzzy matches for an Arabic sentence (JSON lines)"
    )
    p.add_argument("text", metavar="ARABIC", help="the sentence, or - for standard input")
    p.add_argument("-k", type=int, default=5, metavar="K", help="fuzzy matches (default 5)")
    p.add_argument(
        "--threshold", type=float, default=75.0, metavar="PCT", help="fuzzy score (default 75)"
    )
    add_memory_options(p, reuse=False)
    p.set_defaults(func=run_tm_lookup)


def _open_memory(option: str | None, *, must_exist: bool, read_only: bool = False):
    """The memory (TranslationMemory); a command that only reads opens it ``read_only``."""
    # lazy: not loaded by `tarjama tm --help`, which imports this module
    from translator.memory.errors import MemoryStoreError

    # lazy: sqlite3 and lxml: when run, not for `tarjama tm --help`
    from translator.memory.store import TranslationMemory

    path = memory_path(option)
    if must_exist and not path.exists():
        raise MemoryStoreError(
            f"there is no translation memory at {str(path)!r} yet; "
            "add to it with: tarjama tm import FILE.tmx"
        )
    return TranslationMemory(path, read_only=read_only)


def run_tm_import(args: argparse.Namespace) -> int:
    """Import each file; what was added before an error or Ctrl-C is kept and counted.

    Pairs go in ``BATCH`` at a time (a review approving meanwhile never waits long), so
    an interrupted import keeps the batches it finished, says how many, and running it
    again adds the rest (pairs already there are never duplicated).  A memory this
    command created and added nothing to is removed again.
    """
    # lazy: not loaded by `tarjama tm --help`, which imports this module
    from translator.memory.errors import MemoryStoreError

    # lazy: sqlite3 and lxml: when run, not for `tarjama tm --help`
    from translator.memory.exchange import TmxProgress
    from tui.memory_project import record_approved
    from tui.project import is_project_file, load_project

    for name in args.files:
        if not Path(name).is_file():
            raise MemoryStoreError(f"file {name!r} does not exist")
    target = memory_path(args.memory)
    existed = target.exists()
    added = 0
    progress = TmxProgress()  # of the TMX being read now
    current = ""
    try:
        with _open_memory(args.memory, must_exist=False) as memory:
            for name in args.files:
                path = Path(name)
                if is_project_file(path):
                    counts = record_approved(memory, load_project(path), user=args.user)
                    added += counts.added
                    _say(
                        f"{name}: {counts.added} approved segment(s) added, "
                        f"{counts.updated + counts.unchanged} already there"
                    )
                else:
                    progress, current = TmxProgress(), name
                    _say(f"{name}: {_import_tmx(memory, path, args, progress)}")
                    added += progress.added
                    progress, current = TmxProgress(), ""
    except BaseException as err:
        added += progress.added
        if not existed and not added:
            _remove_memory_files(target)
        elif current and (progress.added or progress.known):
            how = "interrupted" if isinstance(err, KeyboardInterrupt) else "stopped by an error"
            _say(
                f"{current}: {how} after {progress.added} pair(s) were added (and "
                f"{progress.known} found already there); they stay in the memory, and "
                "running the import again adds the rest without duplicates"
            )
        raise
    return 0


def _remove_memory_files(path: Path) -> None:
    """Take away a memory this command made but filled with nothing (and its side files)."""
    import contextlib

    for side in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            Path(f"{path}{side}").unlink()


def _import_tmx(memory, path: Path, args: argparse.Namespace, progress) -> str:
    # lazy: sqlite3 and lxml: when run, not for `tarjama tm --help`
    from translator.memory.exchange import import_tmx

    done = import_tmx(
        memory,
        path,
        origin=args.origin,
        source_lang=args.source_lang,
        target_lang=args.target_lang,
        progress=progress,
    )
    line = f"{done.added} pair(s) added, {done.known} already there"
    if done.skipped:
        line += (
            f", {done.skipped} unit(s) skipped (no {args.source_lang} or {args.target_lang} text)"
        )
    for warning in done.warnings:  # control characters removed from the file's English
        _say(f"warning: {path}: {warning}")
    return line


def run_tm_export(args: argparse.Namespace) -> int:
    # lazy: sqlite3 and lxml: when run, not for `tarjama tm --help`
    from translator.corpus_files import check_output

    # lazy: not loaded by `tarjama tm --help`, which imports this module
    from translator.formats.xliff_common import tool_version

    # lazy: sqlite3 and lxml: when run, not for `tarjama tm --help`
    from translator.memory.exchange import export_tmx
    from translator.memory.store import current_user

    memory_file = memory_path(args.memory)
    check_output(args.output, force=args.force, inputs=[("the translation memory", memory_file)])
    user = current_user() if args.user is None else args.user
    with _open_memory(args.memory, must_exist=True, read_only=True) as memory:
        data, count = export_tmx(memory, user=user, origin=args.origin, tool_version=tool_version())
    if args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_bytes_atomic(args.output, data)
        _say(f"wrote {count} pair(s) to {args.output}")
    return 0


def run_tm_stats(args: argparse.Namespace) -> int:
    path = memory_path(args.memory)
    if not path.exists():
        record = {"path": str(path), "exists": False, "entries": 0, "origins": {}}
    else:
        with _open_memory(args.memory, must_exist=True, read_only=True) as memory:
            stats = memory.stats()
        record = {
            "path": str(stats.path),
            "exists": True,
            "entries": stats.entries,
            "origins": stats.origins,
            "oldest": stats.oldest,
            "newest": stats.newest,
            "size_bytes": stats.size_bytes,
        }
    if args.json:
        print(for_terminal(json.dumps(record, ensure_ascii=False), sys.stdout))
        return 0
    print(f"translation memory: {record['path']}")
    if not record["exists"]:
        print("not created yet (tarjama tm import, or approving in review, creates it)")
        return 0
    print(f"entries: {record['entries']}  size: {record['size_bytes'] / 1e6:.1f} MB")
    if record["entries"]:
        print(f"changed between {record['oldest']} and {record['newest']}")
    for origin, count in record["origins"].items():
        print(f"  {count:>8}  {visible(origin) or '(no origin)'}")  # origins come from files
    return 0


def run_tm_remove(args: argparse.Namespace) -> int:
    # lazy: not loaded by `tarjama tm --help`, which imports this module
    from translator.memory.errors import MemoryStoreError

    if not args.id and args.source is None and args.origin is None:
        raise MemoryStoreError("say what to remove: --id N, --source ARABIC and/or --origin O")
    with _open_memory(args.memory, must_exist=True) as memory:
        removed = memory.remove(ids=args.id, source=args.source, origin=args.origin)
    _say(f"removed {removed} entr{'y' if removed == 1 else 'ies'}")
    return 0


def run_tm_lookup(args: argparse.Namespace) -> int:
    text = sys.stdin.read() if args.text == "-" else args.text
    text = text.strip()
    with _open_memory(args.memory, must_exist=True, read_only=True) as memory:
        exact = memory.exact(text)
        matches = memory.fuzzy(text, k=args.k, threshold=args.threshold)
    if exact is not None:
        record = {"match": "exact", "id": exact.id, "source": exact.source}
        record.update(target=exact.target, origin=exact.origin)
        print(for_terminal(json.dumps(record, ensure_ascii=False), sys.stdout))
    for m in matches:
        record = {
            "match": "fuzzy",
            "id": m.entry.id,
            "score": m.score,
            "source": m.entry.source,
            "target": m.entry.target,
            "origin": m.entry.origin,
            "differs_in_query": [list(span) for span in m.query_differs],
            "differs_in_match": [list(span) for span in m.match_differs],
        }
        print(for_terminal(json.dumps(record, ensure_ascii=False), sys.stdout))
    return 0
