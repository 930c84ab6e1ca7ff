"""One review per project: a second window is refused, a killed review's lock is taken over."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.cli import main
from tui.errors import ProjectError
from tui.project import project_path_for
from tui.project_lock import ProjectLock, lock_path_for

HOLD_AND_WAIT = """
import sys, time
from pathlib import Path
from tui.project_lock import ProjectLock
ProjectLock.acquire(Path(sys.argv[1]))
print("locked", flush=True)
time.sleep(600)
"""


def test_second_review_of_an_open_project_is_refused(saved_project: Path, make_app) -> None:
    asyncio.run(second_window(saved_project, make_app))


async def second_window(saved_project: Path, make_app) -> None:
    first = make_app(saved_project)
    lock_file = lock_path_for(project_path_for(saved_project))
    async with first.run_test(size=(120, 40)) as pilot:
        owner = json.loads(lock_file.read_text(encoding="utf-8"))
        assert owner["pid"] == os.getpid() and owner["host"] == socket.gethostname()
        with pytest.raises(ProjectError) as refused:
            make_app(saved_project)
        message = str(refused.value)
        assert f"pid {os.getpid()} on {socket.gethostname()}" in message
        assert "is open in another tarjama review" in message and "\n" not in message
        # the first window is untouched and still saves
        await pilot.press("a")
        await pilot.press("ctrl+q")
    assert not lock_file.exists()  # released on quit
    again = make_app(saved_project)  # and the project opens again
    async with again.run_test(size=(120, 40)) as pilot:
        assert again.lock.held and again.lock.stale is None
        await pilot.press("ctrl+q")


def test_review_command_names_the_process_that_holds_the_project(
    saved_project: Path, capsys
) -> None:
    lock = ProjectLock.acquire(project_path_for(saved_project))
    try:
        assert main(["review", str(saved_project)]) == 1
    finally:
        lock.release()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"(pid {os.getpid()} on " in err


def test_lock_of_a_killed_review_is_recovered(saved_project: Path, make_app) -> None:
    project = project_path_for(saved_project)
    root = Path(__file__).resolve().parents[2]
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD_AND_WAIT, str(project)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "locked"
        with pytest.raises(ProjectError, match=f"pid {child.pid} on"):
            ProjectLock.acquire(project)  # alive: refused
    finally:
        child.send_signal(signal.SIGKILL)  # as kill -9 would end a review
        child.wait(timeout=30)
    assert lock_path_for(project).exists()  # left behind, naming the dead process
    app = make_app(saved_project)
    assert app.lock.stale is not None and app.lock.stale.pid == child.pid
    assert any("ended without closing it" in note for note in app.notes)
    asyncio.run(_open_and_quit(app))
    assert not lock_path_for(project).exists()


async def _open_and_quit(app) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+q")


def test_lock_file_says_who_and_since_when(saved_project: Path) -> None:
    before = time.time()
    lock = ProjectLock.acquire(project_path_for(saved_project))
    try:
        owner = json.loads(lock_path_for(project_path_for(saved_project)).read_text("utf-8"))
        assert owner["pid"] == os.getpid() and before - 1 <= owner["since"] <= time.time() + 1
    finally:
        lock.release()
    lock.release()  # twice is harmless
