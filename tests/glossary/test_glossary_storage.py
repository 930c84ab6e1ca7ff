"""The glossary file: format, every load error with FILE:LINE, atomic saves."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import glossary.atomic as atomic
from glossary.entry import Entry
from glossary.errors import AtomicWriteError, GlossaryError
from glossary.storage import HEADER, dump_glossary, load_glossary, parse_glossary, save_glossary
from glossary.termbase import Glossary

GOOD = (
    "# tarjama glossary v1\n"
    "# my own remark about Nuland\n"
    "Victoria Nuland\tفيكتوريا نولاند\tperson\tUS Under Secretary of State\n"
    "\n"
    "AstraZeneca\tأسترازينيكا | أسترازينكا\torganization\n"
    "Geneva\tجنيف\n"
    "COVID-19\tكوفيد 19\t\ta note without a type\n"
    "# trailing remark\n"
)


def write(tmp_path: Path, text: str | bytes, name: str = "g.tsv") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def test_load_reads_all_columns(tmp_path: Path) -> None:
    g = load_glossary(write(tmp_path, GOOD))
    assert g.entries == [
        Entry("Victoria Nuland", ["فيكتوريا نولاند"], "person", "US Under Secretary of State"),
        Entry("AstraZeneca", ["أسترازينيكا", "أسترازينكا"], "organization"),
        Entry("Geneva", ["جنيف"]),
        Entry("COVID-19", ["كوفيد 19"], None, "a note without a type"),
    ]


def test_save_round_trip_keeps_order_and_comments(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    g = load_glossary(path)
    save_glossary(g, path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(HEADER + "\n")
    assert "# my own remark about Nuland\nVictoria Nuland\t" in text
    assert text.endswith("# trailing remark\n")
    assert "COVID-19\tكوفيد 19\t\ta note without a type\n" in text
    assert "Geneva\tجنيف\n" in text
    assert load_glossary(path).entries == g.entries
    save_glossary(load_glossary(path), path)
    assert path.read_text(encoding="utf-8") == text  # stable


def test_load_accepts_no_header_bom_and_crlf(tmp_path: Path) -> None:
    data = "\ufeffPutin\tبوتين\r\nMoscow\tموسكو\tplace\r\n".encode()
    g = load_glossary(write(tmp_path, data))
    assert g.targets() == ["Putin", "Moscow"]


def test_load_lists_every_problem_with_file_and_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Putin\tبوتين\n"  # 1 ok
        "\tموسكو\n"  # 2 empty target
        "Biden\tبايدن | \n"  # 3 empty form
        "Poutine\tبُوتين\n"  # 4 same normalized form as line 1
        "Just one column\n"  # 5 bad column count
        "A\tب\tc\td\te\n"  # 6 bad column count
        "Moscow\tموسكو\tcity\n"  # 7 bad type
        "Putin\tبوتن\n"  # 8 duplicate target
        "بايدن\tBiden\n",  # 9 swapped columns
    )
    with pytest.raises(GlossaryError) as info:
        load_glossary(path)
    message = str(info.value)
    lines = message.splitlines()
    assert len(lines) == 8, message
    expected = {
        2: "empty English target",
        3: "empty Arabic form",
        4: "also maps to 'Putin' on line 1",
        5: "found 1 (are the columns separated by spaces",
        6: "expected 2 to 4 TAB-separated columns",
        7: "unknown type 'city'",
        8: "already defined on line 1",
        9: "contains Arabic letters",
    }
    for line, text in zip(sorted(expected), lines, strict=True):
        assert line_prefix(path, line) in text and expected[line] in text, text


def line_prefix(path: Path, line: int) -> str:
    return f"{path}:{line}: "


def test_load_reports_bad_utf8_with_byte_offset(tmp_path: Path) -> None:
    data = "Putin\tبوتين\n".encode() + b"Moscow\t\xe3\xe6\xd3\xdf\xe6\n" + b"x\t\xff\n"
    path = write(tmp_path, data)
    with pytest.raises(GlossaryError) as info:
        load_glossary(path)
    lines = str(info.value).splitlines()
    assert lines[0] == (
        f"{path}:2: not valid UTF-8 (byte 0xe3 at byte offset 24 of the file); "
        "save the file as UTF-8"
    )
    assert lines[1].startswith(f"{path}:3: not valid UTF-8 (byte 0xff")


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match=r"no such file; create it with: tarjama glossary add"):
        load_glossary(tmp_path / "missing.tsv")
    with pytest.raises(GlossaryError, match="is a directory"):
        load_glossary(tmp_path)


def test_warnings_do_not_fail_load(tmp_path: Path) -> None:
    builder = parse_glossary(
        write(tmp_path, "Putin\tبوتين | بُوتين | بوتين\nputin\tبوتن\nNATO\tناتو\nThe NATO\tالناتو\n")
    )
    assert builder.problems == []
    text = "\n".join(builder.warnings)
    assert "listed twice" in text
    assert "are the same once diacritics" in text
    assert "differ only in letter case" in text
    assert "differ only by the article" in text


def test_save_refuses_invalid_entries_and_writes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    before = path.read_bytes()
    bad = Glossary([Entry("Putin", ["بوتين"]), Entry("Poutine", ["بوتين"]), Entry("X\tY", ["س"])])
    with pytest.raises(GlossaryError, match="cannot save the glossary") as info:
        save_glossary(bad, path)
    assert "maps to both" in str(info.value) and "tab or line break" in str(info.value)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["g.tsv"]


@pytest.mark.parametrize("failing", ["fsync", "replace", "write"])
def test_atomic_write_failure_leaves_old_file(tmp_path: Path, monkeypatch, failing: str) -> None:
    path = write(tmp_path, GOOD)
    before = path.read_bytes()

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if failing == "write":
        monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode: _FailingFile(fd))
    else:
        monkeypatch.setattr(atomic.os, failing, boom)
    with pytest.raises(AtomicWriteError) as info:
        save_glossary(load_glossary(path), path)
    assert str(info.value) == f"cannot write {path}: No space left on device"
    assert isinstance(info.value, OSError) and isinstance(info.value, GlossaryError)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["g.tsv"]


class _FailingFile:
    def __init__(self, fd: int) -> None:
        self.fd = fd

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        os.close(self.fd)

    def write(self, data: bytes) -> None:
        raise OSError(28, "No space left on device")


def test_atomic_write_keeps_mode_and_follows_symlink(tmp_path: Path) -> None:
    real = write(tmp_path, "Putin\tبوتين\n", "real.tsv")
    real.chmod(0o640)
    link = tmp_path / "link.tsv"
    link.symlink_to(real)
    atomic.write_text_atomic(link, "Moscow\tموسكو\n")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "Moscow\tموسكو\n"
    assert real.stat().st_mode & 0o777 == 0o640


def test_atomic_write_into_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(AtomicWriteError, match=r"cannot write .*: No such file or directory"):
        atomic.write_bytes_atomic(tmp_path / "nope" / "g.tsv", b"x")


def test_dump_omits_empty_trailing_columns() -> None:
    text = dump_glossary(Glossary([Entry("Geneva", ["جنيف"]), Entry("X", ["س"], None, "n")]))
    assert text.splitlines()[2:] == ["Geneva\tجنيف", "X\tس\t\tn"]
