"""Unknown names in ``translate``: the JSON lines field, the summary, the corpus table."""

from __future__ import annotations

import json
from pathlib import Path

from tui.cli import main

STORY = (
    "وقال أمين مجلس الأمن الروسي نيكولاي باتروشيف إن الوضع مستقر.\n"
    "وأضاف باتروشيف أن موسكو مستعدة للحوار مع واشنطن.\n"
    "وقال المتحدث إن الاتصالات مستمرة.\n"
)


def test_jsonl_gives_each_sentence_its_unknown_names(
    tmp_path: Path, trained_model_dir: Path, capsys
) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    glossary = tmp_path / "names.tsv"
    glossary.write_text("# tarjama glossary v1\nMoscow\tموسكو\tplace\n", encoding="utf-8")
    code = main(
        [
            "translate",
            str(story),
            "--model",
            str(trained_model_dir),
            "--glossary",
            str(glossary),
            "--format",
            "jsonl",
            "--no-memory",
        ]
    )
    assert code == 0
    captured = capsys.readouterr()
    records = [json.loads(line) for line in captured.out.splitlines()]
    names = [[n["arabic"] for n in r.get("names", [])] for r in records]
    assert "باتروشيف" in names[1]
    assert all("موسكو" not in found for found in names)  # the glossary knows it
    for record in records:
        for name in record.get("names", []):
            assert record["source"][name["start"] : name["end"]] == name["source"]
            assert name["type"] in ("person", "place", "organization", None)
            proposal = name["proposal"]
            # the trained test model writes a romanization: the name's aligned English
            assert proposal is None or "document" in proposal["sources"]
    patrushev = next(n for n in records[1]["names"] if n["arabic"] == "باتروشيف")
    assert patrushev["proposal"]["spelling"] in records[1]["target"]
    distinct = {n["arabic"] for r in records for n in r.get("names", [])}
    assert f"unknown names: {len(distinct)} (list them: tarjama names {story})" in captured.err


def test_corpus_run_writes_the_names_table_and_counts_them(
    tmp_path: Path, trained_model_dir: Path, capsys
) -> None:
    wire = tmp_path / "wire"
    wire.mkdir()
    lines = STORY.splitlines()
    (wire / "a.txt").write_text(lines[0] + "\n", encoding="utf-8")
    (wire / "b.txt").write_text(lines[1] + "\n" + lines[2] + "\n", encoding="utf-8")
    out = tmp_path / "english"
    table = tmp_path / "names.jsonl"
    code = main(
        [
            "translate",
            str(wire),
            "-o",
            str(out),
            "--model",
            str(trained_model_dir),
            "--format",
            "jsonl",
            "--names",
            str(table),
            "--no-memory",
            "-q",
        ]
    )
    assert code == 0
    rows = [json.loads(line) for line in table.read_text(encoding="utf-8").splitlines()]
    patrushev = next(r for r in rows if r["key"] == "باتروشيف")
    assert sorted(Path(d).name for d in patrushev["documents"]) == ["a.txt", "b.txt"] or (
        [Path(d).name for d in patrushev["documents"]] == ["b.txt"]
    )
    assert patrushev["proposals"] and "document" in patrushev["proposals"][0]["sources"]
    manifest = [
        json.loads(line)
        for line in (out / "tarjama-manifest.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    done = {Path(r["input"]).name: r for r in manifest if r.get("status") == "done"}
    assert done["b.txt"]["unknown_names"] >= 1
    # a second run refuses to replace the table
    assert (
        main(
            [
                "translate",
                str(wire),
                "-o",
                str(out),
                "--model",
                str(trained_model_dir),
                "--names",
                str(table),
                "--no-memory",
                "-q",
            ]
        )
        == 1
    )
    assert "already exists" in capsys.readouterr().err
