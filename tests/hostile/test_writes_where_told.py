"""Item 2: every command that writes a file refuses an existing one without --force, and
never replaces an input of the same command (the memory itself, the glossary, the Arabic)
even with --force."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_support import ARABIC, one_error_line, snapshot, tarjama

from translator.memory.store import TranslationMemory
from tui.cli import main

PAIRS = [("وصل بوتين إلى جنيف.", "Putin arrived in Geneva."), ("قال لافروف.", "Lavrov said.")]


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    with TranslationMemory(tmp_path / "mem.sqlite3") as memory:
        for arabic, english in PAIRS:
            memory.add(arabic, english, origin="desk", user="huda")
    (tmp_path / "story.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "names.tsv").write_text("Putin\tبوتين\tperson\n", encoding="utf-8")
    return tmp_path


def test_tm_export_never_writes_over_its_own_memory(desk: Path, capsys) -> None:
    memory = str(desk / "mem.sqlite3")
    before = snapshot(desk)
    for extra in ([], ["--force"]):
        for target in (memory, memory + "-wal", memory + "-shm"):
            assert main(["tm", "export", "-o", target, "--memory", memory, *extra]) == 1
            err = capsys.readouterr().err
            assert "is the translation memory of this command" in err
    assert snapshot(desk) == before
    with TranslationMemory(memory) as reopened:
        assert len(reopened) == 2


def test_tm_export_needs_force_to_replace_a_file(desk: Path, capsys) -> None:
    memory = str(desk / "mem.sqlite3")
    for victim in ("story.txt", "names.tsv"):
        before = (desk / victim).read_bytes()
        assert main(["tm", "export", "-o", str(desk / victim), "--memory", memory]) == 1
        assert "already exists; add --force" in capsys.readouterr().err
        assert (desk / victim).read_bytes() == before
    out = desk / "old.tmx"
    out.write_text("old", encoding="utf-8")
    assert main(["tm", "export", "-o", str(out), "--memory", memory, "--force"]) == 0
    assert b"Putin arrived in Geneva." in out.read_bytes()


def test_the_memory_reached_through_a_link_is_still_refused(desk: Path, capsys) -> None:
    link = desk / "link.tmx"
    link.symlink_to(desk / "mem.sqlite3")
    code = main(["tm", "export", "-o", str(link), "--memory", str(desk / "mem.sqlite3"), "--force"])
    assert code == 1
    assert "translation memory" in capsys.readouterr().err
    assert len(TranslationMemory(desk / "mem.sqlite3")) == 2


def test_glossary_export_refuses_an_existing_file_without_force(desk: Path) -> None:
    out = desk / "story.txt"
    result = tarjama("glossary", "export", str(desk / "names.tsv"), "-o", str(out),
                     "--format", "csv")  # fmt: skip
    assert result.returncode == 1
    assert "already exists; add --force" in one_error_line(result.stderr)
    assert out.read_text(encoding="utf-8") == ARABIC
    forced = tarjama("glossary", "export", str(desk / "names.tsv"), "-o", str(out),
                     "--format", "csv", "--force")  # fmt: skip
    assert forced.returncode == 0, forced.stderr
    assert "Putin" in out.read_text(encoding="utf-8-sig")


def test_glossary_import_never_replaces_its_own_source(desk: Path) -> None:
    src = desk / "names.tsv"
    before = src.read_bytes()
    result = tarjama("glossary", "import", str(src), "-o", str(src), "--format", "omegat",
                     "--force")  # fmt: skip
    assert result.returncode == 1
    assert "is the file being imported" in one_error_line(result.stderr)
    assert src.read_bytes() == before


def test_translate_output_onto_the_glossary_or_memory_is_refused(desk: Path) -> None:
    before = snapshot(desk)
    story = str(desk / "story.txt")
    for target, what in (("names.tsv", "the glossary"), ("mem.sqlite3", "translation memory")):
        result = tarjama("translate", story, "-o", str(desk / target), "--glossary",
                         str(desk / "names.tsv"), "--memory", str(desk / "mem.sqlite3"),
                         "--force", "--model", str(desk / "no-model"))  # fmt: skip
        assert result.returncode == 1
        assert what in one_error_line(result.stderr)
    existing = desk / "english.txt"
    existing.write_text("kept", encoding="utf-8")
    result = tarjama("translate", story, "-o", str(existing), "--no-memory",
                     "--model", str(desk / "no-model"))  # fmt: skip
    assert result.returncode == 1
    assert "already exists; add --force" in one_error_line(result.stderr)
    assert existing.read_text(encoding="utf-8") == "kept"
    assert snapshot(desk) == {**before, "english.txt": snapshot(desk)["english.txt"]}
