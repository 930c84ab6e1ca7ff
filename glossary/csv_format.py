"""CSV glossaries, as spreadsheets and termbase tools write them.

Export: a header ``english,arabic,type,note`` and one row per entry, its forms
joined by `` | `` with their flags (the glossary file's convention, so nothing
is lost), UTF-8 with a BOM so Excel shows Arabic correctly.

Import needs a header row naming the columns (any case):

* English: ``english``, ``target``, a language code ``en``/``en-US``/``en_GB``,
  or Crowdin's ``Term [en-US]``;
* Arabic: ``arabic``, ``source``, ``forms``, ``ar``/``ar-001``/``ar-SA``, or
  ``Term [ar-001]``; a cell may hold several forms separated by ``|`` or by the
  Arabic comma ``،`` (arabterm lists synonyms so);
* ``type``: ours or the usual NER labels (PER, LOC, GPE, ORG), any case; an
  unknown type is a warning and the entry is imported without one;
* note: ``note(s)``, ``comment(s)``, ``description``, ``definition`` and
  Crowdin's ``Description [xx]``, ``Note [xx]``, ``Concept Definition``,
  ``Concept Note``; several are joined with ``; ``.

Every other column is named in one warning and ignored.  The delimiter (comma,
semicolon or tab) is taken from the header.  Rows sharing an English target
merge into one entry, so one-row-per-form files work too.  UTF-8 (BOM or not)
and UTF-16 with a BOM are read.
"""

from __future__ import annotations

import csv
import io
import os
import re

from glossary.builder import GlossaryBuilder
from glossary.entry import FORM_SEPARATOR
from glossary.sourcefile import BOM, decode_lines, read_bytes, shown_name
from glossary.termbase import Glossary

HEADER = ("english", "arabic", "type", "note")
_NAMES = {
    "english": "english",
    "target": "english",
    "arabic": "arabic",
    "source": "arabic",
    "forms": "arabic",
    "type": "type",
    "note": "note",
    "notes": "note",
    "comment": "note",
    "comments": "note",
    "description": "note",
    "definition": "note",
    "concept definition": "note",
    "concept note": "note",
}
_CROWDIN = re.compile(r"^(?P<field>[a-z ]+?)\s*\[(?P<lang>[a-z0-9_-]+)\]$")
_ARABIC_COMMA = "،"


def _language(code: str) -> str | None:
    """``english``/``arabic`` for a language code such as en, en-US, ar-001, ar_SA."""
    base = re.split(r"[-_]", code.strip().lower(), maxsplit=1)[0]
    return {"en": "english", "ar": "arabic"}.get(base)


def column_role(header: str) -> str | None:
    """What a CSV column holds (english, arabic, type, note) or None if unknown."""
    name = " ".join(header.strip().lower().split())
    if name in _NAMES:
        return _NAMES[name]
    crowdin = _CROWDIN.match(name)
    if crowdin:
        field = crowdin.group("field")
        if field == "term":
            return _language(crowdin.group("lang"))
        if field in ("description", "note", "definition"):
            return "note"
        return None
    if re.fullmatch(r"[a-z]{2}([-_][a-z0-9]+)?", name):
        return _language(name)
    return None


def split_arabic_cell(cell: str) -> list[str]:
    """Forms of an Arabic cell: separated by ``|`` or the Arabic comma."""
    return [part for chunk in cell.split(FORM_SEPARATOR) for part in chunk.split(_ARABIC_COMMA)]


def read_csv(path: str | os.PathLike[str], on_conflict: str = "error") -> GlossaryBuilder:
    """Parse a CSV glossary; the builder holds the glossary, problems and warnings."""
    shown = shown_name(path)
    lines = decode_lines(shown, read_bytes(path))
    builder = GlossaryBuilder(
        shown, merge_same_target=True, on_conflict=on_conflict, lenient_types=True
    )
    first = next((line for line in lines if line.strip()), "")
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None) or []
        columns: list[str | None] = []
        ignored: list[str] = []
        for name in header:
            role = column_role(name)
            if role in ("english", "arabic", "type") and role in columns:
                role = None  # a second English/Arabic/type column is not used
            if role is None:
                ignored.append(name.strip())
            columns.append(role)
        if "english" not in columns or "arabic" not in columns:
            builder.problem(
                reader.line_num or 1,
                "a CSV glossary needs a header row naming its columns: english (or en, "
                "Term [en-US]), arabic (or ar, Term [ar-001]), and optionally type, note",
            )
            return builder
        if ignored:
            builder.warn(
                1,
                f"column(s) {', '.join(repr(n) for n in ignored)} not imported (known: "
                "english, arabic, type, note/description/definition and language codes)",
            )
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(columns):
                builder.problem(
                    reader.line_num,
                    f"{len(cells)} cells but the header names {len(columns)} columns",
                )
                continue
            row: dict[str, list[str]] = {}
            for role, cell in zip(columns, cells, strict=False):
                if role:
                    row.setdefault(role, []).append(cell)
            notes = [n.strip() for n in row.get("note", []) if n.strip()]
            builder.row(
                reader.line_num,
                row.get("english", [""])[0],
                split_arabic_cell(row.get("arabic", [""])[0]),
                row.get("type", [None])[0],
                "; ".join(notes) or None,
            )
    except csv.Error as exc:
        builder.problem(reader.line_num, f"malformed CSV: {exc}")
    return builder


def dump_csv(glossary: Glossary) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for entry in glossary.entries:
        writer.writerow(
            [entry.target, " | ".join(entry.written_forms()), entry.type or "", entry.note or ""]
        )
    return BOM + out.getvalue()
