"""What several commands share: argument types, ``--memory``, warnings and writing the result.

Only the standard library and the glossary's display helpers are imported here,
so every command module can use it without slowing ``tarjama --help``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from glossary.atomic import write_text_atomic
from glossary.safe_text import for_terminal, visible
from translator.memory.location import ENV_VAR as MEMORY_ENV_VAR


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value!r}")
    return number


def number_from(minimum: float, *, inclusive: bool) -> Callable[[str], float]:
    """An argparse type for numbers above ``minimum`` (or equal to it, if ``inclusive``)."""

    def parse(value: str) -> float:
        try:
            number = float(value)
        except ValueError:
            number = float("nan")  # fails both comparisons below
        if not (number >= minimum if inclusive else number > minimum):
            bound = f"of at least {minimum:g}" if inclusive else f"above {minimum:g}"
            raise argparse.ArgumentTypeError(f"expected a number {bound}, got {value!r}")
        return number

    return parse


def percentage(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0 < number <= 100:
        raise argparse.ArgumentTypeError(f"expected a score above 0 and up to 100, got {value!r}")
    return number


def add_memory_options(parser: argparse.ArgumentParser, *, reuse: bool) -> None:
    """``--memory PATH`` (and ``--no-memory`` where the memory is used by default).

    ``translator.memory.options.open_for_reuse`` turns the two into the memory to read.
    """
    parser.add_argument(
        "--memory",
        metavar="PATH",
        help=f"translation memory file (default ${MEMORY_ENV_VAR}, else "
        "$XDG_DATA_HOME/tarjama/memory.sqlite3)",
    )
    if reuse:
        parser.add_argument(
            "--no-memory",
            action="store_true",
            help="do not reuse approved translations from the translation memory",
        )


def warn(message: str) -> None:
    print(f"tarjama: warning: {visible(message)}", file=sys.stderr)


def write_output(text: str, out: str | None) -> None:
    """Write to stdout, or atomically to ``out`` so a failure leaves no half file.

    A failed write raises AtomicWriteError, a GlossaryError the CLI prints as one line.
    """
    if out is None or out == "-":
        sys.stdout.write(for_terminal(text, sys.stdout))
        sys.stdout.flush()
        return
    write_text_atomic(out, text)


def say(message: str) -> None:
    """A line for the user on stderr, after ``tarjama:`` (what was done, a note, a warning)."""
    print(f"tarjama: {visible(message)}", file=sys.stderr)
