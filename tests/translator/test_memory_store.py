"""The translation memory store: exact keys, upserts, removal, fuzzy matches, several writers."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from translator.memory import store as store_module
from translator.memory.errors import MemoryStoreError
from translator.memory.fuzzy import word_ops
from translator.memory.keys import memory_key
from translator.memory.location import default_memory_path, memory_path
from translator.memory.store import NewEntry, TranslationMemory

PESKOV = "وقال المتحدث باسم الكرملين ديمتري بيسكوف للصحفيين."
PESKOV_EN = "Kremlin spokesman Dmitry Peskov told reporters."


@pytest.fixture
def memory(tmp_path: Path):
    with TranslationMemory(tmp_path / "tm" / "memory.sqlite3") as tm:
        yield tm


def test_created_on_first_use_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "memory.sqlite3"
    assert TranslationMemory.open_existing(path) is None
    assert not path.exists(), "reading a memory that does not exist creates nothing"
    with TranslationMemory(path) as tm:
        assert len(tm) == 0
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA application_id").fetchone()[0] == store_module.APPLICATION_ID


def test_exact_match_ignores_what_the_glossary_ignores(memory: TranslationMemory) -> None:
    entry_id = memory.add(PESKOV, PESKOV_EN, origin="review:a.txt", user="huda")
    # diacritics, tatweel, another alef form, doubled spaces: the same sentence
    variant = "وَقال المتحـدث  باسم الكرملين ديمتري بيسكوف للصحفيين."
    found = memory.exact(variant)
    assert found is not None and found.id == entry_id
    assert (found.target, found.origin, found.created_by) == (PESKOV_EN, "review:a.txt", "huda")
    assert memory_key(variant) == memory_key(PESKOV)
    # ى/ي are not folded by the glossary, so not here either; a changed word is no match
    assert memory.exact(PESKOV.replace("للصحفيين", "للصحافيين")) is None


def test_same_pair_is_confirmed_not_duplicated(memory: TranslationMemory) -> None:
    first = memory.add_many([NewEntry(PESKOV, PESKOV_EN, "a", "2024-01-01T00:00:00Z", "x")])
    again = memory.add_many([NewEntry(PESKOV, PESKOV_EN + " ", "b", "2024-02-01T00:00:00Z", "y")])
    older = memory.add_many([NewEntry(PESKOV, PESKOV_EN, "c", "2023-01-01T00:00:00Z", "z")])
    assert (first.added, again.updated, older.unchanged) == (1, 1, 1)
    assert len(memory) == 1
    entry = memory.exact(PESKOV)
    assert entry is not None
    assert (entry.origin, entry.created_at, entry.created_by) == ("a", "2024-01-01T00:00:00Z", "x")
    assert (entry.changed_at, entry.changed_by) == ("2024-02-01T00:00:00Z", "y")


def test_newest_english_is_the_exact_match_and_origins_replace_their_own(
    memory: TranslationMemory,
) -> None:
    memory.add_many([NewEntry(PESKOV, "Old English.", "review:a.txt", "2024-01-01T00:00:00Z")])
    memory.add_many([NewEntry(PESKOV, "Other desk.", "tmx:desk.tmx", "2024-02-01T00:00:00Z")])
    assert memory.exact(PESKOV).target == "Other desk."
    counts = memory.add_many(
        [NewEntry(PESKOV, PESKOV_EN, "review:a.txt", "2024-03-01T00:00:00Z")], replace_origin=True
    )
    assert counts.replaced == 1 and counts.added == 1
    assert [e.target for e in memory.versions(PESKOV)] == [PESKOV_EN, "Other desk."]


def test_pairs_without_arabic_words_or_english_are_skipped(memory: TranslationMemory) -> None:
    counts = memory.add_many([NewEntry("...", "x"), NewEntry(PESKOV, "  ")])
    assert counts.skipped == 2 and len(memory) == 0


def test_remove_by_id_source_and_origin(memory: TranslationMemory) -> None:
    a = memory.add(PESKOV, PESKOV_EN, origin="review:a.txt")
    b = memory.add("قال لافروف إن المحادثات مفيدة.", "Lavrov said the talks helped.", origin="x")
    memory.add("وصل بوتين إلى جنيف.", "Putin arrived in Geneva.", origin="x")
    assert memory.remove() == 0
    assert memory.remove(ids=[a]) == 1 and memory.get(a) is None
    assert memory.remove(source="قال لافروف إن المحادثات مفيدة.", origin="other") == 0
    assert memory.remove(source="قَال لافروف إن المحادثات مفيدة.") == 1 and memory.get(b) is None
    assert memory.remove(origin="x") == 1 and len(memory) == 0
    # removed entries leave the fuzzy index too
    assert memory.fuzzy("وصل بوتين إلى جنيف.") == []


def test_stats_count_origins(memory: TranslationMemory) -> None:
    memory.add(PESKOV, PESKOV_EN, origin="review:a.txt")
    memory.add("وصل بوتين إلى جنيف.", "Putin arrived in Geneva.", origin="review:a.txt")
    memory.add("قال لافروف إن المحادثات مفيدة.", "Lavrov said so.", origin="tmx:d.tmx")
    stats = memory.stats()
    assert stats.entries == 3 and stats.origins == {"review:a.txt": 2, "tmx:d.tmx": 1}
    assert stats.size_bytes > 0 and stats.oldest <= stats.newest


def test_fuzzy_ranks_scores_and_marks_differing_words(memory: TranslationMemory) -> None:
    memory.add(PESKOV, PESKOV_EN, origin="a")
    memory.add("وقال المتحدث باسم الخارجية الروسية للصحفيين.", "The Russian MFA spokesman said.")
    memory.add("وصل بوتين إلى جنيف.", "Putin arrived in Geneva.")
    query = "وقال المتحدث باسم الكرملين ديمتري بيسكوف للصحفيين اليوم."
    matches = memory.fuzzy(query, k=5, threshold=75)
    assert [m.entry.target for m in matches] == [PESKOV_EN]  # the others score below 75
    best = matches[0]
    assert 75 <= best.score < 100
    assert [query[a:b] for a, b in best.query_differs] == ["اليوم"]
    assert best.match_differs == []
    lower = memory.fuzzy(query, k=5, threshold=40)
    assert len(lower) >= 2 and lower[0].score >= lower[1].score
    assert memory.fuzzy(query, k=1, threshold=40) == lower[:1]
    exact = memory.fuzzy(PESKOV)
    assert exact[0].score == 100 and all(op.kind == "equal" for op in exact[0].ops)


def test_word_ops_map_back_to_the_text_as_given() -> None:
    stored = "وقال بوتين إن نولاند موجودة في موسكو."
    query = "وقال بوتين إنَّ بلينكن موجود في موسكو"
    ops = word_ops(query, stored)
    changed = [(op.kind, query[slice(*op.query)], stored[slice(*op.match)]) for op in ops]
    assert ("replace", "بلينكن موجود", "نولاند موجودة") in changed
    assert ("delete", "", ".") in changed  # the stored sentence's full stop
    assert all(q == m for kind, q, m in changed if kind == "equal" and "إن" not in q)


def test_not_a_memory_is_one_clear_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("hello, not a database\n" * 100)
    with pytest.raises(MemoryStoreError, match="not a tarjama translation memory"):
        TranslationMemory(junk)
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(MemoryStoreError, match="not a tarjama translation memory"):
        TranslationMemory(other)
    newer = tmp_path / "newer.sqlite3"
    TranslationMemory(newer).close()
    db = sqlite3.connect(newer)
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    with pytest.raises(MemoryStoreError, match="newer tarjama"):
        TranslationMemory(newer)


def test_without_fts5_the_memory_says_so_in_one_line(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(store_module, "_FTS5", False)
    with pytest.raises(MemoryStoreError) as caught:
        TranslationMemory(tmp_path / "m.sqlite3")
    message = str(caught.value)
    assert "FTS5" in message and "--no-memory" in message and "\n" not in message
    from translator.memory.options import open_for_reuse

    (tmp_path / "m2.sqlite3").write_bytes(b"")  # a memory file exists, FTS5 does not
    warnings: list[str] = []
    assert open_for_reuse(str(tmp_path / "m2.sqlite3"), False, warnings.append) is None
    assert len(warnings) == 1 and "FTS5" in warnings[0]


def test_location_follows_xdg_and_the_environment(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv("TARJAMA_MEMORY", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_memory_path() == tmp_path / "data" / "tarjama" / "memory.sqlite3"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert default_memory_path() == Path.home() / ".local/share/tarjama/memory.sqlite3"
    monkeypatch.setenv("TARJAMA_MEMORY", str(tmp_path / "shared.sqlite3"))
    assert default_memory_path() == tmp_path / "shared.sqlite3"
    assert memory_path(str(tmp_path / "x.sqlite3")) == tmp_path / "x.sqlite3"


WRITER = """
import sys
from translator.memory.store import NewEntry, TranslationMemory
tm = TranslationMemory(sys.argv[1])
for i in range(int(sys.argv[3])):
    tm.add_many([NewEntry(f"جملة رقم {sys.argv[2]} {i}", f"Sentence {sys.argv[2]} {i}", "w")])
tm.close()
"""


def test_several_processes_write_at_once(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    TranslationMemory(path).close()
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(n), "60"]) for n in range(3)
    ]
    assert [w.wait(timeout=120) for w in writers] == [0, 0, 0]
    with TranslationMemory(path) as tm:
        assert len(tm) == 180
        assert tm.exact("جملة رقم 2 59").target == "Sentence 2 59"
