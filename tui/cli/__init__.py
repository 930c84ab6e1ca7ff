"""The ``tarjama`` command: one entry point over the translator, glossary and review UI.

It lives in ``tui`` because that is the one package allowed to use both of the
others.  ``COMMANDS`` is the one table of command groups: each names the module that
declares its arguments (``declare_arguments(parser)``, which also sets the handler
``func``) and the one-line help ``tarjama --help`` lists.  Only the module of the
command being run is imported, so ``tarjama --help`` and ``tarjama glossary ...``
start without the model, UI or memory code; a handler imports what it runs.

A new command is one module here with ``declare_arguments`` plus one line in
``COMMANDS``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NamedTuple, NoReturn

from glossary.errors import GlossaryError
from glossary.safe_text import visible
from translator.errors import TranslatorError
from tui.errors import ProjectError


class Command(NamedTuple):
    module: str  # declares the command's arguments and handler (``declare_arguments``)
    help: str  # its line in ``tarjama --help``


# In the order ``tarjama --help`` lists them.
COMMANDS: dict[str, Command] = {
    "segment": Command("tui.cli.segment", "split Arabic text into sentences (JSON lines)"),
    "translate": Command(
        "tui.cli.translate",
        "translate Arabic files sentence by sentence (one file, or folders into -o OUTDIR)",
    ),
    "eval": Command("tui.cli.score", "score translations: BLEU, chrF, TER (+ term accuracy)"),
    "bench": Command(
        "tui.cli.bench", "measure tarjama's default path against the plain transformers loop"
    ),
    # the glossary package declares its own command: ``python -m glossary`` runs it alone
    "glossary": Command("glossary.cli", "edit, check and exchange the proper-name glossary"),
    "names": Command(
        "tui.cli.names", "list the names in Arabic files that the glossary does not know yet"
    ),
    "review": Command(
        "tui.cli.review", "review and post-edit a translation side by side (terminal UI)"
    ),
    "export": Command(
        "tui.cli.export",
        "export a review: English text, bilingual TSV, or JSON lines with edit effort",
    ),
    "import-xliff": Command(
        "tui.cli.import_xliff",
        "bring an XLIFF reviewed in another tool back into its review project",
    ),
    "tm": Command(
        "tui.cli.tm",
        "the translation memory of approved translations: import, export, stats, remove",
    ),
}


class OneLineParser(argparse.ArgumentParser):
    """Argument errors as one line that names the problem and where to look."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {visible(message)} (see '{self.prog} --help')\n")


def version() -> str:
    """The installed package's version (from its metadata, so it cannot drift from pyproject)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as package_version

    try:
        return package_version("tarjama")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown (not installed)"


def declare(parser: argparse.ArgumentParser, name: str) -> None:
    """Give the parser of command ``name`` its arguments, importing its module now."""
    importlib.import_module(COMMANDS[name].module).declare_arguments(parser)


def build_parser(only: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole parser; with ``only``, just those commands get their arguments.

    The others are still listed (with their help line) but their modules are not imported.
    """
    parser = OneLineParser(
        prog="tarjama",
        description="Arabic→English translation with an enforced glossary of proper names.",
    )
    parser.add_argument("--version", action="version", version=f"tarjama {version()}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, command in COMMANDS.items():
        sub = subparsers.add_parser(name, help=command.help)
        if only is None or name in only:
            declare(sub, name)
    return parser


def _command_named(argv: Sequence[str]) -> list[str]:
    """The command ``argv`` runs: its first word that is not an option (none for --help)."""
    first = next((word for word in argv if not word.startswith("-")), None)
    return [first] if first in COMMANDS else []


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    args = build_parser(only=_command_named(words)).parse_args(words)
    try:
        return int(args.func(args))
    except (TranslatorError, GlossaryError, ProjectError) as err:
        print(f"tarjama: error: {visible(str(err), keep=chr(10))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("tarjama: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 1
