"""Read the user's input text, with errors that say which file and byte."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

from translator.errors import TranslatorError


def decode_utf8(data: bytes, name: str) -> str:
    """Decode strictly: mojibake in a wire story is worse than a refusal."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise TranslatorError(
            f"{name} is not UTF-8 text (invalid byte 0x{data[err.start]:02x} "
            f"at byte offset {err.start}); convert it first, e.g. iconv -f CP1256 -t UTF-8"
        ) from err
    return text.removeprefix("\ufeff")


def read_source(path: str) -> str:
    """Text of ``path``, or of standard input when ``path`` is ``-``."""
    if path == "-":
        return decode_utf8(sys.stdin.buffer.read(), "standard input")
    file = Path(path)
    if not file.exists():
        raise TranslatorError(f"input file {path!r} does not exist")
    if file.is_dir():
        raise TranslatorError(f"input {path!r} is a folder; give a text file")
    try:
        data = file.read_bytes()
    except OSError as err:
        raise TranslatorError(f"cannot read {path!r}: {err.strerror}") from err
    return decode_utf8(data, repr(path))


MOSTLY_NOT_ARABIC = 0.5  # below this share of Arabic letters, input is warned about


def arabic_share(text: str) -> float:
    """Share of letters that are Arabic script, to warn about wrong input."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 1.0
    arabic = sum(1 for ch in letters if "ARABIC" in unicodedata.name(ch, ""))
    return arabic / len(letters)


def mostly_not_arabic(text: str) -> bool:
    """Whether to warn that ``text`` looks like the wrong input."""
    return arabic_share(text) < MOSTLY_NOT_ARABIC
