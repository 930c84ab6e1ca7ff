"""The ``tarjama`` command: one entry point over the translator, glossary and review UI.

It lives in ``tui`` because that is the one package allowed to use both of the
others.  Every subcommand imports its heavy libraries lazily, so ``--help`` and
glossary editing start at once.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from glossary.cli import register as register_glossary
from glossary.errors import GlossaryError
from glossary.safe_text import visible
from translator.cli import register as register_translator
from translator.errors import TranslatorError
from tui.commands import register as register_tui
from tui.errors import ProjectError
from tui.interchange_commands import register as register_interchange


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


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="tarjama",
        description="Arabic→English translation with an enforced glossary of proper names.",
    )
    parser.add_argument("--version", action="version", version=f"tarjama {version()}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    register_translator(subparsers)
    register_glossary(subparsers)
    register_tui(subparsers)
    register_interchange(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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


if __name__ == "__main__":
    raise SystemExit(main())
