"""The glossary file: one entry per line, tab-separated UTF-8 that diffs well in git.

Format (version 1)::

    # tarjama glossary v1
    # english<TAB>arabic forms separated by " | "<TAB>type<TAB>note
    Victoria Nuland	فيكتوريا نولاند	person	US Under Secretary of State
    AstraZeneca	أسترازينيكا | أسترازينكا	organization

* column 1: the English target, the exact spelling to enforce;
* column 2: one or more Arabic forms (spelling variants) separated by ``|``
  (spaces around it are ignored; ``|`` cannot occur inside a form).  A form may
  end with flags in braces, ``سلام {always}`` or ``سبوتنيك {suggest, article}``:
  ``suggest`` (found and shown, never forced), ``always`` (a one-word form that
  is also an ordinary word counts before its full name has appeared),
  ``article`` (also matches a word with the article ال the form lacks);
  see ``glossary.entry``;
* column 3 (optional): ``person``, ``organization``, ``place`` or ``other``;
  leave it empty to give a note without a type.  The type decides the article
  rule: person, place, other and untyped forms never match a word carrying an
  article they lack (السلام is not سلام); organization forms do (الناتو);
* column 4 (optional): a one-line note for translators.

Files written before form flags existed load unchanged and mean the same,
except that the article rule above now depends on the type.

Lines starting with ``#`` and blank lines are ignored by matching.  Comment
lines are kept with the entry below them (or at the end) when the CLI rewrites
the file; blank lines are not.  Tabs and line breaks cannot occur inside a
field.  ``save_glossary`` writes the header line, keeps the entries in the
user's order and writes atomically; ``load_glossary`` accepts files without
the header, with a UTF-8 BOM and with CRLF line ends.

A target may appear on one line only, and a normalized Arabic form may belong
to one target only: loading reports every violation, and every other problem,
as ``FILE:LINE: problem`` in one GlossaryError.
"""

from __future__ import annotations

import os

from glossary.atomic import write_text_atomic
from glossary.builder import GlossaryBuilder
from glossary.entry import (
    FLAGS,
    Entry,
    clean_form,
    clean_note,
    clean_target,
    clean_type,
    split_forms,
)
from glossary.errors import GlossaryError
from glossary.sourcefile import decode_lines, read_bytes, shown_name
from glossary.termbase import Glossary

HEADER = "# tarjama glossary v1"
COLUMNS_COMMENT = '# english<TAB>arabic forms separated by " | "<TAB>type<TAB>note'
_MISSING_HINT = "; create it with: tarjama glossary add --glossary FILE ARABIC ENGLISH"


def parse_glossary(path: str | os.PathLike[str]) -> GlossaryBuilder:
    """Read and validate a glossary file; the builder holds the result, problems and warnings."""
    shown = shown_name(path)
    lines = decode_lines(shown, read_bytes(path, missing_hint=_MISSING_HINT))
    builder = GlossaryBuilder(shown, merge_same_target=False)
    comments: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if line.lstrip().startswith("#"):
            if line.strip() not in (HEADER, COLUMNS_COMMENT):
                comments.append(line.strip())
            continue
        cells = line.split("\t")
        if not 2 <= len(cells) <= 4:
            hint = ""
            if len(cells) == 1:
                hint = " (are the columns separated by spaces instead of a TAB?)"
            builder.problem(
                number,
                f"expected 2 to 4 TAB-separated columns (english, arabic forms, type, note), "
                f"found {len(cells)}{hint}",
            )
            continue
        cells += [""] * (4 - len(cells))
        builder.row(number, cells[0], split_forms(cells[1]), cells[2], cells[3], comments)
        comments = []
    glossary = builder.glossary
    glossary.trailing_comments = comments
    return builder


def load_glossary(path: str | os.PathLike[str]) -> Glossary:
    """Load a glossary file, or raise GlossaryError listing every problem with FILE:LINE."""
    return parse_glossary(path).build()


def format_entry(entry: Entry) -> str:
    """One entry as a file line (no newline); trailing empty columns are omitted."""
    cells = [entry.target, " | ".join(entry.written_forms()), entry.type or "", entry.note or ""]
    while len(cells) > 2 and not cells[-1]:
        cells.pop()
    return "\t".join(cells)


def dump_glossary(glossary: Glossary) -> str:
    """The file text for ``glossary``; GlossaryError if an entry cannot be written faithfully."""
    problems = [f"entry {i}: {p}" for i, p in _entry_problems(glossary)]
    problems += glossary.problems()
    if problems:
        raise GlossaryError(["cannot save the glossary:", *problems])
    lines = [HEADER, COLUMNS_COMMENT]
    for entry in glossary.entries:
        lines.extend(_as_comment(c) for c in entry.comments)
        lines.append(format_entry(entry))
    lines.extend(_as_comment(c) for c in glossary.trailing_comments)
    return "\n".join(lines) + "\n"


def save_glossary(glossary: Glossary, path: str | os.PathLike[str]) -> None:
    """Write ``glossary`` atomically; nothing is written if any entry is invalid."""
    write_text_atomic(path, dump_glossary(glossary))


def _as_comment(text: str) -> str:
    text = " ".join(text.split())
    return text if text.startswith("#") else f"# {text}"


def _entry_problems(glossary: Glossary) -> list[tuple[int, str]]:
    """Re-run the field rules on entries that may have been edited in code."""
    found: list[tuple[int, str]] = []
    for number, entry in enumerate(glossary.entries, start=1):
        checks = [
            (clean_target, entry.target),
            (clean_type, entry.type),
            (clean_note, entry.note),
            *((clean_form, form) for form in entry.forms),
        ]
        for clean, value in checks:
            try:
                clean(value)
            except GlossaryError as exc:
                found.append((number, str(exc)))
        if not entry.forms:
            found.append((number, f"{entry.target!r} has no Arabic form"))
        for form, flags in entry.flags.items():
            unknown = sorted(set(flags) - set(FLAGS))
            if unknown and form in entry.forms:
                found.append((number, f"unknown form flag {unknown[0]!r} on {form!r}"))
    return found
