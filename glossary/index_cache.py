"""A compiled glossary index cached in the user's cache folder, keyed by content hash.

Loading a 100,000-entry glossary means validating every row and compiling every
form (normalizing, reading word lists): many seconds, on every ``glossary match``
or ``translate``.  The compiled ``Matcher`` index is plain data, so it is written
once with ``marshal`` to ``$XDG_CACHE_HOME/tarjama/glossary-index/<sha256>.idx``
(``~/.cache`` when unset), the hash taken over the glossary file's bytes, the
index version and the word lists the rules read; any change to either gives a new
key, so a stale index is never used.  ``marshal`` builds containers and never runs
code; a file that does not load as an index of this version is ignored and
rebuilt.  Writes are atomic; the newest ``KEEP`` indexes are kept.  A cache folder
that cannot be written only costs the speed-up.  Hand-written: nothing on PyPI
caches arbitrary compiled Python structures by content hash without pickle.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path

from glossary.atomic import write_bytes_atomic
from glossary.common_words import DATA, OWN_DATA
from glossary.errors import GlossaryError
from glossary.matcher import INDEX_VERSION, Matcher
from glossary.sourcefile import STDIN, read_bytes
from glossary.storage import load_glossary

KEEP = 8


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/tarjama/glossary-index`` (``~/.cache/...`` when unset)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tarjama" / "glossary-index"


def _key(data: bytes) -> str:
    digest = hashlib.sha256()
    digest.update(f"tarjama glossary index {INDEX_VERSION}\n".encode())
    for path in (DATA, OWN_DATA):
        stat = path.stat()
        digest.update(f"{path.name} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    digest.update(data)
    return digest.hexdigest()


def load_matcher(path: str | os.PathLike[str]) -> Matcher:
    """The matcher for the glossary file ``path``, from the cache when it holds it."""
    if str(path) == STDIN:
        return Matcher(load_glossary(path))
    data = read_bytes(path)
    where = cache_dir() / f"{_key(data)}.idx"
    try:
        return Matcher.from_data(marshal.loads(where.read_bytes()))
    except (OSError, ValueError, EOFError, TypeError, GlossaryError):
        pass
    matcher = Matcher(load_glossary(path))
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(where, marshal.dumps(matcher.to_data()))
        _prune(where.parent)
    except (OSError, ValueError, GlossaryError):
        pass  # no cache: the next call compiles again
    return matcher


def _prune(folder: Path) -> None:
    found = sorted(folder.glob("*.idx"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in found[KEEP:]:
        old.unlink(missing_ok=True)
