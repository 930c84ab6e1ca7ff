"""``tarjama names``: the candidate table, its round trip through ``glossary import``."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from names_support import ARTICLE, ENGLISH, translations_jsonl

from glossary.storage import load_glossary
from tui.cli import main

ROOT = Path(__file__).resolve().parents[2]


def tarjama(*argv: str) -> int:
    return main(list(argv))


def seed_inputs(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The seed article, an empty glossary and the reference English as translate's JSONL."""
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    empty = tmp_path / "empty.tsv"
    empty.write_text("# tarjama glossary v1\n", encoding="utf-8")
    jsonl = tmp_path / "article.txt.jsonl"
    jsonl.write_text(
        translations_jsonl(ARTICLE.read_text("utf-8"), ENGLISH.read_text("utf-8")), "utf-8"
    )
    return article, empty, jsonl


def test_table_round_trips_through_glossary_import(tmp_path: Path, capsys) -> None:
    article, empty, jsonl = seed_inputs(tmp_path)
    table = tmp_path / "names.tsv"
    assert (
        tarjama(
            "names",
            str(article),
            "--glossary",
            str(empty),
            "--translations",
            str(jsonl),
            "-o",
            str(table),
            "--no-memory",
        )
        == 0
    )
    assert "unknown names in 1 file(s)" in capsys.readouterr().out
    lines = table.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# tarjama glossary v1"
    rows = {line.split("\t")[0]: line for line in lines if not line.startswith("#")}
    for english in ("Nuland", "Kozak", "Patrushev", "Naryshkin", "Peskov", "Zakharova"):
        assert english in rows, english
    counts = [int(line.split("\t")[3].split("×")[0].split()[-1]) for line in rows.values()]
    assert counts == sorted(counts, reverse=True)
    # The desk: keeps Nuland, respells Peskov, deletes Zakharova, keeps the rest.
    edited = []
    for line in lines:
        cells = line.split("\t")
        if cells[0] == "Zakharova":
            continue
        if cells[0] == "Peskov":
            line = "\t".join(["Dmitri Peskov", *cells[1:]])
        edited.append(line)
    table.write_text("\n".join(edited) + "\n", encoding="utf-8")
    glossary_path = tmp_path / "glossary.tsv"
    assert tarjama("glossary", "import", str(table), "-o", str(glossary_path)) == 0
    glossary = load_glossary(glossary_path)
    assert glossary.entry_for_target("Nuland").forms == ["نولاند"]
    # the type guessed in the table is the type imported
    assert glossary.entry_for_target("Nuland").type == rows["Nuland"].split("\t")[2]
    assert glossary.entry_for_target("Patrushev").type == "person"
    assert glossary.entry_for_target("Dmitri Peskov").forms == ["بيسكوف"]
    assert glossary.entry_for_target("Peskov") is None
    assert glossary.entry_for_target("Zakharova") is None
    # Names now in the glossary are no candidates any more.
    again = tmp_path / "again.tsv"
    assert (
        tarjama(
            "names", str(article), "--glossary", str(glossary_path), "-o", str(again), "--no-memory"
        )
        == 0
    )
    assert "\tنولاند\t" not in again.read_text(encoding="utf-8")


def test_csv_round_trips_and_rows_without_spelling_must_be_filled(tmp_path: Path) -> None:
    article, empty, jsonl = seed_inputs(tmp_path)
    table = tmp_path / "names.csv"
    assert (
        tarjama(
            "names",
            str(article),
            "-g",
            str(empty),
            "--translations",
            str(jsonl),
            "--format",
            "csv",
            "-o",
            str(table),
            "--no-memory",
            "--min-count",
            "2",
        )
        == 0
    )
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
    assert list(rows[0]) == ["english", "arabic", "type", "note"]
    kept = [r for r in rows if r["english"]]
    assert {"Patrushev", "Peskov", "Naryshkin"} <= {r["english"] for r in kept}
    out = io.StringIO()
    csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n").writeheader()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writerows(kept)
    table.write_text(out.getvalue(), encoding="utf-8")
    dest = tmp_path / "g.tsv"
    assert tarjama("glossary", "import", str(table), "-o", str(dest)) == 0
    assert load_glossary(dest).entry_for_target("Patrushev").forms == ["باتروشيف"]


def test_jsonl_lists_occurrences_and_proposals(tmp_path: Path, capsys) -> None:
    article, empty, jsonl = seed_inputs(tmp_path)
    assert (
        tarjama(
            "names",
            str(article),
            "-g",
            str(empty),
            "--translations",
            str(jsonl),
            "--format",
            "jsonl",
            "--no-memory",
        )
        == 0
    )
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    patrushev = next(r for r in records if r["key"] == "باتروشيف")
    assert patrushev["proposals"][0]["spelling"] == "Patrushev"
    # first from the document's English; the transliterator may propose it too (it does
    # since the second model: sources ["document", "transliteration"])
    assert patrushev["proposals"][0]["sources"][0] == "document"
    assert patrushev["type"] == "person"
    text = ARTICLE.read_text(encoding="utf-8")
    from translator.segment import segment

    sentences = segment(text)
    for o in patrushev["occurrences"]:
        assert sentences[o["sentence"]].text[o["start"] : o["end"]] == o["text"]


def test_injected_variants_across_a_corpus_are_reported(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "wire"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "وقال أمين مجلس الأمن الروسي نيكولاي باتروشيف إن الوضع مستقر.\n"
        "وأضاف باتروشيف أن موسكو مستعدة للحوار.\n",
        encoding="utf-8",
    )
    (corpus / "b.txt").write_text("والتقى باتروشيف بوفد أمريكي في موسكو.\n", encoding="utf-8")
    english = tmp_path / "english"
    english.mkdir()
    records = {
        "a.txt.jsonl": [
            (
                "وقال أمين مجلس الأمن الروسي نيكولاي باتروشيف إن الوضع مستقر.",
                "Russian Security Council Secretary Nikolai Patrushev said it was stable.",
            ),
            (
                "وأضاف باتروشيف أن موسكو مستعدة للحوار.",
                "Patrushev added that Moscow is ready for dialogue.",
            ),
        ],
        "b.txt.jsonl": [
            ("والتقى باتروشيف بوفد أمريكي في موسكو.", "Patroshev met a U.S. delegation in Moscow.")
        ],
    }
    for name, pairs in records.items():
        (english / name).write_text(
            "".join(
                json.dumps({"source": a, "target": e}, ensure_ascii=False) + "\n" for a, e in pairs
            ),
            encoding="utf-8",
        )
    assert (
        tarjama(
            "names", str(corpus), "--translations", str(english), "--format", "jsonl", "--no-memory"
        )
        == 0
    )
    captured = capsys.readouterr()
    assert "باتروشيف is spelled differently in the English: Patrushev (2), Patroshev (1)" in (
        captured.err
    )
    assert captured.err.count("spelled differently") == 1
    records_out = [json.loads(line) for line in captured.out.splitlines()]
    patrushev = next(r for r in records_out if r["key"] == "باتروشيف")
    assert patrushev["variants"]["majority"] == "Patrushev"
    assert patrushev["documents"] == [str(corpus / "a.txt"), str(corpus / "b.txt")]


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    article, empty, _ = seed_inputs(tmp_path)
    out = tmp_path / "names.tsv"
    out.write_text("keep me\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [
        sys.executable,
        "-m",
        "tui.cli",
        "names",
        str(article),
        "-g",
        str(empty),
        "-o",
        str(out),
        "--no-memory",
    ]
    result = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 1
    assert result.stderr == f"tarjama: error: {out} already exists; pass --force to replace it\n"
    assert out.read_text(encoding="utf-8") == "keep me\n"
    result = subprocess.run(
        [*args, "--force"], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("# tarjama glossary v1\n")


def test_missing_input_is_one_line(tmp_path: Path, capsys) -> None:
    assert tarjama("names", str(tmp_path / "nope.txt")) == 1
    err = capsys.readouterr().err
    assert err == f"tarjama: error: input {str(tmp_path / 'nope.txt')!r} does not exist\n"
