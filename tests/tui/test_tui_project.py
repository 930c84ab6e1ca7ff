"""The review project file: round trip, checks, versions and the errors users see."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.cli import main
from tui.errors import ProjectError
from tui.opening import open_review
from tui.project import VERSION, load_project, project_path_for, save_project


def test_saved_project_round_trips(saved_project: Path) -> None:
    path = project_path_for(saved_project)
    project = load_project(path)
    assert [s.status for s in project.segments] == ["approved", "edited", "machine", "machine"]
    assert project.current == 1
    assert project.glossary_path is not None and project.glossary_path.name == "names.tsv"
    save_project(project)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "tarjama-review" and data["version"] == VERSION
    assert data["glossary"] == "names.tsv"  # relative, so the folder can move
    assert load_project(path).segments == project.segments


def test_opening_the_arabic_file_continues_its_project(saved_project: Path) -> None:
    opened = open_review(str(saved_project))
    assert not opened.created
    assert opened.project.segments[0].status == "approved"
    assert opened.glossary is not None and opened.glossary.entry_for_target("Putin")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{ not json", "is damaged (not valid JSON at line 1"),
        ('{"format": "something-else"}', "is not a tarjama review project"),
        ('{"format": "tarjama-review", "version": 99}', "saved by a newer tarjama"),
        (
            '{"format": "tarjama-review", "version": 1, "source": {"text": "x"}}',
            "missing field 'segments'",
        ),
    ],
)
def test_bad_project_files_give_one_clear_error(
    saved_project: Path, content: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    project_path_for(saved_project).write_text(content, encoding="utf-8")
    with pytest.raises(ProjectError, match=expected.replace("(", r"\(")):
        open_review(str(saved_project))
    assert main(["review", str(saved_project)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("tarjama: error: ") and expected in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_segments_that_do_not_match_the_source_are_refused(saved_project: Path) -> None:
    path = project_path_for(saved_project)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["segments"][1]["start"] += 3
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ProjectError, match="segment 2 does not match the source text"):
        load_project(path)


def test_a_changed_arabic_file_is_not_silently_reviewed(saved_project: Path) -> None:
    saved_project.write_text(
        saved_project.read_text(encoding="utf-8") + "سطر جديد.\n", encoding="utf-8"
    )
    with pytest.raises(ProjectError, match="has changed since its review was saved"):
        open_review(str(saved_project))


def test_missing_inputs_give_clear_errors(tmp_path: Path, story: Path, capsys) -> None:
    assert main(["review", str(tmp_path / "nope.txt")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main(["review", str(story), "--model", str(tmp_path / "no-model")]) == 1
    err = capsys.readouterr().err
    assert "model folder" in err and "Traceback" not in err
    assert not project_path_for(story).exists()  # nothing half-made
    assert main(["review", str(story), "--glossary", str(tmp_path / "none.tsv")]) == 1
    assert "none.tsv" in capsys.readouterr().err
    empty = tmp_path / "empty.txt"
    empty.write_text("\n", encoding="utf-8")
    assert main(["review", str(empty)]) == 1
    assert "no text to translate" in capsys.readouterr().err


def test_version_1_files_open_and_are_saved_as_version_2(saved_project: Path) -> None:
    path = project_path_for(saved_project)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["version"] = 1  # as tarjama wrote it before the translation memory
    for seg in data["segments"]:
        assert "memory" not in seg and "recorded" not in seg  # optional keys
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    project = load_project(path)
    assert [s.status for s in project.segments] == ["approved", "edited", "machine", "machine"]
    save_project(project)
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == VERSION == 2


def test_memory_facts_round_trip(saved_project: Path) -> None:
    """A reused segment's origin, and what an approval wrote into the memory (for undo)."""
    from tui.memory_record import MemoryRecord

    path = project_path_for(saved_project)
    project = load_project(path)
    reused = project.segments[2]
    reused.status, reused.memory_origin, reused.memory_id = "tm", "review:other.txt", 12
    record = MemoryRecord(project.segments[0].source, project.segments[0].target, "review:a.txt")
    project.segments[0].recorded = record
    project.undo.append((0, project.segments[0].copy()))
    save_project(project)
    assert "recorded" not in path.read_text(encoding="utf-8")  # not written until done
    record.added_at, record.done = "2026-05-01T12:00:00Z", True
    save_project(project)
    back = load_project(path)
    assert back.segments == project.segments
    assert back.segments[0].recorded == record and back.undo[0][1].recorded == record
    assert (back.segments[2].status, back.segments[2].memory_origin) == ("tm", "review:other.txt")
