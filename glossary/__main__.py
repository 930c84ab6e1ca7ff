"""``python -m glossary COMMAND ...``: the glossary CLI without the rest of tarjama.

Same commands and messages as ``tarjama glossary COMMAND ...``.
"""

from __future__ import annotations

import argparse
import sys

from glossary.cli import register
from glossary.errors import GlossaryError
from glossary.safe_text import visible


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tarjama")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["glossary", *(sys.argv[1:] if argv is None else argv)])
    try:
        return args.func(args)
    except GlossaryError as exc:
        print(f"tarjama: error: {visible(str(exc), keep=chr(10))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `... match | head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
