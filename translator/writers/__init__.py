"""The one table of output formats, ``WRITERS``: for ``translate --format`` and ``export --format``.

Each format is one module here (``text``, ``jsonl``, ``tsv``, ``xliff``, ``tmx``) that
declares what it writes and its own options:

* ``EXTENSION`` — the file name ending an export gets by default;
* ``OPTIONS`` — its command-line options (``Option``), each for the commands it serves;
* ``render`` / ``stream_writer`` — ``tarjama translate``: a document's translated
  sentences at once, or the same bytes a block at a time (``StreamWriter``);
* ``render_review`` — ``tarjama export`` and the review's export dialog: a saved review
  (``ReviewSource``, which ``tui.export`` builds from a project).

A module without ``stream_writer`` is not offered by ``translate`` (TMX: a memory holds
approved pairs only).  The modules are imported when a command declares its
``--format`` or runs: the table itself imports nothing.  A new format is one module
with these names plus one line in ``WRITERS``.
"""

from __future__ import annotations

import argparse
import importlib
from types import ModuleType
from typing import Literal

from translator.writers.base import Option

Command = Literal["translate", "export"]

WRITERS: dict[str, str] = {
    "text": "translator.writers.text",
    "jsonl": "translator.writers.jsonl",
    "tsv": "translator.writers.tsv",
    "xliff": "translator.writers.xliff",
    "tmx": "translator.writers.tmx",
}
_FACE = {"translate": "stream_writer", "export": "render_review"}


def writer(fmt: str) -> ModuleType:
    """The module of format ``fmt`` (imported now); ValueError for a format not in the table."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(WRITERS)}")
    return importlib.import_module(WRITERS[fmt])


def formats_for(command: Command) -> tuple[str, ...]:
    """The formats ``command`` can write, in the table's order."""
    return tuple(fmt for fmt in WRITERS if hasattr(writer(fmt), _FACE[command]))


def options_for(command: Command) -> list[Option]:
    """Every option the formats of ``command`` declare, each once, in the table's order."""
    found: dict[str, Option] = {}
    for fmt in formats_for(command):
        for option in writer(fmt).OPTIONS:
            if command in option.commands:
                found.setdefault(option.flag, option)
    return list(found.values())


def declare_format(parser: argparse.ArgumentParser, command: Command, **kwargs: object) -> None:
    """``--format`` with the formats of ``command``, then every option they declare."""
    parser.add_argument("--format", choices=formats_for(command), default="text", **kwargs)
    for option in options_for(command):
        parser.add_argument(option.flag, **option.argparse)


def chosen_options(args: argparse.Namespace, command: Command) -> dict[str, object]:
    """What the writer of ``args.format`` takes from the parsed options, by keyword."""
    own = writer(args.format).OPTIONS
    return {o.dest: getattr(args, o.dest) for o in own if command in o.commands}
