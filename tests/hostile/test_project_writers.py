"""Item 1: every writer of a project takes its lock first, checks everything, then writes once.

An import while a review is open would be saved over by the review's next save (the
project and the memory would then disagree), so it is refused and writes nothing.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from hostile_support import one_error_line, tarjama

from tui.app import ReviewApp
from tui.cli import main
from tui.opening import open_review
from tui.project import load_project, project_path_for
from tui.project_lock import ProjectLock


def approved_xliff(desk: Path, english: str = "Putin reached Geneva.") -> Path:
    """The review exported as XLIFF 2.1 and its first segment approved in another tool."""
    out = desk.parent / "story.xlf"
    assert main(["export", str(desk), "-o", str(out), "--format", "xliff"]) == 0
    text = out.read_text("utf-8")
    text = text.replace('<segment id="s1" state="translated"', '<segment id="s1" state="final"')
    old = '<target xml:space="preserve">Putin arrived in Geneva.</target>'
    at = text.index(old, text.index('<segment id="s1"'))  # the segment's, not the match's
    text = text[:at] + f'<target xml:space="preserve">{english}</target>' + text[at + len(old) :]
    out.write_text(text, encoding="utf-8")
    return out


def test_import_xliff_against_an_open_review_is_refused_and_nothing_is_lost(
    desk: Path, tmp_path: Path
) -> None:
    xlf = approved_xliff(desk)
    project_file = project_path_for(desk)
    memory = tmp_path / "tm.sqlite3"
    before = project_file.read_bytes()

    async def review_open_meanwhile() -> None:
        app = ReviewApp(open_review(str(desk)), bidi="app", memory=None)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            result = tarjama("import-xliff", str(xlf), "--memory", str(memory))
            assert result.returncode == 1
            assert "is open in another tarjama review" in one_error_line(result.stderr)
            assert project_file.read_bytes() == before  # nothing written
            assert not memory.exists()  # nor recorded: project and memory still agree
            await pilot.press("ctrl+s")  # the review's own save
            await pilot.press("ctrl+q")
        app.lock.release()

    asyncio.run(review_open_meanwhile())
    assert [s.status for s in load_project(project_file).segments] == ["machine"] * 3
    # once the review is closed the same file comes in, and the memory agrees with it
    result = tarjama("import-xliff", str(xlf), "--memory", str(memory))
    assert result.returncode == 0, result.stderr
    first = load_project(project_file).segments[0]
    assert (first.status, first.target) == ("approved", "Putin reached Geneva.")
    from translator.memory.store import TranslationMemory

    with TranslationMemory(memory) as tm:
        assert tm.exact(first.source).target == "Putin reached Geneva."


def test_review_from_an_xliff_writes_nothing_while_the_project_is_locked(
    desk: Path, tmp_path: Path, capsys
) -> None:
    xlf = approved_xliff(desk)
    project_file = project_path_for(desk)
    before = project_file.read_bytes()
    memory = tmp_path / "tm.sqlite3"
    lock = ProjectLock.acquire(project_file)
    try:
        code = main(["review", str(desk), "--from", str(xlf), "--memory", str(memory)])
    finally:
        lock.release()
    assert code == 1
    err = capsys.readouterr().err
    assert "is open in another tarjama review" in err and "imported" not in err
    assert project_file.read_bytes() == before
    assert not memory.exists()


@pytest.mark.parametrize("bad", ["folder", "junk"])
def test_a_memory_that_cannot_take_the_approvals_stops_the_import_before_it_saves(
    desk: Path, tmp_path: Path, bad: str
) -> None:
    xlf = approved_xliff(desk)
    project_file = project_path_for(desk)
    before = project_file.read_bytes()
    memory = tmp_path / "memory"
    if bad == "folder":
        memory.mkdir()
    else:
        memory.write_bytes(b"not sqlite" * 100)
    result = tarjama("import-xliff", str(xlf), "--memory", str(memory))
    assert result.returncode == 1
    one_error_line(result.stderr)
    assert "imported" not in result.stderr
    assert project_file.read_bytes() == before
    assert not project_file.with_name(project_file.name + ".lock").exists()


def test_import_xliff_warns_when_an_approval_drops_a_glossary_name(desk: Path) -> None:
    """Item 10, second half: approved English without a name the glossary requires."""
    xlf = approved_xliff(desk, english="He reached Geneva.")
    result = tarjama("import-xliff", str(xlf), "--no-memory")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "warning:" in line]
    assert len(warnings) == 1
    assert "segment 1" in warnings[0] and "'Putin'" in warnings[0]
