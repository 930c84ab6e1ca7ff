"""``tarjama bench``: its options are the benchmark's own (``translator.bench``).

The command table imports this module only when ``bench`` runs.
"""

from __future__ import annotations

import argparse

from translator.bench.command import declare_arguments as declare_bench
from tui.cli.common import positive_int


def declare_arguments(parser: argparse.ArgumentParser) -> None:
    declare_bench(parser, positive_int)
