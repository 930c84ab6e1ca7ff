"""``tarjama review FILE``: the terminal review UI over a saved review project.

Textual, torch and the glossary matcher are imported inside the handler, when it
runs: the command table imports this module to declare the options only.
"""

from __future__ import annotations

import argparse
import os
import sys

from glossary.safe_text import visible
from translator.memory.location import memory_path
from translator.model_loading import BACKENDS, COMPUTE_TYPES, DEFAULT_MODEL
from tui.bidi_modes import BIDI_MODES, DEFAULT_BIDI, ENV_VAR, default_mode
from tui.cli.common import add_memory_options, percentage, positive_int
from tui.cli.import_xliff import import_xliff_locked
from tui.errors import ProjectError

REVIEW_EPILOG = f"""\
FILE is an Arabic UTF-8 text or a saved review (FILE.tarjama.json).  The review
is saved next to the Arabic file after every change; opening the same file
again continues it where you left it.  --from FILE.xlf first brings an XLIFF
reviewed in another tool into the review (as tarjama import-xliff does: its
targets and states are kept, work done here since is not overwritten).

The model runs as in tarjama translate (CTranslate2 int8 by default, the same
glossary enforcement); rows fill in as each batch is done.

keys: up/down or j/k move, enter or e edit the English (enter or esc: done),
a approve and move on (ctrl+o from the editor), r re-translate, ctrl+z undo,
m take the translation memory's match (1, 2, 3 for the others), / search (n next),
g glossary, s summary, x export, ctrl+p all commands, ctrl+s save, ctrl+q save
and quit.  tab moves into the current segment's Arabic: left/right pick a word,
shift extends, t adds the picked words as a glossary name.

Translation memory (the one tarjama translate uses; --no-memory to work without):
every approval is recorded in it at once, and undoing the approval takes it back.
A sentence translated for the first time is taken from an exact match when the
match's English still keeps the glossary (status tm, with its origin), without
the model; a match that no longer keeps it is reported and the model translates.
Matches scoring --fuzzy-threshold or more are shown under the editor, the words
that differ marked; m puts the best one's English into the segment as an edit.

One review per project at a time: while a review is open its project is locked
(FILE.tarjama.json.lock, naming the process), and a second review of the same
file is refused with the pid and host that hold it.  A lock left by a review
that was killed is noticed and taken over.  Undo history is saved with the
review, so ctrl+z still works after reopening.

--bidi: how Arabic is drawn.  app (default) shapes and reorders each line in
tarjama, which reads correctly in terminals that print strictly left to right
(xterm, Windows Terminal, VS Code, kitty, Alacritty, macOS Terminal, tmux).
terminal sends logical order for terminals that reorder themselves (mlterm,
Konsole, VTE with bidi on); off shows the stored logical order.  The default
can be set with {ENV_VAR}.  Text is always stored and edited in logical order.
"""


def declare_arguments(review: argparse.ArgumentParser) -> None:
    review.description = "Review and post-edit the machine translation of an Arabic text."
    review.epilog = REVIEW_EPILOG
    review.formatter_class = argparse.RawDescriptionHelpFormatter
    review.add_argument(
        "file",
        metavar="FILE",
        nargs="?",
        help="Arabic text file, or a saved review project (not -: a review is saved beside it)",
    )
    review.add_argument(
        "--from",
        dest="from_xliff",
        metavar="XLF",
        help="an XLIFF reviewed in another tool: brought into the review project first (of FILE "
        "if given, else of the file the XLIFF names, beside it), as tarjama import-xliff does, "
        "then reviewed",
    )
    review.add_argument("--glossary", metavar="G", help="glossary of names to enforce and check")
    review.add_argument(
        "--model",
        metavar="M",
        help=f"Marian hub id or local folder (default: the review's, else {DEFAULT_MODEL})",
    )
    review.add_argument(
        "--bidi",
        choices=BIDI_MODES,
        default=None,
        help=f"how to draw Arabic (default {DEFAULT_BIDI}; see below)",
    )
    review.add_argument("--device", choices=("cpu", "cuda", "auto"), default="auto")
    review.add_argument(
        "--beam", type=positive_int, default=4, metavar="N", help="beam size (default 4)"
    )
    review.add_argument(
        "--backend",
        choices=BACKENDS,
        default="auto",
        help="as for translate: auto (default) uses CTranslate2 when it works, else transformers",
    )
    review.add_argument(
        "--compute-type",
        choices=COMPUTE_TYPES,
        default="int8",
        metavar="TYPE",
        help="CTranslate2 weights and arithmetic, as for translate (default int8)",
    )
    add_memory_options(review, reuse=True)
    review.add_argument(
        "--fuzzy-threshold",
        type=percentage,
        default=75.0,
        metavar="PCT",
        help="offer memory matches scoring at least PCT (default 75)",
    )
    review.set_defaults(func=run_review)


def open_for_review(args: argparse.Namespace):  # -> tui.opening.Opened
    """The review ``args`` ask for, its project locked before it is read (``Opened.lock``);
    with ``--from``, the XLIFF imported into it first, under the same lock."""
    from pathlib import Path

    # lazy: json and socket: when reviewing, not for `--help`
    from tui.opening import open_review
    from tui.project_lock import ProjectLock, project_file_for

    if args.file == "-" or args.from_xliff == "-":
        raise ProjectError(
            "a review cannot read standard input (-): it is saved beside its file as you work; "
            "save the text to a file first (e.g. cat > story.txt) and review that"
        )
    file = args.file
    if args.from_xliff is not None:
        memory = None if args.no_memory else (args.memory or "")
        path, lock = import_xliff_locked(
            args.from_xliff, file, overwrite=False, memory=memory, user=None
        )
        file = str(path)
    elif file is None:
        raise ProjectError("give the Arabic file (or review project) to review, or --from FILE.xlf")
    else:
        if not Path(file).exists():
            return open_review(file, args.glossary, args.model)  # its one-line error
        lock = ProjectLock.acquire(project_file_for(file))
    try:
        opened = open_review(file, args.glossary, args.model)
    except BaseException:
        lock.release()
        raise
    opened.lock = lock
    return opened


def run_review(args: argparse.Namespace) -> int:
    # lazy: json and socket: when reviewing, not for `--help`
    from tui.opening import check_model_available

    opened = open_for_review(args)
    try:
        if opened.project.pending():
            check_model_available(opened.model_id)
    except BaseException:
        if opened.lock is not None:
            opened.lock.release()
        raise
    memory = None
    if not args.no_memory:
        memory = memory_path(args.memory)
        if args.memory is not None and not memory.exists():
            opened.notes.append(
                f"translation memory {args.memory} does not exist yet; the first approval "
                "creates it"
            )
    # lazy: Textual (about 60 modules): only `tarjama review` runs it
    from tui.app import ReviewApp

    app = ReviewApp(
        opened,
        bidi=args.bidi or default_mode(),
        device=args.device,
        beam=args.beam,
        backend=args.backend,
        compute_type=args.compute_type,
        memory=memory,
        fuzzy_threshold=args.fuzzy_threshold,
    )
    try:
        code = app.run()
    finally:
        app.lock.release()
    if app.error_message:
        print(f"tarjama: error: {visible(app.error_message, keep=chr(10))}", file=sys.stderr)
        return 1
    if app.model_busy:
        # The model thread cannot be interrupted mid-batch, and Python would wait for it.
        # Everything is saved (quitting saves on the main thread, the only writer), and its
        # unfinished segments are still pending in the project, so leave at once.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(int(code or 0))
    return int(code or 0)
