"""Item 8: a desk's shared memory, read-only or damaged, and imports that fail half-way."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_support import one_error_line
from tests_support import TARJAMA

from translator.formats.tmx import TmxUnit, write_tmx
from translator.memory.store import TranslationMemory
from tui.cli import main

SENTENCE = "وصل بوتين إلى جنيف."


def _without_root_override() -> None:  # pragma: no cover - runs in the child
    """Root ignores file modes; drop the capabilities that let it (as a real user is)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2, 3):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
        libc.prctl(24, cap, 0, 0, 0)  # PR_CAPBSET_DROP: gone from the exec'd program


def as_user(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """``tarjama ARGS`` as an ordinary user would run it (file modes apply)."""
    preexec = _without_root_override if os.geteuid() == 0 else None
    return subprocess.run([TARJAMA, *args], input=stdin, capture_output=True, text=True,
                          timeout=300, preexec_fn=preexec)  # fmt: skip


@pytest.fixture
def read_only_desk(tmp_path: Path):
    folder = tmp_path / "shared"
    folder.mkdir()
    with TranslationMemory(folder / "desk.sqlite3") as memory:
        memory.add(SENTENCE, "Putin arrived in Geneva.", origin="desk", user="huda")
    assert sorted(p.name for p in folder.iterdir()) == ["desk.sqlite3"]  # WAL files gone
    folder.chmod(0o555)
    (folder / "desk.sqlite3").chmod(0o444)
    yield folder / "desk.sqlite3"
    folder.chmod(0o755)


def test_a_read_only_shared_memory_serves_lookups(read_only_desk: Path) -> None:
    result = as_user("tm", "lookup", SENTENCE, "--memory", str(read_only_desk))
    assert result.returncode == 0, result.stderr
    assert '"target": "Putin arrived in Geneva."' in result.stdout
    assert sorted(p.name for p in read_only_desk.parent.iterdir()) == ["desk.sqlite3"]
    denied = as_user("tm", "remove", "--origin", "desk", "--memory", str(read_only_desk))
    assert denied.returncode == 1 and "read-only" in one_error_line(denied.stderr)


def test_translate_reuses_a_read_only_memory(read_only_desk: Path) -> None:
    """``translate`` opens its memory with ``open_for_reuse``: run it as a user would."""
    code = (
        "import sys; from translator.memory.options import open_for_reuse; "
        "m = open_for_reuse(sys.argv[1], False, print); print(m.exact(sys.argv[2]).target)"
    )
    preexec = _without_root_override if os.geteuid() == 0 else None
    command = [sys.executable, "-c", code, str(read_only_desk), SENTENCE]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, preexec_fn=preexec)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Putin arrived in Geneva."


@pytest.mark.parametrize("keep", [0, 0.5])
def test_a_damaged_memory_is_one_line_naming_no_memory(tmp_path: Path, keep: float) -> None:
    path = tmp_path / "desk.sqlite3"
    with TranslationMemory(path) as memory:
        for n in range(400):
            memory.add(f"وصل الوفد رقم {n} إلى جنيف.", f"Delegation {n} arrived.", user="x")
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    for args in (["tm", "lookup", "وصل الوفد رقم 7 إلى جنيف."], ["tm", "stats"]):
        result = as_user(*args, "--memory", str(path))
        assert result.returncode == 1
        assert "--no-memory" in one_error_line(result.stderr)


def test_a_failed_import_leaves_no_memory_behind(tmp_path: Path, capsys) -> None:
    memory = tmp_path / "new.sqlite3"
    notes = tmp_path / "notes.txt"
    notes.write_text("hello\n", encoding="utf-8")
    assert main(["tm", "import", str(notes), "--memory", str(memory)]) == 1
    assert "not well-formed" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [notes]


def big_tmx(path: Path, count: int) -> Path:
    units = [
        TmxUnit(f"وصل الوفد رقم {n} إلى جنيف.", f"Delegation {n} arrived.") for n in range(count)
    ]
    path.write_bytes(write_tmx(units, user="huda"))
    return path


def test_an_interrupted_tmx_import_says_what_it_kept(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmx = big_tmx(tmp_path / "desk.tmx", 5000)
    memory = tmp_path / "tm.sqlite3"
    real = TranslationMemory.add_many
    calls = []

    def add_then_ctrl_c(self, items, **kw):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(self, items, **kw)

    monkeypatch.setattr(TranslationMemory, "add_many", add_then_ctrl_c)
    assert main(["tm", "import", str(tmx), "--memory", str(memory)]) == 130
    err = capsys.readouterr().err
    assert "interrupted after 2000 pair(s) were added" in err
    with TranslationMemory(memory) as tm:
        assert len(tm) == 2000  # exactly what was said
    monkeypatch.undo()
    assert main(["tm", "import", str(tmx), "--memory", str(memory)]) == 0
    assert "3000 pair(s) added, 2000 already there" in capsys.readouterr().err


def test_a_tmx_broken_half_way_keeps_and_counts_what_came_before(tmp_path: Path, capsys) -> None:
    tmx = big_tmx(tmp_path / "desk.tmx", 4500)
    data = tmx.read_bytes()
    tmx.write_bytes(data[: len(data) * 3 // 4])  # truncated: a copy that stopped
    memory = tmp_path / "tm.sqlite3"
    assert main(["tm", "import", str(tmx), "--memory", str(memory)]) == 1
    err = capsys.readouterr().err
    assert "not well-formed" in err and "stopped by an error after 2000 pair(s)" in err
    with TranslationMemory(memory) as tm:
        assert len(tm) == 2000
