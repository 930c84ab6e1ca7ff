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
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tui.errors import ProjectError
from tui.project import Project, Segment
from tui.term_check import TermChecker

FORMATS = ("text", "tsv", "jsonl")  # what the review UI's export dialog offers
# and what ``tarjama export`` also writes (the dialog gets these in the UI's next round)
INTERCHANGE_FORMATS = ("xliff", "tmx")
EXTENSIONS = {"text": ".en.txt", "tsv": ".tsv", "jsonl": ".jsonl", "xliff": ".xlf", "tmx": ".tmx"}


def segment_ter(seg: Segment) -> float | None:
    """Post-editing effort: TER from the machine output to the final English."""
    if seg.machine is None or not seg.target.strip():
        return None
    if seg.machine.strip() == seg.target.strip():
        return 0.0
    from translator.scoring import sentence_ter

    return sentence_ter(seg.machine, seg.target)


def _flat(text: str) -> str:
    return " ".join(text.split())


def render_text(project: Project, approved_only: bool = False) -> str:
    count = max((s.paragraph for s in project.segments), default=-1) + 1
    paragraphs: list[list[str]] = [[] for _ in range(count)]
    for seg in project.segments:
        if seg.status == "pending" or (approved_only and seg.status != "approved"):
            continue
        if seg.target.strip():
            paragraphs[seg.paragraph].append(_flat(seg.target))
    return "".join(" ".join(p) + "\n" for p in paragraphs)


def render_tsv(project: Project) -> str:
    rows = ["segment\tparagraph\tstatus\tarabic\tenglish\tmachine"]
    for number, seg in enumerate(project.segments, start=1):
        cells = [
            str(number),
            str(seg.paragraph + 1),
            seg.status,
            _flat(seg.source),
            _flat(seg.target),
            _flat(seg.machine or ""),
        ]
        rows.append("\t".join(cells))
    return "\n".join(rows) + "\n"


def render_jsonl(project: Project, checker: TermChecker | None = None) -> str:
    lines = []
    for number, seg in enumerate(project.segments, start=1):
        record = {
            "segment": number,
            "paragraph": seg.paragraph + 1,
            "start": seg.start,
            "end": seg.end,
            "status": seg.status,
            "source": seg.source,
            "machine": seg.machine,
            "target": seg.target,
            "ter": segment_ter(seg),
        }
        if checker is not None:
            terms = checker.check(seg.source, seg.target, seg.status != "pending")
            record["names"] = list(terms.required)
            record["missing"] = list(terms.missing)
        lines.append(json.dumps(record, ensure_ascii=False))
    return "".join(line + "\n" for line in lines)


def render_xliff(project: Project, version: str = "2.1") -> str:
    from translator.formats.xliff_common import tool_version
    from translator.formats.xliff_write import write_xliff
    from tui.xliff_project import project_document

    return write_xliff(project_document(project), version, tool_version=tool_version()).decode()


def render_tmx(project: Project, user: str | None = None) -> str:
    from translator.formats.tmx import write_tmx
    from translator.formats.xliff_common import tool_version
    from translator.memory.store import current_user
    from tui.memory_project import project_tmx_units

    who = current_user() if user is None else user
    units = project_tmx_units(project, user=who)
    return write_tmx(units, user=who, tool_version=tool_version()).decode()


def render(
    project: Project,
    fmt: str,
    *,
    approved_only: bool = False,
    checker: TermChecker | None = None,
    xliff_version: str = "2.1",
    user: str | None = None,
) -> str:
    if fmt == "xliff":
        return render_xliff(project, xliff_version)
    if fmt == "tmx":
        return render_tmx(project, user)
    if fmt == "text":
        return render_text(project, approved_only)
    if fmt == "tsv":
        return render_tsv(project)
    if fmt == "jsonl":
        return render_jsonl(project, checker)
    known = ", ".join(FORMATS + INTERCHANGE_FORMATS)
    raise ProjectError(f"unknown export format {fmt!r}; use one of {known}")


def default_output(project: Project, fmt: str) -> Path:
    """``story.txt`` -> ``story.tarjama.en.txt`` (``.tsv``, ``.jsonl``), beside the project.

    Never an existing file: not the reference ``story.en.txt`` shipped beside a
    source, nor an earlier export (then ``story.tarjama-2.en.txt``, ...).
    """
    from tui.export_target import free_name

    name = project.name
    stem = name[: -len(".txt")] if name.endswith(".txt") else name
    return free_name(project.path.parent, stem, EXTENSIONS[fmt])


def write_export(text: str, out: Path) -> None:
    from glossary.atomic import write_text_atomic

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
        1 for s in project.segments if s.machine is not None and _flat(s.machine) != _flat(s.target)
    )
    missing = 0
    if checker is not None:
        missing = sum(
            1
            for s in project.segments
            if checker.check(s.source, s.target, s.status != "pending").missing
        )
    return Summary(
        total=len(project.segments),
        counts=project.counts(),
        mean_ter=round(sum(scored) / len(scored), 2) if scored else None,
        changed=changed,
        missing_names=missing,
        ters=ters,
    )
