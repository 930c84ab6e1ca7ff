"""``tarjama translate IN... -o OUTDIR``: discover, plan, translate, summarise.

The steps shared by both engines: find the files, check them against the
manifest, start the progress display, hand the remaining files to the local
loop or to Ray, and close with a summary and an exit status that is non-zero
when any file failed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from translator.corpus import JobOptions, Recorder, Summary, fingerprint, plan, run_local
from translator.corpus_files import discover
from translator.corpus_progress import CorpusProgress
from translator.errors import TranslatorError
from translator.manifest import Manifest
from translator.ray_engine import RaySettings, check_local_pool, import_ray, run_ray

__all__ = ["RaySettings", "run_corpus", "summary_lines"]  # RaySettings: the CLI's import

if TYPE_CHECKING:
    from glossary.matcher import Matcher
    from glossary.termbase import Glossary
    from translator.memory.store import TranslationMemory


def run_corpus(
    inputs: list[str],
    *,
    files_from: str | None,
    glob: str,
    outdir: Path,
    options: JobOptions,
    glossary: Glossary | None,
    memory: TranslationMemory | None,
    engine: str,
    ray: RaySettings | None,
    quiet: bool,
    follow_symlinks: bool = False,
    matcher: Matcher | None = None,
) -> int:
    """Translate every input into OUTDIR; 1 when any file failed, else 0.

    ``matcher``: the glossary's compiled matcher from the cache (the local engine uses
    it; Ray actors compile their own).
    """
    if engine == "ray":
        if ray is not None:
            check_local_pool(ray)  # a local pool wider than the machine: refused at once
        import_ray()  # no Ray: say how to install it before any work
    if outdir.exists() and not outdir.is_dir():
        raise TranslatorError(f"-o {str(outdir)!r} is a file; give a folder for the English")
    files = discover(
        inputs, files_from=files_from, glob=glob, outdir=outdir, fmt=options.fmt,
        follow_symlinks=follow_symlinks,
        on_skip=lambda line: print(f"tarjama: warning: {line}", file=sys.stderr),
    )  # fmt: skip
    if not files:
        raise TranslatorError(
            f"no input files: nothing matched --glob {glob!r} in the folders given "
            "(hidden files are skipped); check the folder or the pattern"
        )
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise TranslatorError(f"cannot create -o {str(outdir)!r}: {err.strerror}") from err
    manifest = Manifest(outdir)
    progress = CorpusProgress(enabled=not quiet)
    if manifest.bad_lines:
        progress.log(
            f"tarjama: warning: ignored {manifest.bad_lines} unreadable line(s) in "
            f"{manifest.path} (a run killed while writing it); those files are redone"
        )
    recorder = Recorder(outdir, manifest, fingerprint(options, glossary), progress)
    recorder.summary.files = len(files)
    try:
        tasks = plan(files, manifest, outdir, recorder, memory)
        progress.start(len(tasks), sum(task.sentences for task in tasks))
        if tasks and engine == "ray":
            assert ray is not None
            run_ray(tasks, options, glossary, recorder, ray)
        elif tasks:
            run_local(tasks, options.load(glossary, matcher=matcher), options, recorder)
    finally:
        progress.close()
        manifest.close()
    if not quiet:
        lines = summary_lines(recorder.summary, progress.elapsed, glossary is not None, memory)
        for line in lines:
            progress.log(line)
    return 1 if recorder.summary.failures else 0


def summary_lines(
    summary: Summary, seconds: float, with_terms: bool, memory: object = None
) -> list[str]:
    """``tarjama: 12 files: 10 translated, 1 up to date, 1 failed; ...``."""
    rate = summary.sentences / seconds if seconds > 0 else 0.0
    lines = [
        f"tarjama: {summary.files} files: {summary.translated} translated, "
        f"{summary.skipped} up to date (skipped), {len(summary.failures)} failed; "
        f"{summary.sentences} sentences in {seconds:.1f} s ({rate:.1f} sentences/s)"
    ]
    if with_terms:
        terms = summary.terms
        counts = ", ".join(f"{n} {s}" for s, n in sorted(terms.items()) if s != "found")
        lines.append(f"glossary terms: {terms['found']} found" + (f", {counts}" if counts else ""))
    if memory is not None:
        lines.append(
            f"translation memory: {summary.reused} of {summary.sentences} sentences reused "
            f"(exact match), {summary.sentences - summary.reused} translated by the model"
        )
    if summary.names:
        lines.append(
            f"unknown names: {summary.names} (summed over files; list them with --names OUT)"
        )
    if summary.failures:
        lines.append(
            f"tarjama: {len(summary.failures)} file(s) failed (listed above, and in the "
            "manifest with their reasons); fix them and run the same command again"
        )
    return lines
