"""TMX 1.4b: written by tarjama, read back, read by translate-toolkit, and memory round trips."""

from __future__ import annotations

from pathlib import Path

import pytest
from translate.storage.tmx import tmxfile

from translator.errors import TranslatorError
from translator.formats.tmx import TmxRead, TmxUnit, read_tmx, write_tmx
from translator.memory.exchange import export_tmx, import_tmx, unit_entry
from translator.memory.store import TranslationMemory

UNITS = [
    TmxUnit(
        "وقال المتحدث باسم الكرملين ديمتري بيسكوف للصحفيين.",
        "Kremlin spokesman Dmitry Peskov told reporters.",
        "review:story.txt",
        "2024-05-01T09:30:00Z",
        "huda",
        "2024-05-02T10:00:00Z",
        "omar",
        "1",
    ),
    TmxUnit(
        "وصل بوتين إلى جنيف <للقمة> & المحادثات.",
        "Putin arrived in Geneva <for the summit> & the talks.",
        "tmx:desk.tmx",
        "2023-12-31T23:59:59Z",
        "",
        "2023-12-31T23:59:59Z",
        "",
        "2",
    ),
]


def test_write_then_read_gives_the_same_units(tmp_path: Path) -> None:
    path = tmp_path / "out.tmx"
    path.write_bytes(write_tmx(UNITS, user="huda", created_at="2024-06-01T00:00:00Z"))
    stats = TmxRead()
    assert list(read_tmx(path, stats=stats)) == UNITS
    assert (stats.units, stats.skipped) == (2, 0)
    text = path.read_text(encoding="utf-8")
    assert '<tmx version="1.4">' in text
    assert 'creationdate="20240501T093000Z"' in text and 'changeid="omar"' in text
    assert 'creationid="huda"' in text.split("<body>")[0]  # the header's user


def test_translate_toolkit_reads_tarjamas_tmx(tmp_path: Path) -> None:
    path = tmp_path / "out.tmx"
    path.write_bytes(write_tmx(UNITS, user="huda"))
    store = tmxfile.parsefile(str(path))
    assert store.sourcelanguage == "ar"
    pairs = [(u.source, u.target) for u in store.units]
    assert pairs == [(u.source, u.target) for u in UNITS]


def test_memory_to_tmx_to_memory_to_tmx(tmp_path: Path) -> None:
    first = TranslationMemory(tmp_path / "a.sqlite3")
    first.add_many(unit_entry(u) for u in UNITS)
    stamp = "2024-06-01T00:00:00Z"
    once = tmp_path / "once.tmx"
    data, count = export_tmx(first, user="desk", created_at=stamp)
    once.write_bytes(data)
    assert count == 2
    second = TranslationMemory(tmp_path / "b.sqlite3")
    done = import_tmx(second, once)
    assert (done.added, done.known, done.skipped) == (2, 0, 0)
    assert export_tmx(second, user="desk", created_at=stamp)[0] == once.read_bytes()
    assert [e.origin for e in second.entries()] == ["review:story.txt", "tmx:desk.tmx"]
    assert import_tmx(second, once).known == 2  # importing again adds nothing
    first.close()
    second.close()


def test_reads_other_tools_tmx_languages_and_inline_codes(tmp_path: Path) -> None:
    path = tmp_path / "other.tmx"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4"><header creationtool="X" creationtoolversion="1" segtype="sentence"
 o-tmf="x" adminlang="en-US" srclang="*all*" datatype="html"/>
<body>
 <tu creationdate="20200102T030405Z">
  <tuv xml:lang="EN-US"><seg>The <bpt i="1">&lt;b&gt;</bpt>talks<ept i="1">&lt;/b&gt;</ept> \
ended.</seg></tuv>
  <tuv xml:lang="ar-EG"><seg>انتهت <hi>المحادثات</hi><ph>&lt;br/&gt;</ph>.</seg></tuv>
 </tu>
 <tu><tuv xml:lang="fr"><seg>Bonjour</seg></tuv><tuv xml:lang="en"><seg>Hello</seg></tuv></tu>
</body></tmx>
""",
        encoding="utf-8",
    )
    stats = TmxRead()
    units = list(read_tmx(path, stats=stats))
    assert [(u.source, u.target) for u in units] == [("انتهت المحادثات.", "The talks ended.")]
    assert units[0].origin == "tmx:other.tmx" and units[0].created_at == "2020-01-02T03:04:05Z"
    assert stats.skipped == 1


def test_broken_tmx_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tmx"
    bad.write_text("<tmx><body><tu>", encoding="utf-8")
    with pytest.raises(TranslatorError, match="not well-formed XML"):
        list(read_tmx(bad))
    other = tmp_path / "other.xml"
    other.write_text("<xliff/>", encoding="utf-8")
    with pytest.raises(TranslatorError, match="not a TMX file"):
        list(read_tmx(other))
