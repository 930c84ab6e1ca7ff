"""CSV glossaries, as spreadsheets open and write them.

Export: a header ``english,arabic,type,note`` and one row per entry, its forms
joined by `` | `` (the glossary file's convention), UTF-8 with a BOM so Excel
shows Arabic correctly.

Import needs a header row naming the columns; recognized names (any case):
english/target/en, arabic/source/ar/forms, type, note/comment/notes.  The
delimiter (comma, semicolon or tab) is taken from the header.  Rows sharing an
English target merge into one entry, so one-row-per-form files work too.
"""

from __future__ import annotations

import csv
import io
import os

from glossary.atomic import write_text_atomic
from glossary.builder import GlossaryBuilder
from glossary.entry import split_forms
from glossary.sourcefile import BOM, decode_lines, read_bytes
from glossary.termbase import Glossary

HEADER = ("english", "arabic", "type", "note")
_NAMES = {
    "english": "english",
    "target": "english",
    "en": "english",
    "arabic": "arabic",
    "source": "arabic",
    "ar": "arabic",
    "forms": "arabic",
    "type": "type",
    "note": "note",
    "notes": "note",
    "comment": "note",
    "comments": "note",
}


def read_csv(path: str | os.PathLike[str]) -> GlossaryBuilder:
    """Parse a CSV glossary; the builder holds the glossary, problems and warnings."""
    shown = os.fspath(path)
    lines = decode_lines(shown, read_bytes(shown))
    builder = GlossaryBuilder(shown, merge_same_target=True)
    first = next((line for line in lines if line.strip()), "")
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
        columns = [_NAMES.get(name.strip().lower()) for name in header or []]
        if "english" not in columns or "arabic" not in columns:
            builder.problem(
                reader.line_num or 1,
                "a CSV glossary needs a header row naming its columns: english, arabic "
                "(and optionally type, note)",
            )
            return builder
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(columns):
                builder.problem(
                    reader.line_num,
                    f"{len(cells)} cells but the header names {len(columns)} columns",
                )
                continue
            row = {name: cell for name, cell in zip(columns, cells, strict=False) if name}
            builder.row(
                reader.line_num,
                row.get("english", ""),
                split_forms(row.get("arabic", "")),
                row.get("type"),
                row.get("note"),
            )
    except csv.Error as exc:
        builder.problem(reader.line_num, f"malformed CSV: {exc}")
    return builder


def dump_csv(glossary: Glossary) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for entry in glossary.entries:
        writer.writerow([entry.target, " | ".join(entry.forms), entry.type or "", entry.note or ""])
    return BOM + out.getvalue()


def write_csv(glossary: Glossary, path: str | os.PathLike[str]) -> None:
    write_text_atomic(path, dump_csv(glossary))
