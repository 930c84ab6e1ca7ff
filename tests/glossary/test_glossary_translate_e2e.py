"""End-to-end (issue 10): strict ``tarjama translate`` never writes a name for a word.

The tiny model has random weights and never writes a name by itself, so every
glossary target in its English was put there by enforcement.  On a document that
mixes the names and the words they are spelled like, the targets in the English
must be exactly those the glossary's document rules require: none for السلام,
الصور, الأمل, العمر, nor for سلام before نواف سلام.  (Suggest-only matches carry
``Match.suggest``; reporting them as ``suggested`` and not forcing them is the
enforcement's side, tested there.)
"""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from pathlib import Path

from tests_support import TARJAMA

from glossary.matcher import TargetFinder
from glossary.storage import load_glossary

DATA = Path(__file__).resolve().parents[1] / "data"
WORDS_ONLY = (
    "وقال سلام إن اتفاق السلام قريب.\n"
    "ونشرت الصور من الميناء، وما زال الأمل قائماً في هذا العمر.\n"
    "قال رئيس الحكومة نواف سلام إن الوضع صعب. وأضاف سلام أن صور مدينة جميلة.\n"
)
EXPECTED = [
    [],  # سلام before Nawaf Salam was introduced; السلام is "peace"
    [],  # الصور pictures, الأمل hope, العمر age
    ["Nawaf Salam"],
    ["Nawaf Salam", "Tyre"],  # وأضاف سلام after the full name; صور without article
]


def test_strict_mode_never_writes_a_name_for_a_word(tiny_model_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "doc.txt"
    source.write_text(WORDS_ONLY, encoding="utf-8")
    glossary_path = DATA / "names_glossary.tsv"
    result = subprocess.run(
        [
            TARJAMA,
            "translate",
            str(source),
            "--glossary",
            str(glossary_path),
            "--model",
            str(tiny_model_dir),
            "--format",
            "jsonl",
        ],
        capture_output=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    finder = TargetFinder(load_glossary(glossary_path).targets())
    forced = [[t["target"] for t in r["terms"]] for r in records]
    assert forced == EXPECTED, [r["source"] for r in records]
    for record, wanted in zip(records, EXPECTED, strict=True):
        assert finder.count(record["target"]) == Counter(wanted), record
