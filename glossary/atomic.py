"""Atomic file writes: readers see the old file or the new one, never half of one.

The data goes to a temporary file in the same directory (same filesystem, so
the rename is atomic), is flushed and fsynced, then ``os.replace``-d over the
target; the directory is fsynced so the rename itself survives a crash.  On
any failure the temporary file is removed and the old file is untouched.
A symlinked target is written through (the link stays a link) and an existing
file keeps its permission bits.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile

from glossary.errors import AtomicWriteError


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically; raise AtomicWriteError (an OSError) on failure."""
    shown = os.fspath(path)
    target = os.path.realpath(shown)
    directory = os.path.dirname(target)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mode = 0o666 & ~_UMASK
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=directory
        )
    except OSError as exc:
        raise AtomicWriteError(f"cannot write {shown}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise AtomicWriteError(f"cannot write {shown}: {exc.strerror or exc}") from exc
        raise
    _fsync_directory(directory)


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` as UTF-8 (newlines untouched) atomically."""
    write_bytes_atomic(path, text.encode("utf-8"))


def _fsync_directory(directory: str) -> None:
    """Persist the rename; best effort (not every platform can open a directory)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
