"""One review at a time per project: a lock file beside it, held while a review is open.

Two windows on one project would each save their own copy of every segment
over the other's, so a second ``tarjama review`` of a project that is open is
refused with one line naming the process that has it (pid, host, since when).
Refusing is safer than opening read-only: a read-only window could still
change the glossary under the other one, and a translator who did not notice
the banner would type into a window that saves nothing.

The lock is ``<project>.lock``, holding the owner's pid, host and start time
(for the message), and an exclusive ``flock`` on it, which is what actually
locks: the kernel drops it when its process dies, however it dies, so a lock
file left by a killed review is recognised as stale and taken over (the
review says so).  Where ``fcntl`` is missing (Windows) no lock is taken and
the review says that too.

Every writer of a project takes the lock before it reads what it will change
(``tarjama review``, ``review --from``, ``import-xliff``): an import that
wrote while a review was open would be written back over by the review's
next save, so it is refused instead, and nothing is written.
"""

from __future__ import annotations

import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path

from tui.errors import ProjectError
from tui.project import is_project_file, project_path_for

SUFFIX = ".lock"


@dataclass(frozen=True)
class LockOwner:
    """Who holds (or held) a lock: enough to find the process and judge its age."""

    pid: int
    host: str
    since: float  # time.time() when it took the lock

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.since))
        return f"pid {self.pid} on {self.host}, since {when}"

    @classmethod
    def parse(cls, raw: bytes) -> LockOwner | None:
        try:
            data = json.loads(raw.decode("utf-8"))
            return cls(int(data["pid"]), str(data["host"]), float(data["since"]))
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            return None


def project_file_for(file: str | Path) -> Path:
    """The project file a review of ``file`` saves to (``file`` itself when it is one)."""
    path = Path(file)
    return path if is_project_file(path) else project_path_for(path)


def lock_path_for(project_path: Path) -> Path:
    return project_path.with_name(project_path.name + SUFFIX)


def _read(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, 4096):
        chunks.append(chunk)
    return b"".join(chunks)


class ProjectLock:
    """A held lock; ``stale`` is the owner of a lock found abandoned and taken over."""

    def __init__(self, path: Path, fd: int | None, stale: LockOwner | None, note: str = "") -> None:
        self.path = path
        self._fd = fd
        self.stale = stale
        self.note = note  # something the review should tell the user, or ""

    @classmethod
    def acquire(cls, project_path: Path) -> ProjectLock:
        """Take the lock of ``project_path``; ProjectError (one line) if a live review has it."""
        path = lock_path_for(project_path)
        try:
            import fcntl
        except ImportError:
            return cls(path, None, None, "this system has no file locks: do not open this "
                       "review in two windows at once")  # fmt: skip
        for _ in range(5):  # the file can be replaced between open and flock; try again then
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as err:
                raise ProjectError(
                    f"cannot lock review project {str(project_path)!r} ({err.strerror}); "
                    "check that its folder is writable"
                ) from err
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                owner = LockOwner.parse(_read(fd))
                os.close(fd)
                who = owner.describe() if owner is not None else "another process"
                raise ProjectError(
                    f"review project {str(project_path)!r} is open in another tarjama review "
                    f"({who}); close that one first (it saves every change), or read it with "
                    "tarjama export"
                ) from None
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(path))
            except FileNotFoundError:
                same = False
            if not same:  # its owner removed it while we waited: lock the new one
                os.close(fd)
                continue
            stale = LockOwner.parse(_read(fd))
            me = LockOwner(os.getpid(), socket.gethostname(), time.time())
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps(me.__dict__).encode("utf-8"), 0)
            note = ""
            if stale is not None:
                note = (
                    f"The review that had this project open ({stale.describe()}) ended without "
                    "closing it; its saved work is all here."
                )
            return cls(path, fd, stale, note)
        raise ProjectError(f"cannot lock review project {str(project_path)!r}; try again")

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Remove the lock file, then let go of the lock (so no one locks a file being removed)."""
        if self._fd is None:
            return
        try:
            self.path.unlink(missing_ok=True)
        finally:
            os.close(self._fd)
            self._fd = None
