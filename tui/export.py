"""Export a review: English text, bilingual TSV, or JSON lines with post-editing effort.

* ``text``: one English line per Arabic paragraph (line N of the output is
  paragraph N of the source), sentences joined by a space.  By default every
  segment gives its current English (approved, edited or machine) so a draft can
  be exported at any time; ``approved_only`` leaves out segments not approved
  yet (their paragraph line stays, possibly empty, to keep the alignment).
  Untranslated segments give nothing.
* ``tsv``: header then one row per segment: number, paragraph, status, Arabic,
  English, machine English.  Tabs and line breaks inside text become spaces.
* ``jsonl``: one object per segment with spans, status, machine and final
  English, ``ter`` (translation edit rate, 0–100+, between the machine output and
  the final English: how much the translator changed; null when untranslated)
  and the glossary names the final English lacks.
* ``xliff``: every segment, with states, machine output and terms, for another CAT
  tool (XLIFF 2.1 or 1.2; ``tui.xliff_project`` and ``translator.formats``).
* ``tmx``: the approved segments as TMX 1.4b, dated with the project's last save and
  signed with the user's name (``tui.memory_project``).

The writers are the table's (``translator.writers``, the same as ``translate --format``);
``ProjectExport`` is the review as they read it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from glossary.atomic import write_text_atomic
from translator.writers import formats_for, writer
from translator.writers.base import flat, post_edit_ter
from tui.errors import ProjectError
from tui.export_target import free_name
from tui.project import Project, Segment
from tui.term_check import TermChecker
from tui.xliff_project import project_document

if TYPE_CHECKING:
    from translator.formats.bilingual import BilingualDocument
    from translator.formats.tmx import TmxUnit

FORMATS = formats_for("export")
# the review's export dialog: what it lists -> (format, XLIFF version)
DIALOG_CHOICES: dict[str, tuple[str, str]] = {
    "text": ("text", ""),
    "tsv": ("tsv", ""),
    "jsonl": ("jsonl", ""),
    "xliff 2.1": ("xliff", "2.1"),
    "xliff 1.2": ("xliff", "1.2"),
    "tmx": ("tmx", ""),
}
EXTENSIONS = {fmt: writer(fmt).EXTENSION for fmt in FORMATS}


def segment_ter(seg: Segment) -> float | None:
    """Post-editing effort: TER from the machine output to the final English."""
    return post_edit_ter(seg.machine, seg.target)


class ProjectExport:
    """A review project as the export writers read it (``translator.writers.ReviewSource``)."""

    def __init__(self, project: Project, checker: TermChecker | None = None) -> None:
        self.project = project
        self.checker = checker

    @property
    def segments(self) -> Sequence[Segment]:
        return self.project.segments

    def names(self, index: int) -> tuple[Sequence[str], Sequence[str]] | None:
        if self.checker is None:
            return None
        seg = self.project.segments[index]
        terms = self.checker.check(seg.source, seg.target, seg.status != "pending", index)
        return terms.required, terms.missing

    def bilingual(self) -> BilingualDocument:
        return project_document(self.project)

    def tmx_units(self, user: str) -> list[TmxUnit]:
        # lazy: sqlite3 and lxml; the review app imports this at start
        from tui.memory_project import project_tmx_units

        return project_tmx_units(self.project, user=user)


def render(
    project: Project,
    fmt: str,
    *,
    approved_only: bool = False,
    checker: TermChecker | None = None,
    xliff_version: str = "2.1",
    user: str | None = None,
) -> str:
    """The export of ``project`` in ``fmt``, by the writer the table names for it."""
    if fmt not in FORMATS:
        known = ", ".join(FORMATS)
        raise ProjectError(f"unknown export format {fmt!r}; use one of {known}")
    options = {"approved_only": approved_only, "xliff_version": xliff_version, "user": user}
    return writer(fmt).render_review(ProjectExport(project, checker), **options)


def default_output(project: Project, fmt: str) -> Path:
    """``story.txt`` -> ``story.tarjama.en.txt`` (``.tsv``, ``.jsonl``, ``.xlf``, ``.tmx``).

    Never an existing file: not the reference ``story.en.txt`` shipped beside a
    source, nor an earlier export (then ``story.tarjama-2.en.txt``, ...).
    """
    name = project.name
    stem = name[: -len(".txt")] if name.endswith(".txt") else name
    return free_name(project.path.parent, stem, EXTENSIONS[fmt])


def write_export(text: str, out: Path) -> None:
    if not out.parent.exists():
        raise ProjectError(f"output folder {str(out.parent)!r} does not exist")
    try:
        write_text_atomic(out, text)
    except OSError as err:
        raise ProjectError(f"cannot write {str(out)!r}: {err}") from err


@dataclass(frozen=True)
class Summary:
    """Where a review stands, and how much the machine output had to change."""

    total: int
    counts: dict[str, int]
    mean_ter: float | None  # over translated segments with English
    changed: int  # segments whose final English differs from the machine output
    missing_names: int  # segments whose English lacks a glossary name
    ters: list[float | None]


def summarize(project: Project, checker: TermChecker | None = None) -> Summary:
    ters = [segment_ter(seg) for seg in project.segments]
    scored = [t for t in ters if t is not None]
    changed = sum(
        1 for s in project.segments if s.machine is not None and flat(s.machine) != flat(s.target)
    )
    missing = 0
    if checker is not None:
        missing = sum(
            1
            for i, s in enumerate(project.segments)
            if checker.check(s.source, s.target, s.status != "pending", i).missing
        )
    return Summary(
        total=len(project.segments),
        counts=project.counts(),
        mean_ter=round(sum(scored) / len(scored), 2) if scored else None,
        changed=changed,
        missing_names=missing,
        ters=ters,
    )
