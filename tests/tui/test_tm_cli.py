"""``tarjama tm import|export|stats|remove|lookup`` and a translate → XLIFF → import flow."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from translate.storage.tmx import tmxfile

from translator.formats.tmx import TmxUnit, write_tmx
from translator.memory.store import TranslationMemory
from tui.cli import main
from tui.project import load_project, project_path_for

PAIRS = [
    ("وقال المتحدث باسم الكرملين ديمتري بيسكوف للصحفيين.", "Kremlin spokesman Peskov said."),
    ("وصل بوتين إلى جنيف.", "Putin arrived in Geneva."),
    ("قال لافروف إن المحادثات مفيدة.", "Lavrov said the talks were useful."),
]


@pytest.fixture
def tmx(tmp_path: Path) -> Path:
    path = tmp_path / "desk.tmx"
    units = [
        TmxUnit(a, e, "", f"2024-01-0{n + 1}T08:00:00Z", "huda", None, "")
        for n, (a, e) in enumerate(PAIRS)
    ]
    path.write_bytes(write_tmx(units, user="huda"))
    return path


def test_import_stats_lookup_export_remove(tmx: Path, tmp_path: Path, capsys) -> None:
    memory = str(tmp_path / "tm.sqlite3")
    assert main(["tm", "stats", "--memory", memory, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["exists"] is False

    assert main(["tm", "import", str(tmx), "--memory", memory]) == 0
    assert "3 pair(s) added, 0 already there" in capsys.readouterr().err
    assert main(["tm", "import", str(tmx), "--memory", memory]) == 0
    assert "0 pair(s) added, 3 already there" in capsys.readouterr().err

    assert main(["tm", "stats", "--memory", memory, "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["entries"] == 3 and stats["origins"] == {"tmx:desk.tmx": 3}
    assert main(["tm", "stats", "--memory", memory]) == 0
    assert "entries: 3" in capsys.readouterr().out

    assert main(["tm", "lookup", "وصل بوتين إلى جنيف اليوم.", "--memory", memory]) == 0
    found = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["match"], r["target"]) for r in found] == [("fuzzy", "Putin arrived in Geneva.")]
    assert 75 <= found[0]["score"] < 100
    query = "وصل بوتين إلى جنيف اليوم."
    assert [query[a:b] for a, b in found[0]["differs_in_query"]] == ["اليوم"]

    out = tmp_path / "back.tmx"
    assert main(["tm", "export", "-o", str(out), "--memory", memory, "--user", "omar"]) == 0
    store = tmxfile.parsefile(str(out))
    assert [(u.source, u.target) for u in store.units] == PAIRS
    assert out.read_text("utf-8").count('creationid="huda"') == 3

    assert main(["tm", "remove", "--source", "وَصل بوتين إلى جنيف.", "--memory", memory]) == 0
    assert "removed 1 entry" in capsys.readouterr().err
    assert main(["tm", "remove", "--origin", "tmx:desk.tmx", "--memory", memory]) == 0
    assert "removed 2 entries" in capsys.readouterr().err
    with TranslationMemory(memory) as tm:
        assert len(tm) == 0


def test_tm_errors_are_one_line(tmp_path: Path, capsys) -> None:
    memory = str(tmp_path / "tm.sqlite3")
    assert main(["tm", "export", "-o", str(tmp_path / "x.tmx"), "--memory", memory]) == 1
    assert "no translation memory" in capsys.readouterr().err
    TranslationMemory(memory).close()
    assert main(["tm", "remove", "--memory", memory]) == 1
    assert "say what to remove" in capsys.readouterr().err
    assert main(["tm", "import", str(tmp_path / "missing.tmx"), "--memory", memory]) == 1
    assert "does not exist" in capsys.readouterr().err
    not_tmx = tmp_path / "notes.txt"
    not_tmx.write_text("hello\n", encoding="utf-8")
    assert main(["tm", "import", str(not_tmx), "--memory", memory]) == 1
    err = capsys.readouterr().err
    assert "not well-formed XML" in err and len(err.strip().splitlines()) == 1
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"junk" * 500)
    assert main(["tm", "stats", "--memory", str(junk)]) == 1
    assert "not a tarjama translation memory" in capsys.readouterr().err


def test_tm_import_of_a_review_project_records_its_approved_segments(
    saved_project: Path, tmp_path: Path, capsys
) -> None:
    memory = str(tmp_path / "tm.sqlite3")
    project_file = project_path_for(saved_project)
    assert main(["tm", "import", str(project_file), "--memory", memory, "--user", "huda"]) == 0
    assert "1 approved segment(s) added" in capsys.readouterr().err
    project = load_project(project_file)
    with TranslationMemory(memory) as tm:
        [entry] = list(tm.entries())
        assert (entry.source, entry.target) == (
            project.segments[0].source,
            project.segments[0].target,
        )
        assert (entry.origin, entry.created_by) == ("review:article.txt", "huda")


def test_translate_to_xliff_then_import_creates_the_review(
    tiny_model_dir: Path, tmp_path: Path, capsys
) -> None:
    story = tmp_path / "story.txt"
    story.write_text("وصل الوفد إلى جنيف.\nوقال المتحدث إن المحادثات مفيدة.\n", encoding="utf-8")
    out = tmp_path / "story.xlf"
    args = ["translate", str(story), "--model", str(tiny_model_dir), "--beam", "1"]
    assert main([*args, "--format", "xliff", "-o", str(out), "-q", "--no-memory"]) == 0
    # the reviewer signs off the first sentence in another tool
    text = out.read_text("utf-8").replace('state="translated"', 'state="final"', 1)
    out.write_text(text, encoding="utf-8")
    memory = ["--memory", str(tmp_path / "tm.sqlite3")]
    assert main(["import-xliff", str(out), *memory, "--model", str(tiny_model_dir)]) == 0
    assert "1 newly approved" in capsys.readouterr().err
    project = load_project(project_path_for(story))
    assert [s.status for s in project.segments] == ["approved", "machine"]
    assert project.model_id == str(tiny_model_dir)  # as given, never taken from the file
    assert all(s.machine for s in project.segments)
