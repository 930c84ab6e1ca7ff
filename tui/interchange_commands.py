"""The ``import-xliff`` and ``tm`` commands: work that comes back from other tools.

``tarjama import-xliff FILE`` puts an XLIFF reviewed elsewhere back into its review
project (``tui.xliff_project`` says what is kept and what is refused) and records the
approved segments in the translation memory.  ``tarjama tm import|export|stats|remove|
lookup`` manage the memory.  Nothing heavy is imported until a handler runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from glossary.safe_text import for_terminal, visible
from translator.memory.options import add_memory_options


def register(subparsers: argparse._SubParsersAction) -> None:
    imp = subparsers.add_parser(
        "import-xliff",
        help="bring an XLIFF reviewed in another tool back into its review project",
        description="Bring an XLIFF reviewed in another tool (OmegaT, Trados, memoQ, ...) back "
        "into its review project, keeping the targets and states set there. The file's "
        "sentences must be the project's; segments edited or approved in tarjama since the "
        "export are not overwritten without --overwrite.",
    )
    imp.add_argument("file", metavar="FILE", help="the XLIFF file (1.2 or 2.x)")
    imp.add_argument(
        "--project",
        metavar="P",
        help="review project (FILE.tarjama.json) or its Arabic file (default: the file the "
        "XLIFF names, beside it)",
    )
    imp.add_argument(
        "--overwrite",
        action="store_true",
        help="take the file's version even of segments edited or approved in tarjama since",
    )
    imp.add_argument(
        "--no-memory", action="store_true", help="do not record approved segments in the memory"
    )
    imp.add_argument("--memory", metavar="PATH", help="translation memory file to record into")
    imp.add_argument("--user", metavar="NAME", help="who approved (default: your OS user name)")
    imp.set_defaults(func=run_import_xliff)

    tm = subparsers.add_parser(
        "tm",
        help="the translation memory of approved translations: import, export, stats, remove",
        description="The translation memory: approved Arabic-English sentence pairs that "
        "tarjama translate reuses before the model.",
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


def _open_memory(option: str | None, *, must_exist: bool):  # -> TranslationMemory
    from translator.memory.errors import MemoryStoreError
    from translator.memory.location import memory_path
    from translator.memory.store import TranslationMemory

    path = memory_path(option)
    if must_exist and not path.exists():
        raise MemoryStoreError(
            f"there is no translation memory at {str(path)!r} yet; "
            "add to it with: tarjama tm import FILE.tmx"
        )
    return TranslationMemory(path)


def _say(message: str) -> None:
    print(f"tarjama: {visible(message)}", file=sys.stderr)


# ---------------------------------------------------------------------- import-xliff
def run_import_xliff(args: argparse.Namespace) -> int:
    import_xliff(
        args.file,
        args.project,
        overwrite=args.overwrite,
        memory=None if args.no_memory else (args.memory or ""),
        user=args.user,
    )
    return 0


def import_xliff(
    file: str, project_option: str | None, *, overwrite: bool, memory: str | None, user: str | None
) -> Path:
    """Bring ``file`` into its review project and say what changed; the project's path.

    ``memory``: None records nothing, "" the default memory, else that file.  Used by
    ``tarjama import-xliff`` and ``tarjama review --from``.
    """
    from translator.formats.xliff_read import read_xliff
    from tui.opening import open_review
    from tui.project import save_project
    from tui.xliff_project import find_project_for, import_document

    xliff_path = Path(file)
    if not xliff_path.is_file():
        from tui.errors import ProjectError

        raise ProjectError(f"XLIFF file {file!r} does not exist")
    doc = read_xliff(xliff_path)
    opened = open_review(find_project_for(xliff_path, doc, project_option))
    project = opened.project
    if opened.created:
        _adopt_document_facts(project, doc, xliff_path)
    report = import_document(project, doc, file, overwrite=overwrite)
    save_project(project)
    counts = project.counts()
    states = ", ".join(f"{n} {status}" for status, n in counts.items() if n)
    line = (
        f"imported {file} into {project.path}: {report.total} segments, "
        f"{len(report.changed)} changed ({len(report.newly_approved)} newly approved); {states}"
    )
    if report.overwritten:
        line += f"; {len(report.overwritten)} segment(s) edited here were overwritten"
    _say(line)
    for warning in doc.warnings:  # control characters removed from the file's English
        _say(f"warning: {file}: {warning}")
    if report.foreign_notes:
        _say(
            f"warning: {report.foreign_notes} note(s) added in the other tool are not kept "
            "(a review project has no place for them)"
        )
    if memory is not None and counts["approved"]:
        _record_in_memory(project, memory or None, user)
    return project.path


def _adopt_document_facts(project, doc, xliff_path: Path) -> None:  # (Project, BilingualDocument)
    """A project created for the import takes the model, glossary and place the file names."""
    model = doc.metadata.get("model")
    if model:
        project.model_id = model
    current = doc.metadata.get("current", "")
    if current.isdigit() and int(current) < len(project.segments):
        project.current = int(current)
    glossary = doc.metadata.get("glossary")
    if glossary:
        for base in (project.path.parent, xliff_path.parent, Path.cwd()):
            candidate = Path(glossary) if Path(glossary).is_absolute() else base / glossary
            if candidate.is_file():
                project.glossary_path = candidate
                break


def _record_in_memory(project, option: str | None, user: str | None) -> None:
    from translator.memory.store import fts5_available, no_fts5_message
    from tui.memory_project import record_approved

    if not fts5_available():
        _say("warning: approved segments not recorded: " + no_fts5_message())
        return
    with _open_memory(option, must_exist=False) as memory:
        counts = record_approved(memory, project, user=user)
        _say(
            f"translation memory {memory.path}: {counts.added} approved segment(s) added, "
            f"{counts.updated + counts.unchanged} already there"
        )


# ---------------------------------------------------------------------- tm
def run_tm_import(args: argparse.Namespace) -> int:
    from translator.memory.errors import MemoryStoreError
    from tui.memory_project import record_approved
    from tui.project import is_project_file, load_project

    for name in args.files:
        if not Path(name).is_file():
            raise MemoryStoreError(f"file {name!r} does not exist")
    with _open_memory(args.memory, must_exist=False) as memory:
        for name in args.files:
            path = Path(name)
            if is_project_file(path):
                counts = record_approved(memory, load_project(path), user=args.user)
                _say(
                    f"{name}: {counts.added} approved segment(s) added, "
                    f"{counts.updated + counts.unchanged} already there"
                )
            else:
                _say(f"{name}: {_import_tmx(memory, path, args)}")
    return 0


def _import_tmx(memory, path: Path, args: argparse.Namespace) -> str:  # memory: TranslationMemory
    from translator.memory.exchange import import_tmx

    done = import_tmx(
        memory,
        path,
        origin=args.origin,
        source_lang=args.source_lang,
        target_lang=args.target_lang,
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
    from translator.formats.xliff_common import tool_version
    from translator.memory.exchange import export_tmx
    from translator.memory.store import current_user

    user = current_user() if args.user is None else args.user
    with _open_memory(args.memory, must_exist=True) as memory:
        data, count = export_tmx(memory, user=user, origin=args.origin, tool_version=tool_version())
    if args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        from glossary.atomic import write_bytes_atomic

        write_bytes_atomic(args.output, data)
        _say(f"wrote {count} pair(s) to {args.output}")
    return 0


def run_tm_stats(args: argparse.Namespace) -> int:
    from translator.memory.location import memory_path

    path = memory_path(args.memory)
    if not path.exists():
        record = {"path": str(path), "exists": False, "entries": 0, "origins": {}}
    else:
        with _open_memory(args.memory, must_exist=True) as memory:
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
    with _open_memory(args.memory, must_exist=True) as memory:
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
