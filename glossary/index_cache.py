"""A compiled glossary cached in the user's cache folder, keyed by content hash.

Loading a 100,000-entry glossary means validating every row and compiling every
form (normalizing, reading word lists): many seconds, on every ``glossary match``
or ``translate``.  The validated entries and the compiled ``Matcher`` index are
plain data, so they are written once with ``marshal`` to
``$XDG_CACHE_HOME/tarjama/glossary-index/<key>.idx`` (``~/.cache`` when unset),
the key a SHA-256 over the glossary file's bytes, the index and file versions and
the word lists the rules read; any change to either gives a new key, so a stale
index is never used.  ``load_matcher`` gives the matcher alone (``glossary
match``); ``load_compiled`` gives the ``Glossary`` too (``translate`` needs its
entries and targets as well as the matcher).

The cache file is data from disk, never trusted: ``marshal`` builds containers and
never runs code, and a file is used only when it unmarshals to
``(INDEX_VERSION, key, digest, body)`` with its own key (an index of another
glossary or version, copied or renamed, is refused) and ``digest`` the SHA-256 of
the key and ``body`` (a damaged file is refused before its body is unmarshalled);
the body's entries are then type-checked as they are rebuilt.  Anything else is
ignored and the index rebuilt from the glossary file.  Someone who can write the
user's cache folder on purpose could still hand over another consistent index; that
folder is the user's own, as is the glossary file.  Writes are atomic, and an index
is written only when the file did not change while it was compiled; the newest
``KEEP`` indexes are kept.  A cache folder that cannot be written only costs the
speed-up.  Hand-written: nothing on PyPI caches arbitrary compiled Python
structures by content hash without pickle.
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from glossary.atomic import write_bytes_atomic
from glossary.common_words import DATA, OWN_DATA
from glossary.entry import FLAGS, TYPES, Entry
from glossary.errors import GlossaryError
from glossary.matcher import INDEX_VERSION, Matcher
from glossary.sourcefile import STDIN, read_bytes
from glossary.storage import load_glossary
from glossary.termbase import Glossary

__all__ = ["CompiledGlossary", "cache_dir", "load_compiled", "load_matcher"]

KEEP = 8
FILE_VERSION = 2  # bump when the file layout below changes
# What a file that cannot be trusted raises while it is read or rebuilt.
_UNTRUSTED = (OSError, ValueError, EOFError, TypeError, KeyError, IndexError, GlossaryError)


@dataclass(frozen=True)
class CompiledGlossary:
    """A glossary file's entries and their compiled matcher, loaded together."""

    glossary: Glossary
    matcher: Matcher


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/tarjama/glossary-index`` (``~/.cache/...`` when unset)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tarjama" / "glossary-index"


def load_compiled(path: str | os.PathLike[str]) -> CompiledGlossary:
    """The glossary file ``path`` and its matcher, from the cache when it holds them.

    Raises the same GlossaryError as ``load_glossary`` for a missing or invalid file.
    """
    if str(path) == STDIN:
        return _fresh(load_glossary(path))
    try:
        data = read_bytes(path)
    except GlossaryError:
        return _fresh(load_glossary(path))  # raises the loader's own message
    key = _key(data)
    where = cache_dir() / f"{key}.idx"
    blobs = _read(where, key)
    if blobs is not None:
        try:
            glossary = _glossary(marshal.loads(blobs[1]))
            matcher = Matcher.from_data(marshal.loads(blobs[0]))
            # The index was built from these entries, in this order: share them, as
            # Matcher(glossary) does, instead of unpacking a second copy on the first match.
            matcher._entries = glossary.entries
            return CompiledGlossary(glossary, matcher)
        except _UNTRUSTED:
            pass
    return _compile(path, data, where)


def load_matcher(path: str | os.PathLike[str]) -> Matcher:
    """The matcher for the glossary file ``path``, from the cache when it holds it.

    Only the index is unmarshalled, and its entries are unpacked on the first match
    (``Matcher.from_data``): ``glossary match`` needs no ``Glossary``.
    """
    if str(path) == STDIN:
        return Matcher(load_glossary(path))
    data = read_bytes(path)
    key = _key(data)
    where = cache_dir() / f"{key}.idx"
    blobs = _read(where, key)
    if blobs is not None:
        try:
            return Matcher.from_data(marshal.loads(blobs[0]))
        except _UNTRUSTED:
            pass
    return _compile(path, data, where).matcher


def _fresh(glossary: Glossary) -> CompiledGlossary:
    return CompiledGlossary(glossary, Matcher(glossary))


def _key(data: bytes) -> str:
    digest = hashlib.sha256()
    digest.update(f"tarjama glossary index {INDEX_VERSION} file {FILE_VERSION}\n".encode())
    for path in (DATA, OWN_DATA):
        stat = path.stat()
        digest.update(f"{path.name} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    digest.update(data)
    return digest.hexdigest()


def _digest(key: str, index: bytes, entries: bytes) -> bytes:
    digest = hashlib.sha256(f"{key}\n{len(index)}\n".encode("ascii"))
    digest.update(index)
    digest.update(entries)
    return digest.digest()


def _read(where: Path, key: str) -> tuple[bytes, bytes] | None:
    """The two marshalled blobs (index, entries) cached for ``key``; None when the file
    is absent, of another key or version, or damaged (its digest does not match)."""
    try:
        outer = marshal.loads(where.read_bytes())
    except _UNTRUSTED:
        return None
    if not (
        isinstance(outer, tuple)
        and len(outer) == 5
        and outer[0] == INDEX_VERSION
        and outer[1] == key
        and all(isinstance(part, bytes) for part in outer[2:])
        and hmac.compare_digest(outer[2], _digest(key, outer[3], outer[4]))
    ):
        return None
    return outer[3], outer[4]


def _compile(path: str | os.PathLike[str], data: bytes, where: Path) -> CompiledGlossary:
    """Load and compile the glossary, and cache it under the key of ``data``."""
    compiled = _fresh(load_glossary(path))
    try:
        if read_bytes(path) != data:
            return compiled  # changed while it was compiled: the key no longer names it
        key = where.stem
        index = marshal.dumps(compiled.matcher.to_data())
        entries = marshal.dumps(_columns(compiled.glossary))
        blob = marshal.dumps((INDEX_VERSION, key, _digest(key, index, entries), index, entries))
        where.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(where, blob)
        _prune(where.parent)
    except (OSError, ValueError, GlossaryError):
        pass  # no cache: the next call compiles again
    return compiled


def _columns(glossary: Glossary) -> tuple[Any, ...]:
    """The entries column by column, flags and comments only where there are some:
    100,000 entries unmarshal in a few hundredths of a second this way, against
    several tenths as one tuple per entry."""
    entries = glossary.entries
    return (
        [e.target for e in entries],
        [e.forms[0] if len(e.forms) == 1 else tuple(e.forms) for e in entries],
        [e.type for e in entries],
        [e.note for e in entries],
        {i: {f: sorted(v) for f, v in e.flags.items()} for i, e in enumerate(entries) if e.flags},
        {i: list(e.comments) for i, e in enumerate(entries) if e.comments},
        list(glossary.trailing_comments),
    )


def _glossary(columns: Any) -> Glossary:
    """The Glossary back from ``_columns``; ValueError where a column is of the wrong shape."""
    targets, forms, kinds, notes, flags, comments, trailing = columns
    count = len(targets)
    if not (
        _strings(targets)
        and isinstance(forms, list)
        and all(len(column) == count for column in (forms, kinds, notes))
        and all(kind is None or kind in TYPES for kind in kinds)
        and all(note is None or type(note) is str for note in notes)
        and isinstance(flags, dict)
        and isinstance(comments, dict)
        and _strings(trailing)
    ):
        raise ValueError("not a cached glossary")
    entries: list[Entry] = []
    for target, written, kind, note in zip(targets, forms, kinds, notes, strict=True):
        if type(written) is str:
            entries.append(Entry(target, [written], kind, note))
        elif isinstance(written, tuple) and written and _strings(list(written)):
            entries.append(Entry(target, list(written), kind, note))
        else:
            raise ValueError("not a cached glossary entry")
    if not all(type(i) is int and 0 <= i < count for i in (*flags, *comments)):
        raise ValueError("not a cached glossary")
    for index, marks in flags.items():
        entry = entries[index]
        if not isinstance(marks, dict) or not all(
            form in entry.forms and _strings(v) and set(v) <= set(FLAGS)
            for form, v in marks.items()
        ):
            raise ValueError("not cached flags")
        entry.flags = {form: frozenset(v) for form, v in marks.items()}
    for index, lines in comments.items():
        if not _strings(lines):
            raise ValueError("not cached comments")
        entries[index].comments = lines
    glossary = Glossary(entries)
    glossary.trailing_comments = trailing
    return glossary


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(type(v) is str for v in value)


def _prune(folder: Path) -> None:
    found = sorted(folder.glob("*.idx"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in found[KEEP:]:
        old.unlink(missing_ok=True)
