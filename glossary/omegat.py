"""OmegaT glossary files: ``source<TAB>target[<TAB>comment]``, one term a line.

Import: the source column holds the Arabic form, the target the English name;
lines sharing a target become one entry whose forms are those sources in file
order; distinct comments are joined with ``; `` into the note.  Blank lines and
``#`` lines are skipped; so, as OmegaT itself does, is a line without a tab
(with a warning naming it).  UTF-8 (BOM or not) and UTF-16 with a BOM are read.
OmegaT has no type column, so imported entries have no type.

Export writes one line per Arabic form, each with the entry's note as comment.
It refuses glossaries it cannot hold: form flags (``{suggest}`` and the like)
have no place in OmegaT; types are not written (a warning says so).
"""

from __future__ import annotations

import os

from glossary.builder import GlossaryBuilder
from glossary.sourcefile import decode_lines, read_bytes, shown_name
from glossary.termbase import Glossary


def read_omegat(path: str | os.PathLike[str], on_conflict: str = "error") -> GlossaryBuilder:
    """Parse an OmegaT glossary; the builder holds the glossary, problems and warnings."""
    shown = shown_name(path)
    builder = GlossaryBuilder(
        shown, merge_same_target=True, on_conflict=on_conflict, lenient_types=True
    )
    for number, line in enumerate(decode_lines(shown, read_bytes(path)), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) == 1:
            builder.warn(number, f"line skipped: no TAB between Arabic and English ({line!r})")
            continue
        if len(cells) > 3:
            builder.problem(
                number,
                f"expected 2 or 3 TAB-separated columns (arabic, english, comment), "
                f"found {len(cells)}",
            )
            continue
        comment = cells[2] if len(cells) == 3 else None
        builder.row(number, cells[1], [cells[0]], None, comment)
    return builder


def omegat_refusals(glossary: Glossary) -> list[str]:
    """What an OmegaT file cannot hold, one line per entry."""
    return [
        f"{entry.target!r}: form flags ({', '.join(entry.written_forms())}) cannot be "
        "written to OmegaT"
        for entry in glossary.entries
        if any(entry.form_flags(f) for f in entry.forms)
    ]


def dump_omegat(glossary: Glossary) -> str:
    lines = []
    for entry in glossary.entries:
        for form in entry.forms:
            cells = [form, entry.target] + ([entry.note] if entry.note else [])
            lines.append("\t".join(cells))
    return "".join(line + "\n" for line in lines)
