"""Export formats, from the API and the ``tarjama export`` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.cli import main
from tui.export import default_output, render, summarize
from tui.project import load_project, project_path_for
from tui.term_check import TermChecker


def test_text_export_gives_one_line_per_paragraph(
    saved_project: Path, tmp_path: Path, capsys, fixture_english: list[str]
) -> None:
    out = tmp_path / "out.txt"
    assert main(["export", str(project_path_for(saved_project)), "-o", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines == fixture_english  # one sentence per paragraph in this story
    assert "3 of 4 segments are not approved" in capsys.readouterr().err
    assert main(["export", str(saved_project), "-o", str(out), "--approved-only", "--force"]) == 0
    assert out.read_text(encoding="utf-8").splitlines() == [fixture_english[0], "", "", ""]


def test_tsv_export_is_bilingual(saved_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.tsv"
    assert main(["export", str(saved_project), "-o", str(out), "--format", "tsv"]) == 0
    rows = [r.split("\t") for r in out.read_text(encoding="utf-8").splitlines()]
    assert rows[0] == ["segment", "paragraph", "status", "arabic", "english", "machine"]
    assert len(rows) == 5 and all(len(r) == 6 for r in rows)
    assert rows[1][2] == "approved" and rows[1][3].startswith("بوتين")


def test_jsonl_export_has_post_editing_effort(saved_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["export", str(saved_project), "-o", str(out), "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["status"] for r in records] == ["approved", "edited", "machine", "machine"]
    assert records[0]["ter"] == 0.0
    assert records[1]["ter"] > 0  # "lauded" -> "praised": one edit
    assert "Putin" in records[2]["missing"] and records[0]["missing"] == []
    assert "Vladimir Putin" in records[1]["names"]


def test_summary_counts_and_mean_ter(saved_project: Path) -> None:
    project = load_project(project_path_for(saved_project))
    summary = summarize(project, TermChecker(None))
    assert summary.counts["approved"] == 1 and summary.changed == 1
    assert summary.mean_ter is not None and 0 < summary.mean_ter < 10
    assert render(project, "text").count("\n") == 4


def test_export_errors_are_one_line(
    saved_project: Path, story: Path, tmp_path: Path, capsys
) -> None:
    assert main(["export", str(story), "-o", str(tmp_path / "x.txt")]) == 1
    assert "no saved review yet" in capsys.readouterr().err
    assert main(["export", str(saved_project), "-o", str(tmp_path / "no" / "x.txt")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_export_never_replaces_a_file_unless_forced(
    saved_project: Path, tmp_path: Path, capsys
) -> None:
    reference = tmp_path / "article.en.txt"  # as seeds/ ships a reference beside the source
    reference.write_text("the human reference\n", encoding="utf-8")
    assert main(["export", str(saved_project), "-o", str(reference)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already" not in err
    assert "exists (20 bytes); add --force to replace it" in err
    assert reference.read_text(encoding="utf-8") == "the human reference\n"
    assert main(["export", str(saved_project), "-o", str(reference), "--force"]) == 0
    assert reference.read_text(encoding="utf-8").startswith("Putin: Moscow")


@pytest.mark.parametrize(
    ("which", "named"),
    [
        ("source", "the Arabic source of this review"),
        ("project", "the review project itself"),
        ("glossary", "the glossary of this review"),
    ],
)
def test_export_refuses_the_reviews_own_files_even_with_force(
    saved_project: Path, glossary_copy: Path, which: str, named: str, capsys
) -> None:
    target = {
        "source": saved_project,
        "project": project_path_for(saved_project),
        "glossary": glossary_copy,
    }[which]
    before = target.read_bytes()
    assert main(["export", str(saved_project), "-o", str(target), "--force"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert named in err and "export to another file" in err
    assert target.read_bytes() == before


def test_export_dash_means_standard_output_and_is_refused_as_input(
    saved_project: Path, capsys, fixture_english: list[str]
) -> None:
    assert main(["export", str(saved_project), "-o", "-"]) == 0
    assert capsys.readouterr().out.splitlines() == fixture_english
    assert main(["export", "-", "-o", "-"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot come from standard input (-)" in err


def test_review_of_standard_input_is_refused_in_one_line(capsys) -> None:
    assert main(["review", "-"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "a review cannot read standard input (-)" in err


def test_default_export_names_never_collide(saved_project: Path) -> None:
    project = load_project(project_path_for(saved_project))
    folder = saved_project.parent
    (folder / "article.en.txt").write_text("reference\n", encoding="utf-8")
    first = default_output(project, "text")
    assert first == folder / "article.tarjama.en.txt"
    first.write_text("an earlier export\n", encoding="utf-8")
    assert default_output(project, "text") == folder / "article.tarjama-2.en.txt"
    assert default_output(project, "tsv") == folder / "article.tarjama.tsv"
