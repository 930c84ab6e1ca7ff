"""Read the user's input text, with errors that say which file and byte.

Besides reading a whole text (``read_source``), a file can be read as a stream
of paragraphs (``read_chunks`` → ``iter_paragraphs``) so a 20 MB story never
sits in memory whole: the paragraphs, offsets and line breaks are exactly those
``segment.paragraphs`` finds in the whole text (tests pin that).  The line
splitter is hand-written because ``io.TextIOWrapper`` cuts lines at ``\\n``/``\\r``
only, while ``str.splitlines`` (which the segmenter uses) also cuts at
``\\v \\f \\x1c-\\x1e \\x85 U+2028 U+2029``.
"""

from __future__ import annotations

import codecs
import hashlib
import itertools
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
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


def letter_counts(text: str) -> tuple[int, int]:
    """(Arabic-script letters, all letters) of ``text``."""
    letters = [ch for ch in text if ch.isalpha()]
    return sum(1 for ch in letters if "ARABIC" in unicodedata.name(ch, "")), len(letters)


def arabic_share(text: str) -> float:
    """Share of letters that are Arabic script, to warn about wrong input."""
    arabic, letters = letter_counts(text)
    return arabic / letters if letters else 1.0


def mostly_not_arabic(text: str) -> bool:
    """Whether to warn that ``text`` looks like the wrong input."""
    return arabic_share(text) < MOSTLY_NOT_ARABIC


# ---------------------------------------------------------------------- streaming
CHUNK_BYTES = 1 << 20  # bytes read at a time: the input is never held whole
UTF8_BOM = b"\xef\xbb\xbf"
# What ``str.splitlines`` ends a line at (``\r\n`` ends in ``\n``).
LINE_ENDS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


@dataclass(frozen=True)
class Paragraph:
    """One non-blank line of the source, with what the writers need to lay it out.

    ``start``/``end`` are code-point offsets into the whole text (BOM removed), as
    ``segment.paragraphs`` gives them; ``breaks_before`` counts the line breaks
    between the previous paragraph (or the start of the text) and this one.
    """

    index: int
    start: int
    end: int
    text: str
    breaks_before: int


def read_chunks(path: str, name: str | None = None) -> Iterator[str]:
    """Decoded text of ``path`` in pieces of about ``CHUNK_BYTES``, strictly UTF-8.

    The leading BOM is dropped, as ``decode_utf8`` does; a bad byte raises the
    same one-line TranslatorError, with its offset in the whole file.
    """
    shown = name if name is not None else repr(path)
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    fed = 0
    first = True
    try:
        handle = open(path, "rb")  # noqa: SIM115 -- closed below; a generator keeps it open
    except OSError as err:
        raise TranslatorError(f"cannot read {shown}: {err.strerror or err}") from err
    with handle:
        while True:
            try:
                data = handle.read(CHUNK_BYTES)
            except OSError as err:
                raise TranslatorError(f"cannot read {shown}: {err.strerror or err}") from err
            final = not data
            if first and data:
                if data.startswith(UTF8_BOM):
                    data, fed = data[len(UTF8_BOM) :], len(UTF8_BOM)
                first = False
            held = len(decoder.getstate()[0])
            try:
                text = decoder.decode(data, final=final)
            except UnicodeDecodeError as err:
                raise TranslatorError(
                    f"{shown} is not UTF-8 text (invalid byte 0x{err.object[err.start]:02x} "
                    f"at byte offset {fed - held + err.start}); convert it first, "
                    "e.g. iconv -f CP1256 -t UTF-8"
                ) from err
            fed += len(data)
            if text:
                yield text
            if final:
                return


def iter_paragraphs(chunks: Iterable[str]) -> Iterator[Paragraph]:
    """The paragraphs of the text made of ``chunks``, as ``segment.paragraphs`` finds them.

    Lines are cut where ``str.splitlines`` cuts them; the last (maybe unfinished)
    line of a chunk is held back until the next one, so a ``\\r\\n`` split across
    two chunks stays one break.  Only one chunk and one line are in memory.
    """
    pos = 0
    index = 0
    breaks = 0
    held = ""
    for chunk in itertools.chain(chunks, [None]):
        if chunk is None:
            lines = [held] if held else []
        else:
            lines = (held + chunk).splitlines(keepends=True)
            held = lines.pop() if lines else ""
        for line in lines:
            body = len(line.rstrip())
            lead = len(line) - len(line.lstrip())
            if lead < body:
                yield Paragraph(index, pos + lead, pos + body, line[lead:body], breaks)
                index += 1
                breaks = 0
            if line[-1] in LINE_ENDS:
                breaks += 1
            pos += len(line)


@dataclass(frozen=True)
class SourceScan:
    """What one read-through of the input tells before any translating."""

    sha256: str  # of the text's UTF-8 (BOM removed), as the XLIFF header states it
    paragraphs: int
    sentences: int
    arabic_letters: int
    letters: int

    @property
    def empty(self) -> bool:
        return self.paragraphs == 0

    @property
    def mostly_not_arabic(self) -> bool:
        share = self.arabic_letters / self.letters if self.letters else 1.0
        return share < MOSTLY_NOT_ARABIC


def scan_source(chunks: Iterable[str]) -> SourceScan:
    """Hash the text and count its paragraphs, sentences and letters, a chunk at a time.

    The sentence count is the progress display's total; the hash keys a resumable run.
    """
    # lazy: `translate --help`, `segment --help` load this module; segment when scanning
    from translator.segment import segment

    digest = hashlib.sha256()

    def hashed() -> Iterator[str]:
        for chunk in chunks:
            digest.update(chunk.encode("utf-8"))
            yield chunk

    count = sentences = arabic = letters = 0
    for para in iter_paragraphs(hashed()):
        count += 1
        sentences += len(segment(para.text))
        a, n = letter_counts(para.text)
        arabic += a
        letters += n
    return SourceScan(digest.hexdigest(), count, sentences, arabic, letters)
