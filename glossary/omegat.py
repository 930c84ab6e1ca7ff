"""OmegaT glossary files: ``source<TAB>target[<TAB>comment]``, UTF-8, one term a line.

Import: the source column holds the Arabic form, the target the English name;
lines sharing a target become one entry whose forms are those sources in file
order; distinct comments are joined with ``; `` into the note.  Blank lines and
``#`` lines are skipped.  OmegaT has no type column, so types are not carried.
Export writes one line per Arabic form, each with the entry's note as comment.
"""

from __future__ import annotations

import os

from glossary.atomic import write_text_atomic
from glossary.builder import GlossaryBuilder
from glossary.sourcefile import decode_lines, read_bytes
from glossary.termbase import Glossary


def read_omegat(path: str | os.PathLike[str]) -> GlossaryBuilder:
    """Parse an OmegaT glossary; the builder holds the glossary, problems and warnings."""
    shown = os.fspath(path)
    builder = GlossaryBuilder(shown, merge_same_target=True)
    for number, line in enumerate(decode_lines(shown, read_bytes(shown)), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if not 2 <= len(cells) <= 3:
            builder.problem(
                number,
                f"expected 2 or 3 TAB-separated columns (arabic, english, comment), "
                f"found {len(cells)}",
            )
            continue
        comment = cells[2] if len(cells) == 3 else None
        builder.row(number, cells[1], [cells[0]], None, comment)
    return builder


def dump_omegat(glossary: Glossary) -> str:
    lines = []
    for entry in glossary.entries:
        for form in entry.forms:
            cells = [form, entry.target] + ([entry.note] if entry.note else [])
            lines.append("\t".join(cells))
    return "".join(line + "\n" for line in lines)


def write_omegat(glossary: Glossary, path: str | os.PathLike[str]) -> None:
    write_text_atomic(path, dump_omegat(glossary))
