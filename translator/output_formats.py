"""``tarjama translate``'s output, by format name: the translate face of ``translator.writers``.

``render`` writes a whole document at once; ``stream_writer`` gives the same
bytes a block at a time (``StreamWriter``), which is how ``tarjama translate``
writes, so a big file's English never sits in memory whole.  The formats and their
code are the table's (``translator.writers.WRITERS``); this module keeps the names the
corpus job and the resumable run call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from translator.writers import formats_for, writer
from translator.writers.base import StreamWriter
from translator.writers.jsonl import as_jsonl

if TYPE_CHECKING:
    from translator.engine import SentenceTranslation

__all__ = ["FORMATS", "StreamWriter", "as_jsonl", "render", "stream_writer"]

FORMATS = formats_for("translate")


def render(
    fmt: str,
    source: str,
    sentences: list[SentenceTranslation],
    with_terms: bool,
    *,
    name: str = "-",
    model: str | None = None,
    glossary: str | None = None,
    xliff_version: str = "2.1",
) -> str:
    return writer(fmt).render(
        source,
        sentences,
        with_terms=with_terms,
        name=name,
        model=model,
        glossary=glossary,
        xliff_version=xliff_version,
    )


def stream_writer(
    fmt: str,
    with_terms: bool,
    *,
    name: str = "-",
    model: str | None = None,
    glossary: str | None = None,
    xliff_version: str = "2.1",
    sha256: str = "",
) -> StreamWriter:
    """The block-by-block writer of ``fmt`` (``render``'s output, in pieces)."""
    return writer(fmt).stream_writer(
        with_terms=with_terms,
        name=name,
        model=model,
        glossary=glossary,
        xliff_version=xliff_version,
        sha256=sha256,
    )
