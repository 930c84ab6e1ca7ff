"""``tarjama import-xliff FILE``: an XLIFF reviewed in another tool, back into its review.

``import_xliff`` puts the file's targets and states into its review project
(``tui.xliff_project`` says what is kept and what is refused) and records the approved
segments in the translation memory; ``review --from`` calls ``import_xliff_locked``.
Nothing heavy is imported until the import runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from translator.memory.location import memory_path
from tui.cli.common import say as _say
from tui.errors import ProjectError


def declare_arguments(imp: argparse.ArgumentParser) -> None:
    imp.description = (
        "Bring an XLIFF reviewed in another tool (OmegaT, Trados, memoQ, ...) back "
        "into its review project, keeping the targets and states set there. The file's "
        "sentences must be the project's; segments edited or approved in tarjama since the "
        "export are not overwritten without --overwrite."
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
    # lazy: lxml, json, socket: when importing, not for `--help`
    from translator.formats.xliff_read import read_xliff
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
            # lazy: json: when importing, not for `--help`
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
    # lazy: lxml, json, socket: when importing, not for `--help`
    from tui.xliff_project import relative_path

    return relative_path(path, folder)


def _names_missing(opened, indices: list[int]) -> list[tuple[int, tuple[str, ...]]]:
    """Approved segments whose English lacks a name the project's glossary requires."""
    if opened.glossary is None or not indices:
        return []
    # lazy: not loaded by `tarjama import-xliff --help`, which imports this module
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
    # lazy: sqlite3 (and lxml): only when recording into the memory
    from translator.memory.store import TranslationMemory, fts5_available, no_fts5_message

    if not fts5_available():
        _say("warning: approved segments not recorded: " + no_fts5_message())
        return None
    store = TranslationMemory(memory_path(option))
    try:
        store.check_writable()
    except BaseException:
        store.close()
        raise
    return store


def _record_in_memory(memory, project, user: str | None) -> None:
    # lazy: not loaded by `tarjama import-xliff --help`, which imports this module
    from translator.memory.errors import MemoryStoreError

    # lazy: sqlite3 (and lxml): only when recording into the memory
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
