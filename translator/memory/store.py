"""The translation memory store: one SQLite file of approved sentence pairs.

Why SQLite: it is in the standard library, one file a desk can share, safe with several
writers, and its FTS5 full-text index finds fuzzy-match candidates among 100,000s of
sentences in milliseconds.  Nothing is ever rewritten whole: an added pair is one row.

Schema (``PRAGMA user_version`` = ``SCHEMA_VERSION``, ``application_id`` = ``APPLICATION_ID``)::

    entries(id, key, source, target, origin, created_at, created_by, changed_at, changed_by)
        UNIQUE (key, target)       -- one row per Arabic (normalized) + English pair
    entries_fts                    -- FTS5 over ``key``, kept in step by triggers

``key`` is ``keys.memory_key(source)``: exact lookups are one index probe.  Times are
UTC ISO 8601 (``2024-05-01T12:00:00Z``), so they sort as text.  When a key has several
English versions, the most recently changed one is the exact match.

Several writers: the file is in WAL mode (readers never wait for a writer), every write
is one ``BEGIN IMMEDIATE`` transaction, and a busy file is waited on (``timeout``) before
giving up with a one-line error.  WAL needs the file on a local disk (or a disk every
user's machine mounts locally); SQLite does not support WAL over network file systems.

A memory that does not exist yet is created on the first write; reading one that does
not exist finds nothing and creates nothing.
"""

from __future__ import annotations

import contextlib
import getpass
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from translator.memory.entry import MemoryEntry
from translator.memory.errors import MemoryStoreError
from translator.memory.fuzzy import FuzzyMatch, fuzzy_matches
from translator.memory.keys import memory_key

SCHEMA_VERSION = 1
APPLICATION_ID = 0x544A4D31  # "TJM1"
BUSY_TIMEOUT_S = 10.0
# Fuzzy candidates: a sentence's rarest words are read from the index until their entries
# reach the budget, and at least MIN_WORDS words while the cap allows (when every word is
# common, a few words are not enough to tell a close match from chance).
POSTINGS_BUDGET = 10_000
MIN_WORDS = 6
POSTINGS_CAP = 20_000
DF_CACHE_SIZE = 200_000

_SCHEMA = (
    """CREATE TABLE entries (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        origin TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL DEFAULT '',
        changed_at TEXT NOT NULL,
        changed_by TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE UNIQUE INDEX entries_pair ON entries(key, target)",
    "CREATE INDEX entries_origin ON entries(origin)",
    "CREATE VIRTUAL TABLE entries_fts USING fts5(key, content='entries', content_rowid='id')",
    """CREATE TRIGGER entries_ai AFTER INSERT ON entries BEGIN
        INSERT INTO entries_fts(rowid, key) VALUES (new.id, new.key);
    END""",
    """CREATE TRIGGER entries_ad AFTER DELETE ON entries BEGIN
        INSERT INTO entries_fts(entries_fts, rowid, key) VALUES ('delete', old.id, old.key);
    END""",
    """CREATE TRIGGER entries_au AFTER UPDATE OF key ON entries BEGIN
        INSERT INTO entries_fts(entries_fts, rowid, key) VALUES ('delete', old.id, old.key);
        INSERT INTO entries_fts(rowid, key) VALUES (new.id, new.key);
    END""",
)

_COLUMNS = "id, source, target, origin, created_at, created_by, changed_at, changed_by"


def now_iso() -> str:
    """The current time as the memory stores it."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def current_user() -> str:
    """The OS user name ("" when the system cannot say)."""
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry, no LOGNAME: getpass raises several types
        return ""


_FTS5: bool | None = None


def fts5_available() -> bool:
    """Whether this Python's sqlite3 was built with FTS5 (checked once)."""
    global _FTS5
    if _FTS5 is None:
        try:
            probe = sqlite3.connect(":memory:")
            try:
                probe.execute("CREATE VIRTUAL TABLE probe USING fts5(x)")
                _FTS5 = True
            finally:
                probe.close()
        except sqlite3.Error:
            _FTS5 = False
    return _FTS5


def no_fts5_message() -> str:
    return (
        f"this Python's sqlite3 (SQLite {sqlite3.sqlite_version}) was built without FTS5, "
        "which the translation memory needs; use a Python whose sqlite3 has FTS5 "
        "(python.org and most Linux builds do), or run with --no-memory"
    )


@dataclass(frozen=True)
class NewEntry:
    """A pair to add; missing times are "now", a missing changer is the creator."""

    source: str
    target: str
    origin: str = ""
    created_at: str | None = None
    created_by: str = ""
    changed_at: str | None = None
    changed_by: str | None = None


@dataclass(frozen=True)
class AddCounts:
    """What ``add_many`` did: new rows, rows confirmed with a newer date, rows already there,
    pairs skipped (no Arabic word or no English), and older versions replaced."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    replaced: int = 0
    ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class MemoryStats:
    path: Path
    entries: int
    origins: dict[str, int]
    oldest: str | None
    newest: str | None
    size_bytes: int


class TranslationMemory:
    """An open memory file; thread-safe (one connection behind a lock)."""

    def __init__(
        self, path: str | Path, *, timeout: float = BUSY_TIMEOUT_S, read_only: bool = False
    ) -> None:
        """``read_only``: for lookups: nothing is created or written,
        and a memory in a read-only folder (a desk's shared memory mounted so) still opens."""
        if not fts5_available():
            raise MemoryStoreError(no_fts5_message())
        self.path = Path(path)
        self.read_only = read_only
        self._lock = threading.Lock()
        self._df: dict[str, int] = {}
        shown = str(self.path)
        if self.path.is_dir():
            raise MemoryStoreError(f"translation memory {shown!r} is a folder; give a file path")
        try:
            if read_only:
                self._db = self._connect_read_only(timeout)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(
                    self.path, timeout=timeout, isolation_level=None, check_same_thread=False
                )
        except sqlite3.DatabaseError as err:
            raise MemoryStoreError(self._explain(err)) from err
        except (OSError, sqlite3.Error) as err:
            raise MemoryStoreError(f"cannot open translation memory {shown!r}: {err}") from err
        try:
            self._prepare()
        except sqlite3.DatabaseError as err:
            self._db.close()
            raise MemoryStoreError(self._explain(err)) from err
        except MemoryStoreError:
            self._db.close()
            raise

    def _connect_read_only(self, timeout: float) -> sqlite3.Connection:
        """SQLite's ``mode=ro``; where even that cannot open (a WAL memory whose folder is
        read-only, so its ``-shm`` cannot be made) ``immutable=1``, which reads the file as
        it is: right for a memory mounted read-only, which nobody writes meanwhile."""
        uri = self.path.resolve().as_uri()
        last: sqlite3.Error | None = None
        for query in ("?mode=ro", "?mode=ro&immutable=1"):
            db = sqlite3.connect(
                uri + query, uri=True, timeout=timeout, isolation_level=None,
                check_same_thread=False,
            )  # fmt: skip
            try:
                db.execute("SELECT count(*) FROM sqlite_master").fetchone()
                return db
            except sqlite3.OperationalError as err:  # "unable to open database file"
                db.close()
                last = err
            except sqlite3.Error:
                db.close()
                raise
        assert last is not None
        raise last

    # ------------------------------------------------------------------ opening
    def _explain(self, err: sqlite3.Error) -> str:
        shown = str(self.path)
        text = str(err)
        if "not a database" in text or "malformed" in text:
            return (
                f"{shown!r} is not a tarjama translation memory, or it is damaged (SQLite: "
                f"{text}); point --memory at a good copy, or work without it with --no-memory"
            )
        if "locked" in text or "busy" in text:
            return (
                f"translation memory {shown!r} is busy (another program is writing to it); "
                "try again in a moment"
            )
        if "readonly" in text or "read-only" in text:
            return (
                f"translation memory {shown!r} is read-only here; lookups work, but to add "
                "to it give a writable --memory file"
            )
        return f"translation memory {shown!r}: {text}"

    def _prepare(self) -> None:
        db = self._db
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        shown = str(self.path)
        if tables and app_id != APPLICATION_ID:
            raise MemoryStoreError(
                f"{shown!r} is an SQLite database but not a tarjama translation memory; "
                "point --memory at another file, or work without one with --no-memory"
            )
        if version > SCHEMA_VERSION:
            raise MemoryStoreError(
                f"translation memory {shown!r} was made by a newer tarjama (schema {version}, "
                f"this one reads up to {SCHEMA_VERSION}); upgrade tarjama to use it"
            )
        if self.read_only:
            if not tables:
                raise MemoryStoreError(
                    f"translation memory {shown!r} is empty or damaged (it has no tables); "
                    "point --memory at a good copy, or work without it with --no-memory"
                )
            return
        if not tables:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("BEGIN IMMEDIATE")
            try:
                if not db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    for statement in _SCHEMA:
                        db.execute(statement)
                    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        db.execute("PRAGMA synchronous=NORMAL")

    @classmethod
    def open_existing(cls, path: str | Path) -> TranslationMemory | None:
        """The memory at ``path``, or None when there is none yet (nothing is created)."""
        if not Path(path).exists():
            return None
        return cls(path)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ helpers
    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self._db.execute(sql, tuple(params)).fetchall()
            except sqlite3.Error as err:
                raise MemoryStoreError(self._explain(err)) from err

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as err:
                raise MemoryStoreError(self._explain(err)) from err
            try:
                yield self._db
                self._db.execute("COMMIT")
            except sqlite3.Error as err:
                self._db.execute("ROLLBACK")
                raise MemoryStoreError(self._explain(err)) from err
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def check_writable(self) -> None:
        """MemoryStoreError unless a write can start now: checked before work that must not
        be half done (an import saved in its project but not in the memory)."""
        with self._write():
            pass

    @staticmethod
    def _entry(row: tuple[Any, ...]) -> MemoryEntry:
        return MemoryEntry(*row)

    # ------------------------------------------------------------------ writing
    def add(
        self,
        source: str,
        target: str,
        *,
        origin: str = "",
        user: str | None = None,
        replace_origin: bool = False,
    ) -> int | None:
        """Add (or confirm) one pair now; its id, or None when it has no Arabic or English."""
        who = current_user() if user is None else user
        counts = self.add_many(
            [NewEntry(source, target, origin, created_by=who, changed_by=who)],
            replace_origin=replace_origin,
        )
        return counts.ids[0] if counts.ids else None

    def add_many(self, items: Iterable[NewEntry], *, replace_origin: bool = False) -> AddCounts:
        """Add pairs in one transaction.

        A pair already stored (same key, same English) is not duplicated: when the new one
        is dated later its change date and changer are updated.  With ``replace_origin``,
        other English versions of the same key *from the same origin* are deleted: a
        project that re-approves a sentence with new English supersedes its old version.
        """
        added = updated = unchanged = skipped = replaced = 0
        ids: list[int] = []
        stamp = now_iso()
        with self._write() as db:
            for item in items:
                key = memory_key(item.source)
                target = item.target.strip()
                if not target or not any(ch.isalnum() for ch in key):
                    skipped += 1
                    continue
                created = item.created_at or item.changed_at or stamp
                changed = item.changed_at or created
                changer = item.changed_by if item.changed_by is not None else item.created_by
                if replace_origin:
                    replaced += db.execute(
                        "DELETE FROM entries WHERE key = ? AND origin = ? AND target != ?",
                        (key, item.origin, target),
                    ).rowcount
                row = db.execute(
                    "SELECT id, changed_at FROM entries WHERE key = ? AND target = ?",
                    (key, target),
                ).fetchone()
                if row is None:
                    cursor = db.execute(
                        "INSERT INTO entries (key, source, target, origin, created_at, "
                        "created_by, changed_at, changed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (key, item.source, target, item.origin, created, item.created_by,
                         changed, changer),
                    )  # fmt: skip
                    ids.append(int(cursor.lastrowid or 0))
                    added += 1
                elif changed > row[1]:
                    db.execute(
                        "UPDATE entries SET changed_at = ?, changed_by = ? WHERE id = ?",
                        (changed, changer, row[0]),
                    )
                    ids.append(int(row[0]))
                    updated += 1
                else:
                    ids.append(int(row[0]))
                    unchanged += 1
        return AddCounts(added, updated, unchanged, skipped, replaced, tuple(ids))

    def remove(
        self,
        *,
        ids: Iterable[int] = (),
        source: str | None = None,
        origin: str | None = None,
    ) -> int:
        """Delete entries with any of ``ids``, or matching ``source`` (by key) and/or ``origin``.

        Selectors other than ``ids`` combine (source AND origin); with none, nothing is removed.
        """
        removed = 0
        id_list = [int(i) for i in ids]
        with self._write() as db:
            for start in range(0, len(id_list), 500):
                chunk = id_list[start : start + 500]
                marks = ",".join("?" * len(chunk))
                removed += db.execute(f"DELETE FROM entries WHERE id IN ({marks})", chunk).rowcount
            clauses: list[str] = []
            params: list[str] = []
            if source is not None:
                clauses.append("key = ?")
                params.append(memory_key(source))
            if origin is not None:
                clauses.append("origin = ?")
                params.append(origin)
            if clauses:
                sql = "DELETE FROM entries WHERE " + " AND ".join(clauses)
                removed += db.execute(sql, params).rowcount
        return removed

    def remove_pair(
        self, source: str, target: str, *, origin: str, changed_at: str | None = None
    ) -> int:
        """Delete the one pair (``source`` by key, exact ``target``) if it has ``origin``.

        With ``changed_at``, only while its change date is still that: a pair someone
        confirmed since (a later approval, an import) is theirs too and stays.
        """
        sql = "DELETE FROM entries WHERE key = ? AND target = ? AND origin = ?"
        params = [memory_key(source), target.strip(), origin]
        if changed_at is not None:
            sql += " AND changed_at = ?"
            params.append(changed_at)
        with self._write() as db:
            return db.execute(sql, params).rowcount

    # ------------------------------------------------------------------ reading
    def exact(self, source: str) -> MemoryEntry | None:
        """The newest English stored for ``source`` (after normalization), if any."""
        key = memory_key(source)
        if not key:
            return None
        rows = self._query(
            f"SELECT {_COLUMNS} FROM entries WHERE key = ? "
            "ORDER BY changed_at DESC, id DESC LIMIT 1",
            (key,),
        )
        return self._entry(rows[0]) if rows else None

    def versions(self, source: str) -> list[MemoryEntry]:
        """Every English stored for ``source``, newest first."""
        rows = self._query(
            f"SELECT {_COLUMNS} FROM entries WHERE key = ? ORDER BY changed_at DESC, id DESC",
            (memory_key(source),),
        )
        return [self._entry(r) for r in rows]

    def get(self, entry_id: int) -> MemoryEntry | None:
        rows = self._query(f"SELECT {_COLUMNS} FROM entries WHERE id = ?", (entry_id,))
        return self._entry(rows[0]) if rows else None

    def entries(self, origin: str | None = None) -> Iterator[MemoryEntry]:
        """All entries (of one origin), oldest id first, read in pages."""
        last = 0
        where = "id > ?" + (" AND origin = ?" if origin is not None else "")
        while True:
            params: list[Any] = [last] + ([origin] if origin is not None else [])
            rows = self._query(
                f"SELECT {_COLUMNS} FROM entries WHERE {where} ORDER BY id LIMIT 1000", params
            )
            if not rows:
                return
            for row in rows:
                yield self._entry(row)
            last = rows[-1][0]

    def _doc_freqs(self, terms: list[str]) -> dict[str, int]:
        """How many entries hold each term (FTS5's own counts; cached, so a little stale)."""
        missing = [t for t in terms if t not in self._df]
        if missing:
            if len(self._df) > DF_CACHE_SIZE:
                self._df.clear()
            with self._lock:
                try:
                    self._db.execute(
                        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.entries_vocab "
                        "USING fts5vocab(main, entries_fts, 'row')"
                    )
                    for term in missing:
                        row = self._db.execute(
                            "SELECT doc FROM temp.entries_vocab WHERE term = ?", (term,)
                        ).fetchone()
                        self._df[term] = int(row[0]) if row else 0
                except sqlite3.Error as err:
                    raise MemoryStoreError(self._explain(err)) from err
        return {t: self._df[t] for t in terms}

    def candidates(self, tokens: list[str], limit: int) -> list[tuple[int, str]]:
        """(id, key) of entries sharing the most of ``tokens``' rarer words, most shared first.

        The words are taken rarest first until their posting lists hold ``POSTINGS_BUDGET``
        entries, and at least ``MIN_WORDS`` words as long as ``POSTINGS_CAP`` allows (and
        always one), so a lookup reads a bounded number of rows however common the
        sentence's words are; a close match shares most words, rare ones too.
        """
        terms = [t.lower() for t in dict.fromkeys(tokens) if any(ch.isalnum() for ch in t)]
        if not terms:
            return []
        freqs = self._doc_freqs(terms)
        chosen: list[str] = []
        total = 0
        for term in sorted((t for t in terms if freqs[t]), key=freqs.__getitem__):
            within = total + freqs[term] <= POSTINGS_BUDGET
            few = len(chosen) < MIN_WORDS and total + freqs[term] <= POSTINGS_CAP
            if chosen and not (within or few):
                break
            chosen.append(term)
            total += freqs[term]
        if not chosen:
            return []
        union = " UNION ALL ".join(
            "SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?" for _ in chosen
        )
        rows = self._query(
            f"SELECT e.id, e.key FROM (SELECT rowid, count(*) AS hits FROM ({union}) "
            "GROUP BY rowid ORDER BY hits DESC, rowid DESC LIMIT ?) AS c "
            "JOIN entries AS e ON e.id = c.rowid ORDER BY c.hits DESC, e.id DESC",
            [*('"' + t.replace('"', '""') + '"' for t in chosen), limit],
        )
        return [(int(r[0]), str(r[1])) for r in rows]

    def by_ids(self, ids: list[int]) -> dict[int, MemoryEntry]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self._query(f"SELECT {_COLUMNS} FROM entries WHERE id IN ({marks})", ids)
        return {row[0]: self._entry(row) for row in rows}

    def __len__(self) -> int:
        return int(self._query("SELECT count(*) FROM entries")[0][0])

    def stats(self) -> MemoryStats:
        origins = {
            str(o): int(n)
            for o, n in self._query(
                "SELECT origin, count(*) FROM entries GROUP BY origin ORDER BY count(*) DESC"
            )
        }
        oldest, newest = self._query("SELECT min(changed_at), max(changed_at) FROM entries")[0]
        size = 0
        for suffix in ("", "-wal"):
            with contextlib.suppress(OSError):
                size += Path(str(self.path) + suffix).stat().st_size
        return MemoryStats(self.path, sum(origins.values()), origins, oldest, newest, size)

    def fuzzy(self, source: str, k: int = 5, threshold: float = 75.0) -> list[FuzzyMatch]:
        """Top ``k`` entries scoring at least ``threshold`` (0–100); see ``fuzzy.fuzzy_matches``."""
        return fuzzy_matches(self, source, k=k, threshold=threshold)
