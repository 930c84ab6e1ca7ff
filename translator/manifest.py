"""The corpus job's record in OUTDIR: one JSON line per file finished or failed.

A rerun reads it to skip files already translated with the same input, model,
glossary, options and translation-memory matches.  It is append-only: each line
is written whole, then flushed and fsynced, so a ``kill -9`` loses at most the
line being written.
A torn last line (no newline, or not JSON) is ignored on reading and cut off
before the next append, so it never glues itself onto a good record.  The last
record for an output wins.

Hand-written because no kept library does crash-safe JSON lines; the atomic
writer (``glossary.atomic``) replaces whole files, which an append-only log
must not do.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

MANIFEST_NAME = "tarjama-manifest.jsonl"
# What a record must match, besides the input's hash, for its output to be reused.
FINGERPRINT_KEYS = ("model", "model_revision", "glossary_sha256", "options")


class Manifest:
    """The records of one OUTDIR, and an append-only handle to add more."""

    def __init__(self, outdir: Path) -> None:
        self.path = outdir / MANIFEST_NAME
        self.records: list[dict[str, Any]] = []
        self.bad_lines = 0  # lines that are not records (a torn last line, or damage)
        self._latest: dict[str, dict[str, Any]] = {}
        self._written: dict[str, set[str]] = {}
        self._handle: Any = None
        if self.path.exists():
            self._load()

    def _load(self) -> None:
        data = self.path.read_bytes()
        for raw in data.split(b"\n"):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except ValueError:
                self.bad_lines += 1
                continue
            if isinstance(record, dict) and isinstance(record.get("output"), str):
                self._remember(record)
            else:
                self.bad_lines += 1

    def _remember(self, record: dict[str, Any]) -> None:
        self.records.append(record)
        self._latest[record["output"]] = record
        if record.get("status") == "done" and isinstance(record.get("output_sha256"), str):
            self._written.setdefault(record["output"], set()).add(record["output_sha256"])

    def latest(self, output: str) -> dict[str, Any] | None:
        """The newest record for ``output`` (a path relative to OUTDIR), if any."""
        return self._latest.get(output)

    def wrote(self, output: str, sha256: str) -> bool:
        """Whether tarjama itself once wrote these exact bytes to ``output``."""
        return sha256 in self._written.get(output, set())

    def append(self, record: Mapping[str, Any]) -> None:
        """Add one record durably (written, flushed and fsynced before returning)."""
        if self._handle is None:
            self._open()
        line = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
        self._handle.write(line.encode("utf-8"))
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._remember(dict(record))

    def _open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "ab")  # noqa: SIM115 - kept open for the whole run
        size = handle.seek(0, os.SEEK_END)
        if size:
            with open(self.path, "rb") as reader:
                reader.seek(max(0, size - 1))
                if reader.read(1) != b"\n":  # a torn last line: cut it off
                    handle.close()
                    _truncate_after_last_newline(self.path)
                    handle = open(self.path, "ab")  # noqa: SIM115
        self._handle = handle

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def _truncate_after_last_newline(path: Path) -> None:
    data = path.read_bytes()
    keep = data.rfind(b"\n") + 1
    with open(path, "r+b") as handle:
        handle.truncate(keep)
        handle.flush()
        os.fsync(handle.fileno())


def matches(
    record: Mapping[str, Any] | None,
    input_sha256: str,
    fingerprint: Mapping,
    memory_sha256: str | None = None,
) -> bool:
    """Whether ``record`` is a finished translation of this input under ``fingerprint``.

    ``memory_sha256`` digests the file's translation-memory matches (None: none).
    """
    if record is None or record.get("status") != "done":
        return False
    if record.get("input_sha256") != input_sha256:
        return False
    if record.get("memory_sha256") != memory_sha256:
        return False
    return all(record.get(key) == fingerprint[key] for key in FINGERPRINT_KEYS)
