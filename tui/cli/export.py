"""``tarjama export PROJECT -o OUT``: a saved review as text, TSV, JSON lines, XLIFF or TMX."""

from __future__ import annotations

import argparse
import sys

from glossary.safe_text import for_terminal
from translator.writers import chosen_options, declare_format
from tui.errors import ProjectError


def declare_arguments(export: argparse.ArgumentParser) -> None:
    export.description = "Export a saved review project."
    export.epilog = (
        "text: one English line per Arabic paragraph (current English of every segment, "
        "or only approved ones with --approved-only); tsv: one row per segment with Arabic, "
        "English and machine output; jsonl: one object per segment with status and ter, the "
        "translation edit rate between machine output and final English; xliff: every segment "
        "with its state, machine output and glossary terms, for other CAT tools (bring it back "
        "with tarjama import-xliff); tmx: the approved segments as a translation memory."
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
    declare_format(export, "export")  # --format and the options its writers declare
    export.set_defaults(func=run_export)


def run_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    # lazy: json and the project modules: when exporting, not for `--help`
    from tui.export import render, write_export
    from tui.export_target import describe_existing, refusal
    from tui.opening import open_review

    # lazy: not loaded by `tarjama export --help`, which imports this module
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
        checker=TermChecker(opened.glossary, [s.source for s in project.segments]),
        **chosen_options(args, "export"),
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
