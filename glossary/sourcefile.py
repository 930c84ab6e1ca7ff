"""Reading user files as text lines, turning every I/O or encoding failure into a message.

``-`` is standard input (read once and kept, so format detection and the reader
see the same bytes).  Text is UTF-8, with or without a BOM; a file that starts
with a UTF-16 BOM (OmegaT and Excel write them) is read as UTF-16.
"""

from __future__ import annotations

import codecs
import os
import sys

from glossary.errors import GlossaryError
from glossary.safe_text import visible

BOM = "\ufeff"
STDIN = "-"
_stdin_cache: tuple[object, bytes] | None = None  # (the stdin object read, its bytes)


def read_bytes(path: str | os.PathLike[str], *, missing_hint: str = "") -> bytes:
    """The file's bytes, or GlossaryError naming the file and what is wrong with it."""
    global _stdin_cache
    shown = os.fspath(path)
    if shown == STDIN:
        if _stdin_cache is None or _stdin_cache[0] is not sys.stdin:
            _stdin_cache = (sys.stdin, sys.stdin.buffer.read())
        return _stdin_cache[1]
    try:
        with open(shown, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise GlossaryError(f"{shown_name(path)}: no such file{missing_hint}") from None
    except IsADirectoryError:
        raise GlossaryError(f"{shown_name(path)}: is a directory, not a file") from None
    except PermissionError:
        raise GlossaryError(
            f"{shown_name(path)}: permission denied; check the file's permissions"
        ) from None
    except OSError as exc:
        raise GlossaryError(f"{shown_name(path)}: cannot read: {exc.strerror or exc}") from None


def shown_name(path: str | os.PathLike[str]) -> str:
    """How a path is named in messages (``-`` is standard input; controls, a line break
    in the name included, shown as marks: ``safe_text``)."""
    shown = os.fspath(path)
    return "<stdin>" if shown == STDIN else visible(shown)


def decode_lines(shown: str, data: bytes) -> list[str]:
    """Split into lines (``\\n`` or ``\\r\\n``) and decode each as UTF-8 (or all as UTF-16).

    Every undecodable line is reported with its line number and byte offset, so a
    file saved in a legacy encoding (Windows-1256) is explained, not half-read.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_utf16(shown, data)
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


def _decode_utf16(shown: str, data: bytes) -> list[str]:
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError as exc:
        raise GlossaryError(
            f"{shown}: starts with a UTF-16 byte-order mark but is not valid UTF-16 "
            f"(byte offset {exc.start}); save the file as UTF-8 or UTF-16"
        ) from None
    text = text.removeprefix(BOM)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]
