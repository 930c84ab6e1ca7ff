"""Reading user files as UTF-8 lines, turning every I/O or encoding failure into a message."""

from __future__ import annotations

import os

from glossary.errors import GlossaryError

BOM = "\ufeff"


def read_bytes(path: str | os.PathLike[str], *, missing_hint: str = "") -> bytes:
    """The file's bytes, or GlossaryError naming the file and what is wrong with it."""
    shown = os.fspath(path)
    try:
        with open(shown, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise GlossaryError(f"{shown}: no such file{missing_hint}") from None
    except IsADirectoryError:
        raise GlossaryError(f"{shown}: is a directory, not a file") from None
    except PermissionError:
        raise GlossaryError(f"{shown}: permission denied; check the file's permissions") from None
    except OSError as exc:
        raise GlossaryError(f"{shown}: cannot read: {exc.strerror or exc}") from None


def decode_lines(shown: str, data: bytes) -> list[str]:
    """Split into lines (``\\n`` or ``\\r\\n``) and decode each as UTF-8.

    Every undecodable line is reported with its line number and byte offset, so a
    file saved in a legacy encoding (Windows-1256) is explained, not half-read.
    """
    problems: list[str] = []
    lines: list[str] = []
    offset = 0
    raw_lines = data.split(b"\n")
    if raw_lines and raw_lines[-1] == b"":
        raw_lines.pop()
    for number, raw in enumerate(raw_lines, start=1):
        body = raw[:-1] if raw.endswith(b"\r") else raw
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(
                f"{shown}:{number}: not valid UTF-8 (byte 0x{body[exc.start]:02x} at byte "
                f"offset {offset + exc.start} of the file); save the file as UTF-8"
            )
            text = ""
        if number == 1 and text.startswith(BOM):
            text = text[1:]
        lines.append(text)
        offset += len(raw) + 1
    if problems:
        raise GlossaryError(problems)
    return lines
