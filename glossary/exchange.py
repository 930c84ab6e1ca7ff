"""Choosing the exchange format for ``import``/``export`` and running its reader or writer.

Export checks first that the format can hold the glossary (``*_refusals``): a
file that silently lost a ``{suggest}`` flag would make a suggest-only name
enforced again, and a control character makes a TBX file invalid XML.
"""

from __future__ import annotations

import copy
import os
import sys
from collections.abc import Callable

from glossary.atomic import write_bytes_atomic
from glossary.builder import GlossaryBuilder
from glossary.csv_format import dump_csv, read_csv
from glossary.errors import GlossaryError
from glossary.omegat import dump_omegat, omegat_refusals, read_omegat
from glossary.sourcefile import STDIN, read_bytes, shown_name
from glossary.storage import HEADER, parse_glossary
from glossary.tbx import dump_tbx, read_tbx, tbx_refusals
from glossary.termbase import Glossary

FORMATS = ("omegat", "csv", "tbx")
_READERS: dict[str, Callable[[str, str], GlossaryBuilder]] = {
    "omegat": read_omegat,
    "csv": read_csv,
    "tbx": read_tbx,
    "tarjama": lambda path, on_conflict: parse_glossary(path),
}
_DUMPERS: dict[str, Callable[[Glossary], bytes]] = {
    "omegat": lambda glossary: dump_omegat(glossary).encode("utf-8"),
    "csv": lambda glossary: dump_csv(glossary).encode("utf-8"),
    "tbx": dump_tbx,
}
_REFUSALS: dict[str, Callable[[Glossary], list[str]]] = {
    "omegat": omegat_refusals,
    "csv": lambda glossary: [],
    "tbx": tbx_refusals,
}


def detect_format(path: str) -> str:
    """Guess an import file's format from its content, then its extension.

    XML is TBX; a file starting with our own header is a tarjama glossary;
    ``.csv`` is CSV; anything else is taken as OmegaT's tab-separated format.
    """
    data = read_bytes(path)[:4096]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = data.decode("utf-16", errors="ignore").encode("utf-8")
    else:
        head = data
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return "tbx"
    if head.startswith(HEADER.encode()):
        return "tarjama"
    if os.path.splitext(path)[1].lower() == ".csv":
        return "csv"
    return "omegat"


def read_import(
    path: str, fmt: str = "auto", on_conflict: str = "error", default_type: str | None = None
) -> GlossaryBuilder:
    """Read ``path`` in ``fmt`` (or detected); the builder holds result, problems, counts.

    ``default_type`` (``import --type``) is given to every entry the file left untyped.
    """
    if fmt == "auto":
        fmt = detect_format(path)
    reader = _READERS.get(fmt)
    if reader is None:
        raise GlossaryError(f"unknown format {fmt!r}; use one of: auto, {', '.join(FORMATS)}")
    builder = reader(path, on_conflict)
    builder.format = fmt
    if default_type is not None:
        for entry in builder.glossary.entries:
            entry.type = entry.type or default_type
    return builder


def import_glossary(
    path: str, fmt: str = "auto", on_conflict: str = "error"
) -> tuple[Glossary, list[str]]:
    """Read ``path`` in ``fmt`` (or detected); returns the glossary and warnings.

    Raises GlossaryError listing every malformed line; nothing is returned then.
    """
    builder = read_import(path, fmt, on_conflict)
    glossary = builder.build()
    summary = builder.conflict_summary()
    return glossary, builder.warnings + ([summary] if summary else [])


def without_flags(glossary: Glossary) -> Glossary:
    """A copy of ``glossary`` with every form flag removed (``export --drop-flags``)."""
    stripped = copy.deepcopy(glossary)
    for entry in stripped.entries:
        entry.flags = {}
    return stripped


def export_glossary(glossary: Glossary, path: str, fmt: str) -> list[str]:
    """Write ``glossary`` to ``path`` (``-``: standard output) in ``fmt``, atomically.

    Returns warnings; raises GlossaryError, writing nothing, when the format cannot
    hold the glossary.
    """
    dumper = _DUMPERS.get(fmt)
    if dumper is None:
        raise GlossaryError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    refusals = _REFUSALS[fmt](glossary)
    if refusals:
        hint = (
            "; export as csv to keep form flags, or pass --drop-flags to leave them out"
            if any("form flags" in r for r in refusals)
            else ""
        )
        raise GlossaryError(
            [f"cannot export {shown_name(path)} as {fmt}{hint}:", *(f"  {r}" for r in refusals)]
        )
    warnings = []
    typed = sum(1 for e in glossary.entries if e.type)
    if fmt == "omegat" and typed:
        warnings.append(
            f"{shown_name(path)}: OmegaT has no type column; the types of {typed} entries "
            "are not written (use csv or tbx to keep them)"
        )
    data = dumper(glossary)
    if path == STDIN:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_bytes_atomic(path, data)
    return warnings
