"""The ``review`` and ``export`` subcommands.

Textual, torch and the glossary matcher are imported inside the handlers so
``tarjama --help`` stays instant.
"""

from __future__ import annotations

import argparse
import os
import sys

from glossary.safe_text import for_terminal, visible
from translator.memory.options import add_memory_options
from tui.bidi_modes import BIDI_MODES, DEFAULT_BIDI, ENV_VAR

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


def register(subparsers: argparse._SubParsersAction) -> None:
    from translator.cli import positive_int
    from translator.model_loading import BACKENDS, COMPUTE_TYPES, DEFAULT_MODEL

    review = subparsers.add_parser(
        "review",
        help="review and post-edit a translation side by side (terminal UI)",
        description="Review and post-edit the machine translation of an Arabic text.",
        epilog=REVIEW_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
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

    export = subparsers.add_parser(
        "export",
        help="export a review: English text, bilingual TSV, or JSON lines with edit effort",
        description="Export a saved review project.",
        epilog="text: one English line per Arabic paragraph (current English of every segment, "
        "or only approved ones with --approved-only); tsv: one row per segment with Arabic, "
        "English and machine output; jsonl: one object per segment with status and ter, the "
        "translation edit rate between machine output and final English; xliff: every segment "
        "with its state, machine output and glossary terms, for other CAT tools (bring it back "
        "with tarjama import-xliff); tmx: the approved segments as a translation memory.",
    )
    export.add_argument(
        "project", metavar="PROJECT", help="review project (FILE.tarjama.json) or its Arabic FILE"
    )
    export.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        required=True,
        help="file to write (atomically), or - for standard output; an existing file is "
        "replaced only with --force, and never the review's source, project or glossary",
    )
    export.add_argument("--force", action="store_true", help="replace OUT if it exists")
    export.add_argument(
        "--format", choices=("text", "tsv", "jsonl", "xliff", "tmx"), default="text"
    )
    export.add_argument(
        "--xliff-version", choices=("2.1", "1.2"), default="2.1", help="with --format xliff"
    )
    export.add_argument(
        "--user", metavar="NAME", help="tmx: creationid/changeid (default: your OS user name)"
    )
    export.add_argument(
        "--approved-only", action="store_true", help="text: leave out segments not approved yet"
    )
    export.set_defaults(func=run_export)


def percentage(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0 < number <= 100:
        raise argparse.ArgumentTypeError(f"expected a score above 0 and up to 100, got {value!r}")
    return number


def open_for_review(args: argparse.Namespace):  # -> tui.opening.Opened
    """The review ``args`` ask for; with ``--from``, the XLIFF imported into it first."""
    from tui.errors import ProjectError
    from tui.opening import open_review

    if args.file == "-" or args.from_xliff == "-":
        raise ProjectError(
            "a review cannot read standard input (-): it is saved beside its file as you work; "
            "save the text to a file first (e.g. cat > story.txt) and review that"
        )
    file = args.file
    if args.from_xliff is not None:
        from tui.interchange_commands import import_xliff

        memory = None if args.no_memory else (args.memory or "")
        path = import_xliff(args.from_xliff, file, overwrite=False, memory=memory, user=None)
        file = str(path)
    elif file is None:
        raise ProjectError("give the Arabic file (or review project) to review, or --from FILE.xlf")
    return open_review(file, args.glossary, args.model)


def run_review(args: argparse.Namespace) -> int:
    from tui.bidi_modes import default_mode
    from tui.opening import check_model_available

    opened = open_for_review(args)
    if opened.project.pending():
        check_model_available(opened.model_id)
    memory = None
    if not args.no_memory:
        from translator.memory.location import memory_path

        memory = memory_path(args.memory)
        if args.memory is not None and not memory.exists():
            opened.notes.append(
                f"translation memory {args.memory} does not exist yet; the first approval "
                "creates it"
            )
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


def run_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from tui.errors import ProjectError
    from tui.export import render, write_export
    from tui.export_target import describe_existing, refusal
    from tui.opening import open_review
    from tui.term_check import TermChecker

    if args.project == "-":
        raise ProjectError(
            "a review project cannot come from standard input (-); give the path of "
            "FILE.tarjama.json or of its Arabic FILE (-o - writes the export to standard output)"
        )
    opened = open_review(args.project)
    project = opened.project
    if opened.created:
        raise ProjectError(
            f"{args.project!r} has no saved review yet; "
            f"start one with: tarjama review {args.project}"
        )
    out = None if args.output == "-" else Path(args.output)
    if out is not None:
        problem = refusal(project, out)
        if problem:
            raise ProjectError(problem)
        if out.exists() and not args.force:
            raise ProjectError(
                f"{args.output!r} {describe_existing(out)}; add --force to replace it, "
                "or choose another -o"
            )
    text = render(
        project,
        args.format,
        approved_only=args.approved_only,
        checker=TermChecker(opened.glossary, [s.source for s in project.segments]),
        xliff_version=args.xliff_version,
        user=args.user,
    )
    if out is None:
        sys.stdout.write(for_terminal(text, sys.stdout))
    else:
        write_export(text, out)
    unapproved = sum(1 for s in project.segments if s.status != "approved")
    if unapproved and args.format == "text" and not args.approved_only:
        print(
            f"tarjama: warning: {unapproved} of {len(project.segments)} segments "
            "are not approved yet",
            file=sys.stderr,
        )
    return 0
