"""Where an export may go: never onto the review's own files, never over a file unasked.

An export is a copy of the English, made again at any time from the project,
so writing it must never cost anything a translator cannot make again: the
Arabic source, the review project and the glossary are refused outright, and
any other existing file is replaced only after the user confirms (a dialog in
the review, ``--force`` on the command line).  Default names carry
``.tarjama`` and a number when taken, so they cannot be a reference
translation shipped beside the source (``story.en.txt``) or an earlier export.
"""

from __future__ import annotations

import os
from pathlib import Path

from tui.project import Project

DEFAULT_TAG = ".tarjama"


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def protected_files(project: Project) -> list[tuple[Path, str]]:
    """The review's own files, each with what to call it in a refusal."""
    found = [(project.path, "the review project itself")]
    if project.source_path is not None:
        found.append((project.source_path, "the Arabic source of this review"))
    if project.glossary_path is not None:
        found.append((project.glossary_path, "the glossary of this review"))
    return found


def refusal(project: Project, out: Path) -> str | None:
    """Why ``out`` can never be an export target of ``project``, or None when it can be."""
    for path, what in protected_files(project):
        if _same_file(out, path):
            return f"{str(out)!r} is {what}; export to another file"
    if out.is_dir():
        return f"{str(out)!r} is a folder; give a file name"
    if not out.parent.is_dir():
        return f"output folder {str(out.parent)!r} does not exist"
    return None


def free_name(folder: Path, stem: str, extension: str) -> Path:
    """``stem.tarjama<ext>``, or ``stem.tarjama-2<ext>``, ... : the first name not taken."""
    number = 1
    while True:
        tag = DEFAULT_TAG if number == 1 else f"{DEFAULT_TAG}-{number}"
        candidate = folder / f"{stem}{tag}{extension}"
        if not candidate.exists():
            return candidate
        number += 1


def describe_existing(path: Path) -> str:
    """One phrase about a file about to be replaced: its size, so the user sees what is at stake."""
    try:
        size = path.stat().st_size
    except OSError:
        return "exists"
    return f"exists ({size:,} bytes)"
