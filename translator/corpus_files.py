"""Which files a corpus run translates, and where each one's English goes.

The output paths follow the tools users already know:

* a folder argument mirrors the paths below it (``wire/2024/a.txt`` into
  ``OUT/2024/a.txt``), as ``rsync -r wire/ OUT/`` does;
* a file argument lands at its name (``OUT/a.txt``), as ``cp a.txt OUT/`` does;
* a path from ``--files-from`` keeps the path as listed (``OUT/wire/2024/a.txt``,
  a leading ``/`` dropped), as ``rsync --files-from`` and ``tar -T`` do.

``--format text`` keeps the name; ``jsonl``, ``tsv`` and ``xliff`` append their
extension (``a.txt.jsonl``, ``a.txt.xlf``), so no two inputs can clash through their
suffixes.  Hidden
files and folders (a leading dot) are not walked into, nor is OUTDIR itself
when it lies inside an input folder.  Nothing may be written onto an input.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from translator.errors import TranslatorError
from translator.manifest import MANIFEST_NAME

SUFFIXES = {"text": "", "jsonl": ".jsonl", "tsv": ".tsv", "xliff": ".xlf"}


@dataclass(frozen=True)
class CorpusFile:
    """One input of a corpus run."""

    path: Path  # absolute, where to read it
    shown: str  # as the user gave it or the walk found it, for messages and the manifest
    output: str  # POSIX path of its English, relative to OUTDIR


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _walk(
    folder: Path, glob: str, skip: Path, roots: Sequence[Path], follow: bool, outside: list[str]
) -> Iterator[Path]:
    """Files below ``folder`` whose relative path matches ``glob``, in sorted order.

    A link whose target is outside every input root (``roots``) is not followed but
    listed in ``outside``, unless ``follow``; links to folders are walked only then
    (each real folder once, so a link loop ends).
    """
    seen: set[str] = set()
    for root, dirs, files in os.walk(folder, followlinks=follow):
        here = Path(root)
        if follow:
            real = os.path.realpath(here)
            if real in seen:
                dirs[:] = []
                continue
            seen.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _inside(here / d, skip))
        for name in sorted(files):
            path = here / name
            if name.startswith(".") or not path.relative_to(folder).match(glob):
                continue
            if path.is_symlink() and not follow:
                target = Path(os.path.realpath(path))
                if not any(_inside(target, r) for r in roots):
                    outside.append(os.path.join(str(here), name))
                    continue
            if path.is_file() or path.is_symlink():  # a dangling link is reported, a FIFO skipped
                yield path


def _listed_paths(files_from: str) -> list[str]:
    if files_from == "-":
        data = sys.stdin.buffer.read()
        where = "the list on standard input"
    else:
        try:
            data = Path(files_from).read_bytes()
        except OSError as err:
            raise TranslatorError(
                f"cannot read --files-from {files_from!r}: {err.strerror}"
            ) from err
        where = repr(files_from)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise TranslatorError(f"{where} is not UTF-8 (a list of paths, one a line)") from err
    return [line.rstrip("\r") for line in text.split("\n") if line.strip()]


def _listed_output(listed: str) -> str:
    """The output path of a ``--files-from`` entry: the path as listed, made relative."""
    pure = PurePosixPath(Path(listed).as_posix())
    parts = [p for p in pure.parts if p not in ("/", ".")]
    if ".." in parts or not parts:
        raise TranslatorError(
            f"--files-from path {listed!r} climbs out of its folder with '..'; "
            "list paths below the current folder, or absolute ones"
        )
    return str(PurePosixPath(*parts))


def discover(
    inputs: Sequence[str],
    *,
    files_from: str | None,
    glob: str,
    outdir: Path,
    fmt: str,
    follow_symlinks: bool = False,
    on_skip: Callable[[str], None] | None = None,
) -> list[CorpusFile]:
    """Every file to translate, with its output path; refuses clashes and overlaps.

    Inside a folder, a link that leads out of the input folders is skipped (and named
    to ``on_skip``) unless ``follow_symlinks``: a folder of news may not reach
    ``/etc/passwd`` through a planted link.  Files named one by one are the user's choice.
    """
    out = outdir.resolve()
    found: list[tuple[Path, str, str]] = []  # (path, shown, output before the suffix)
    roots = [Path(g).resolve() for g in inputs if g != "-" and Path(g).is_dir()]
    outside: list[str] = []
    for given in inputs:
        if given == "-":
            raise TranslatorError(
                "'-' (Arabic text on standard input) is translated on its own; "
                "to read a list of paths from standard input use --files-from -"
            )
        path = Path(given)
        if path.is_dir():
            folder = path.resolve()
            if _inside(folder, out):
                raise TranslatorError(
                    f"-o {os.fspath(outdir)!r} is or contains the input folder {given!r}; "
                    "write the English to a folder outside it"
                )
            for file in _walk(folder, glob, out, roots, follow_symlinks, outside):
                relative = file.relative_to(folder).as_posix()
                found.append((file, os.path.join(given, relative), relative))
        elif path.exists():
            found.append((path.resolve(), given, path.name))
        else:
            raise TranslatorError(f"input {given!r} does not exist")
    if files_from is not None:
        for listed in _listed_paths(files_from):
            path = Path(listed)
            if not path.exists():
                raise TranslatorError(f"--files-from lists {listed!r}, which does not exist")
            if path.is_dir():
                raise TranslatorError(
                    f"--files-from lists the folder {listed!r}; list files, or give the "
                    "folder as an argument"
                )
            found.append((path.resolve(), listed, _listed_output(listed)))
    if outside and on_skip is not None:
        shown = ", ".join(repr(p) for p in outside[:3]) + (" …" if len(outside) > 3 else "")
        on_skip(
            f"skipped {len(outside)} link(s) that lead out of the input folders ({shown}); "
            "add --follow-symlinks to translate them"
        )
    return _checked(found, outdir, fmt)


def _checked(found: list[tuple[Path, str, str]], outdir: Path, fmt: str) -> list[CorpusFile]:
    files: list[CorpusFile] = []
    seen: dict[Path, str] = {}
    by_output: dict[str, str] = {}
    for path, shown, relative in found:
        if path in seen:  # the same file reached twice (a file inside a given folder)
            continue
        seen[path] = shown
        output = relative + SUFFIXES[fmt]
        if output == MANIFEST_NAME:
            raise TranslatorError(
                f"{shown!r} would be written over the run's manifest {MANIFEST_NAME}; rename it"
            )
        if output in by_output:
            raise TranslatorError(
                f"{by_output[output]!r} and {shown!r} would both be written to "
                f"{os.path.join(outdir, output)!r}; translate them in separate runs"
            )
        by_output[output] = shown
        files.append(CorpusFile(path, shown, output))
    inodes = {_inode(path): shown for path, shown in seen.items()}
    inodes.pop(None, None)  # inputs that cannot be stat-ed are reported when read
    for file in files:
        target = _inode(outdir / file.output)
        victim = inodes.get(target) if target is not None else None
        if victim is not None:
            raise TranslatorError(
                f"the English of {file.shown!r} would overwrite the input {victim!r}; "
                "choose an -o folder without inputs in it"
            )
    return files


def _inode(path: Path) -> tuple[int, int] | None:
    """Identity of an existing file (symlinks and hard links included); None if absent."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist: compare where they would be
        return os.path.realpath(a) == os.path.realpath(b)


def check_output(
    output: str | None, *, force: bool, inputs: Sequence[tuple[str, str | Path | None]] = ()
) -> None:
    """One rule for every command that writes a file the user names with ``-o``.

    ``inputs`` are (what, path) of the files the same command reads or keeps (the
    Arabic, the glossary, the translation memory with its SQLite side files): those are
    refused even with ``--force``; any other existing file needs ``--force``.
    """
    if output is None or output == "-":
        return
    out = Path(output)
    for what, path in inputs:
        if path is None or str(path) == "-":
            continue
        candidates = [Path(path)]
        if what == "the translation memory":
            candidates += [Path(f"{path}{side}") for side in ("-wal", "-shm", "-journal")]
        if any(_same(out, c) for c in candidates):
            raise TranslatorError(
                f"-o {output!r} is {what} of this command; write to another file "
                "(--force never replaces an input)"
            )
    if out.is_dir():
        raise TranslatorError(f"-o {output!r} is a folder; give a file name")
    if out.exists() and not force:
        raise TranslatorError(
            f"-o {output!r} already exists; add --force to replace it, or choose another -o"
        )


def refuse_output_onto_input(source: str, output: str | None) -> None:
    """Single-file mode: ``translate a.txt -o a.txt`` would replace the Arabic."""
    if source == "-" or output is None or output == "-":
        return
    try:
        same = os.path.samefile(source, output)
    except OSError:  # the output does not exist yet (or the input is unreadable)
        return
    if same:
        raise TranslatorError(
            f"-o {output!r} is the input file {source!r}; write the English to another file"
        )
