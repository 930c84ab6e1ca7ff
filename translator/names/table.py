"""The candidate table ``tarjama names`` writes, in a layout ``glossary import`` reads back.

* ``tsv``: a tarjama glossary file (``# tarjama glossary v1``; english, Arabic forms,
  type, note), so ``tarjama glossary import FILE -o G --merge`` takes it as it is.  The
  English is the top proposal, the note says how often the name occurs, how sure the
  finder is and the other proposals.  A desk keeps a row, changes its English, or
  deletes it.  A candidate with no proposal is written as a comment line starting
  ``#? `` and an empty English cell: replace ``#? `` with a spelling to keep it.
* ``csv``: the same four columns with the header ``english,arabic,type,note`` (read by
  ``glossary import``'s CSV reader); a row without a proposal has an empty English,
  which import refuses with the row's line number until it is filled in or deleted.
* ``jsonl``: one object per candidate with everything (occurrences, all proposals,
  spelling variants), for scripts; not an import format.

Rows are sorted by occurrences, most first.  Candidates whose top spelling is the same
share one row (a glossary target appears on one line only).
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from glossary.normalize import form_key
from glossary.storage import COLUMNS_COMMENT, HEADER
from translator.names.candidates import Candidate
from translator.names.consistency import Inconsistency
from translator.names.proposals import Proposal


class TableFormat(StrEnum):
    TSV = "tsv"
    CSV = "csv"
    JSONL = "jsonl"


@dataclass
class Row:
    """One candidate with its proposals and spelling variants."""

    candidate: Candidate
    proposals: list[Proposal] = field(default_factory=list)
    variants: Inconsistency | None = None

    @property
    def english(self) -> str:
        return self.proposals[0].spelling if self.proposals else ""


def printable(text: str) -> str:
    """``text`` without control characters: input text never reaches a terminal raw."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cc")


def _forms(rows: list[Row]) -> list[str]:
    seen: set[tuple[str, ...]] = set()
    out = []
    for row in rows:
        for written in row.candidate.forms:
            form = printable(written)
            key = form_key(form)
            if key and key not in seen:
                seen.add(key)
                out.append(" ".join(form.split()))
    return out


def _note(rows: list[Row]) -> str:
    count = sum(r.candidate.count for r in rows)
    documents = len({d for r in rows for d in r.candidate.documents})
    confidence = max(r.candidate.confidence for r in rows)
    parts = [
        f"tarjama names: {count}× in {documents} file{'s' if documents != 1 else ''}, "
        f"confidence {confidence:.2f}"
    ]
    main = rows[0]
    if main.proposals:
        parts.append("from " + "+".join(s.value for s in main.proposals[0].sources))
    others = [p for p in main.proposals[1:]]
    if others:
        shown = ", ".join(f"{p.spelling} ({'+'.join(s.value for s in p.sources)})" for p in others)
        parts.append(f"also: {shown}")
    if main.variants is not None:
        shown = ", ".join(f"{v.spelling} ×{len(v.occurrences)}" for v in main.variants.variants)
        parts.append(f"spelled differently in the English: {shown}")
    return "; ".join(parts).replace("\t", " ")


def _merged(rows: list[Row]) -> list[list[Row]]:
    """Rows grouped by English spelling (no proposal: each alone), first occurrence order."""
    groups: dict[str, list[Row]] = {}
    out: list[list[Row]] = []
    for row in rows:
        if row.english and row.english in groups:
            groups[row.english].append(row)
            continue
        group = [row]
        out.append(group)
        if row.english:
            groups[row.english] = group
    out.sort(key=lambda g: -sum(r.candidate.count for r in g))
    return out


def _type(rows: list[Row]) -> str:
    kind = rows[0].candidate.type
    return kind.value if kind is not None else ""


def as_tsv(rows: list[Row], sources: list[str]) -> str:
    lines = [
        HEADER,
        COLUMNS_COMMENT,
        f"# tarjama names: unknown names in {', '.join(sources)}".replace("\n", " "),
        "# keep a row, change its English, or delete it; then: "
        "tarjama glossary import THIS_FILE -o GLOSSARY --merge",
        "# a row starting with '#? ' has no proposed spelling: replace '#? ' with one",
    ]
    for group in _merged(rows):
        cells = [group[0].english, " | ".join(_forms(group)), _type(group), _note(group)]
        line = "\t".join(cells)
        lines.append(line if group[0].english else "#? " + line)
    return "\n".join(lines) + "\n"


def as_csv(rows: list[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["english", "arabic", "type", "note"])
    for group in _merged(rows):
        writer.writerow([group[0].english, " | ".join(_forms(group)), _type(group), _note(group)])
    return buffer.getvalue()


def as_jsonl(rows: list[Row]) -> str:
    lines = []
    for row in rows:
        c = row.candidate
        record = {
            "arabic": c.forms[0] if c.forms else c.key,
            "forms": c.forms,
            "key": c.key,
            "type": c.type.value if c.type else None,
            "confidence": c.confidence,
            "count": c.count,
            "documents": c.documents,
            "signals": c.signals,
            "proposals": [p.as_dict() for p in row.proposals],
            "occurrences": [
                {
                    "document": o.document,
                    "sentence": o.sentence,
                    "start": o.start,
                    "end": o.end,
                    "text": o.text,
                    "confidence": o.confidence,
                    "signals": list(o.signals),
                }
                for o in c.occurrences
            ],
        }
        if row.variants is not None:
            record["variants"] = row.variants.as_dict()
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return "".join(lines)


def render(fmt: TableFormat, rows: list[Row], sources: list[str]) -> str:
    if fmt is TableFormat.JSONL:
        return as_jsonl(rows)
    if fmt is TableFormat.CSV:
        return as_csv(rows)
    return as_tsv(rows, sources)
