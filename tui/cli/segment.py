"""``tarjama segment FILE``: the sentences ``translate`` would translate, as JSON lines."""

from __future__ import annotations

import argparse
import json
import sys

from glossary.safe_text import for_terminal
from translator.source_text import read_source


def declare_arguments(seg: argparse.ArgumentParser) -> None:
    seg.add_argument(
        "input", metavar="FILE", help="Arabic UTF-8 text file, or - for standard input"
    )
    seg.set_defaults(func=run_segment)


def run_segment(args: argparse.Namespace) -> int:
    # lazy: not loaded by `tarjama segment --help`, which imports this module
    from translator.segment import segment

    text = read_source(args.input)
    lines = (
        json.dumps(
            {"paragraph": s.paragraph, "start": s.start, "end": s.end, "text": s.text},
            ensure_ascii=False,
        )
        + "\n"
        for s in segment(text)
    )
    sys.stdout.write(for_terminal("".join(lines), sys.stdout))
    return 0
