"""Choosing the exchange format for ``import``/``export`` and running its reader or writer."""

from __future__ import annotations

import os
from collections.abc import Callable

from glossary.builder import GlossaryBuilder
from glossary.csv_format import read_csv, write_csv
from glossary.errors import GlossaryError
from glossary.omegat import read_omegat, write_omegat
from glossary.sourcefile import read_bytes
from glossary.storage import HEADER, parse_glossary
from glossary.tbx import read_tbx, write_tbx
from glossary.termbase import Glossary

FORMATS = ("omegat", "csv", "tbx")
_READERS: dict[str, Callable[[str], GlossaryBuilder]] = {
    "omegat": read_omegat,
    "csv": read_csv,
    "tbx": read_tbx,
    "tarjama": parse_glossary,
}
_WRITERS: dict[str, Callable[[Glossary, str], None]] = {
    "omegat": write_omegat,
    "csv": write_csv,
    "tbx": write_tbx,
}


def detect_format(path: str) -> str:
    """Guess an import file's format from its content, then its extension.

    XML is TBX; a file starting with our own header is a tarjama glossary;
    ``.csv`` is CSV; anything else is taken as OmegaT's tab-separated format.
    """
    head = read_bytes(path)[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return "tbx"
    if head.startswith(HEADER.encode()):
        return "tarjama"
    if os.path.splitext(path)[1].lower() == ".csv":
        return "csv"
    return "omegat"


def import_glossary(path: str, fmt: str = "auto") -> tuple[Glossary, list[str]]:
    """Read ``path`` in ``fmt`` (or detected); returns the glossary and warnings.

    Raises GlossaryError listing every malformed line; nothing is returned then.
    """
    if fmt == "auto":
        fmt = detect_format(path)
    reader = _READERS.get(fmt)
    if reader is None:
        raise GlossaryError(f"unknown format {fmt!r}; use one of: auto, {', '.join(FORMATS)}")
    builder = reader(path)
    return builder.build(), builder.warnings


def export_glossary(glossary: Glossary, path: str, fmt: str) -> None:
    """Write ``glossary`` to ``path`` in ``fmt``, atomically."""
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise GlossaryError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    writer(glossary, path)
