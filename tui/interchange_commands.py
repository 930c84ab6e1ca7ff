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
    imp.add_argument(
        "--glossary",
        metavar="G",
        help="the review's glossary (checked on approvals); a file's metadata never picks one",
    )
    imp.add_argument(
        "--model", metavar="M", help="a review created by the import: its model (as for review)"
    )
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
    from translator.memory.errors import MemoryStoreError
    from translator.memory.location import memory_path
    from translator.memory.store import TranslationMemory

    path = memory_path(option)
    if must_exist and not path.exists():
        raise MemoryStoreError(
            f"there is no translation memory at {str(path)!r} yet; "
            "add to it with: tarjama tm import FILE.tmx"
        )
    return TranslationMemory(path, read_only=read_only)


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
        glossary=args.glossary,
        model=args.model,
    )
    return 0


def import_xliff(
    file: str,
    project_option: str | None,
    *,
    overwrite: bool,
    memory: str | None,
    user: str | None,
    glossary: str | None = None,
    model: str | None = None,
) -> Path:
    """``tarjama import-xliff``: ``import_xliff_locked`` with the lock let go at the end."""
    path, lock = import_xliff_locked(
        file, project_option, overwrite=overwrite, memory=memory, user=user,
        glossary=glossary, model=model,
    )  # fmt: skip
    lock.release()
    return path


def import_xliff_locked(
    file: str,
    project_option: str | None,
    *,
    overwrite: bool,
    memory: str | None,
    user: str | None,
    glossary: str | None = None,
    model: str | None = None,
):  # -> tuple[Path, ProjectLock]
    """Bring ``file`` into its review project and say what changed; the project's path and
    its lock, still held (``review --from`` goes on to review under it).

    The project lock is taken before the project is read: with a review open the import
    is refused and nothing is written.  Then everything is checked (the file against
    the project, conflicts, the memory opened and proved writable) before the one save
    and the one memory transaction.  ``memory``: None records nothing, "" the default
    memory, else that file.  The glossary and model are the project's or the ones given
    (``glossary``, ``model``), never those the file's metadata names.
    """
    from translator.formats.xliff_read import read_xliff
    from tui.errors import ProjectError
    from tui.opening import open_review
    from tui.project_lock import ProjectLock, project_file_for
    from tui.xliff_project import find_project_for, import_document

    xliff_path = Path(file)
    if not xliff_path.is_file():
        raise ProjectError(f"XLIFF file {file!r} does not exist")
    doc = read_xliff(xliff_path)
    target = find_project_for(xliff_path, doc, project_option)
    if not Path(target).exists():
        open_review(target)  # the one-line error for a missing file, before any lock file
    lock = ProjectLock.acquire(project_file_for(target))
    try:
        opened = open_review(target, glossary, model)
        project = opened.project
        if opened.created:
            _adopt_document_facts(project, doc)
        report = import_document(project, doc, file, overwrite=overwrite)
        store = None
        if memory is not None and project.counts()["approved"]:
            store = _memory_for_import(memory or None)
        try:
            from tui.project import save_project

            save_project(project)
            _report_import(file, project, report, doc, opened)
            if store is not None:
                _record_in_memory(store, project, user)
        finally:
            if store is not None:
                store.close()
    except BaseException:
        lock.release()
        raise
    return project.path, lock


def _report_import(file: str, project, report, doc, opened) -> None:  # (Project, ImportReport, ...)
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
    _show_metadata(file, doc, opened)
    for index, missing in _names_missing(opened, report.newly_approved):
        _say(
            f"warning: segment {index + 1} was approved in {file} without the glossary "
            f"name(s) {', '.join(repr(m) for m in missing)}; check it in tarjama review"
        )


def _show_metadata(file: str, doc, opened) -> None:  # (BilingualDocument, Opened)
    """The glossary and model the file names, where they are not the review's: shown, never
    adopted (a file from outside must not choose what tarjama loads or writes to)."""
    project = opened.project
    using = {
        "glossary": xliff_relative(project.glossary_path, project.path.parent),
        "model": project.model_id or "",
    }
    named = [
        f"{what} {doc.metadata[what]!r}"
        for what in ("glossary", "model")
        if doc.metadata.get(what) and doc.metadata[what] != using[what]
    ]
    if named:
        _say(
            f"note: {file} names {' and '.join(named)}, which this review does not use; a "
            "file's metadata is never adopted (give --glossary G / --model M to choose)"
        )


def xliff_relative(path: Path | None, folder: Path) -> str:
    if path is None:
        return ""
    from tui.xliff_project import relative_path

    return relative_path(path, folder)


def _names_missing(opened, indices: list[int]) -> list[tuple[int, tuple[str, ...]]]:
    """Approved segments whose English lacks a name the project's glossary requires."""
    if opened.glossary is None or not indices:
        return []
    from tui.term_check import TermChecker

    segments = opened.project.segments
    checker = TermChecker(opened.glossary, [s.source for s in segments])
    found = []
    for index in indices:
        seg = segments[index]
        missing = checker.check(seg.source, seg.target, index=index).missing
        if missing:
            found.append((index, missing))
    return found


def _adopt_document_facts(project, doc) -> None:  # (Project, BilingualDocument)
    """A project created for the import takes the place the file was at, nothing more.

    The glossary and model a file's metadata names are data from outside: a project's
    glossary and model are what the user names (``_report_import`` shows them).
    """
    current = doc.metadata.get("current", "")
    if current.isdigit() and int(current) < len(project.segments):
        project.current = int(current)


def _memory_for_import(option: str | None):  # -> TranslationMemory | None
    """The memory to record into, opened and proved writable before anything is saved."""
    from translator.memory.store import TranslationMemory, fts5_available, no_fts5_message

    if not fts5_available():
        _say("warning: approved segments not recorded: " + no_fts5_message())
        return None
    from translator.memory.location import memory_path

    store = TranslationMemory(memory_path(option))
    try:
        store.check_writable()
    except BaseException:
        store.close()
        raise
    return store


def _record_in_memory(memory, project, user: str | None) -> None:
    from translator.memory.errors import MemoryStoreError
    from tui.memory_project import record_approved

    try:
        counts = record_approved(memory, project, user=user)
    except MemoryStoreError as err:
        raise MemoryStoreError(
            f"the import is saved in {project.path}, but its approvals are not in the memory: "
            f"{err}; add them with: tarjama tm import {project.path}"
        ) from err
    _say(
        f"translation memory {memory.path}: {counts.added} approved segment(s) added, "
        f"{counts.updated + counts.unchanged} already there"
    )


# ---------------------------------------------------------------------- tm
def run_tm_import(args: argparse.Namespace) -> int:
    """Import each file; what was added before an error or Ctrl-C is kept and counted.

    Pairs go in ``BATCH`` at a time (a review approving meanwhile never waits long), so
    an interrupted import keeps the batches it finished, says how many, and running it
    again adds the rest (pairs already there are never duplicated).  A memory this
    command created and added nothing to is removed again.
    """
    from translator.memory.errors import MemoryStoreError
    from translator.memory.exchange import TmxProgress
    from translator.memory.location import memory_path
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
    from translator.corpus_files import check_output
    from translator.formats.xliff_common import tool_version
    from translator.memory.exchange import export_tmx
    from translator.memory.location import memory_path
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
