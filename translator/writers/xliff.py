"""``xliff``: XLIFF 2.1 or 1.2 (``--xliff-version``), one unit per sentence grouped by paragraph.

``translate`` writes it from the sentences (``formats.bilingual.from_sentences``), a review
from its project (``ReviewSource.bilingual``); both through ``formats.xliff_write``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from translator.writers.base import Option, ReviewSource, StreamWriter

if TYPE_CHECKING:
    from translator.engine import Block, SentenceTranslation

EXTENSION = ".xlf"
OPTIONS = (
    Option(
        "--xliff-version",
        frozenset({"translate", "export"}),
        {"choices": ("2.1", "1.2"), "default": "2.1", "help": "with --format xliff"},
    ),
)


def as_xliff(
    source: str,
    sentences: list[SentenceTranslation],
    *,
    name: str,
    model: str | None,
    glossary: str | None,
    version: str,
) -> str:
    """One unit per sentence, grouped by paragraph (see ``formats.xliff_write``)."""
    from pathlib import Path

    # lazy: formats load when written (lxml); `translate --help` loads the writers
    from translator.formats.bilingual import from_sentences
    from translator.formats.xliff_write import write_xliff

    original = "stdin.txt" if name == "-" else Path(name).name
    doc = from_sentences(source, sentences, original=original, model=model, glossary=glossary)
    return write_xliff(doc, version).decode("utf-8")


def render(
    source: str,
    sentences: list[SentenceTranslation],
    *,
    name: str = "-",
    model: str | None = None,
    glossary: str | None = None,
    xliff_version: str = "2.1",
    **_: object,
) -> str:
    return as_xliff(
        source, sentences, name=name, model=model, glossary=glossary, version=xliff_version
    )


class XliffWriter(StreamWriter):
    """``as_xliff`` a paragraph group at a time, between a header and a footer.

    The header and footer are cut from the file ``write_xliff`` makes for the same
    document with one empty placeholder group, and each group is the same writer's
    output for that group alone, cut out the same way; so the pieces are the very
    bytes ``write_xliff`` gives for the whole document (tests compare them).  The
    units of a paragraph are held until it ends: a group is written whole.
    The header needs the text's SHA-256 before any unit: the caller's scan gives it.
    """

    def __init__(
        self, *, name: str, model: str | None, glossary: str | None, version: str, sha256: str
    ) -> None:
        from pathlib import Path

        # lazy: formats load when written (lxml); `translate --help` loads the writers
        from translator.formats.bilingual import BilingualDocument
        from translator.formats.xliff_common import VERSIONS

        if version not in VERSIONS:
            raise ValueError(f"XLIFF version {version!r}; use one of {', '.join(VERSIONS)}")
        self.version = version
        self.original = "stdin.txt" if name == "-" else Path(name).name
        self.model = model
        self.glossary = glossary
        metadata = {"source-sha256": sha256}
        if model:
            metadata["model"] = model
        if glossary:
            metadata["glossary"] = glossary
        self.doc = BilingualDocument([], original=self.original, metadata=metadata)
        self.groups = 0  # groups written so far
        self.pending: list[SentenceTranslation] = []  # units of a paragraph still going on
        self._root, self._container = self._skeleton()
        placeholder = self._render_group([], 0)
        self._prefix, self._suffix = placeholder
        self._separator = self._prefix[self._prefix.rfind(b"\n") :]

    def _skeleton(self) -> tuple[Any, Any]:
        # lazy: formats load when written (lxml); `translate --help` loads the writers
        from translator.formats import xliff_write
        from translator.formats.xliff_common import XLIFF12_NS, q

        if self.version == "2.1":
            root = xliff_write._write_2(self.doc)
            container = root[0]
            container.remove(container[-1])  # the empty group a unit-less file gets
        else:
            root = xliff_write._write_12(self.doc, "")
            container = root[0].find(q(XLIFF12_NS, "body"))
        return root, container

    def _render_group(
        self, sentences: list[SentenceTranslation], number: int
    ) -> tuple[bytes, bytes]:
        """(bytes before the group, the group) — or, for the placeholder, (header, footer)."""
        from lxml import etree

        # lazy: formats load when written (lxml); `translate --help` loads the writers
        from translator.formats import xliff_write
        from translator.formats.bilingual import from_sentences
        from translator.formats.xliff_common import XLIFF2_NS, XLIFF12_NS, q

        ns = XLIFF2_NS if self.version == "2.1" else XLIFF12_NS
        group = etree.SubElement(self._container, q(ns, "group"), id=f"p{number}")
        unit = xliff_write._unit_2 if self.version == "2.1" else xliff_write._unit_12
        segments = from_sentences("", sentences, original=self.original, model=self.model).segments
        for s, seg in zip(sentences, segments, strict=True):
            unit(group, s.index + 1, seg, self.doc)
        try:
            xliff_write._indent(self._root)
            data = etree.tostring(self._root, xml_declaration=True, encoding="UTF-8") + b"\n"
        finally:
            self._container.remove(group)
        if not sentences:
            placeholder = f'<group id="p{number}"/>'.encode()
            at = data.index(placeholder)
            return data[:at], data[at + len(placeholder) :]
        if not (data.startswith(self._prefix) and data.endswith(self._suffix)):
            raise AssertionError("XLIFF group did not serialise between the header and footer")
        return data[: len(self._prefix)], data[len(self._prefix) : len(data) - len(self._suffix)]

    def _flush(self) -> str:
        if not self.pending:
            return ""
        self.groups += 1
        _, group = self._render_group(self.pending, self.groups)
        self.pending = []
        lead = self._prefix if self.groups == 1 else self._separator
        return (lead + group).decode("utf-8")

    def block(self, block: Block) -> str:
        out: list[str] = []
        for s in block.sentences:
            if self.pending and s.paragraph != self.pending[-1].paragraph:
                out.append(self._flush())
            self.pending.append(s)
        if block.ends_paragraph:
            out.append(self._flush())
        return "".join(out)

    def end(self) -> str:
        tail = self._flush()
        if not self.groups:  # no unit at all: the file write_xliff makes for none
            # lazy: formats load when written (lxml); `translate --help` loads the writers
            from translator.formats.xliff_write import write_xliff

            return write_xliff(self.doc, self.version).decode("utf-8")
        return tail + self._suffix.decode("utf-8")

    def state(self) -> dict[str, Any]:
        return {"groups": self.groups}

    def restore(self, state: dict[str, Any]) -> None:
        self.groups = int(state.get("groups", 0))
        self.pending = []


def stream_writer(
    *,
    name: str = "-",
    model: str | None = None,
    glossary: str | None = None,
    xliff_version: str = "2.1",
    sha256: str = "",
    **_: object,
) -> StreamWriter:
    return XliffWriter(
        name=name, model=model, glossary=glossary, version=xliff_version, sha256=sha256
    )


def render_review(review: ReviewSource, *, xliff_version: str = "2.1", **_: object) -> str:
    # lazy: formats load when written (lxml); `translate --help` loads the writers
    from translator.formats.xliff_common import tool_version
    from translator.formats.xliff_write import write_xliff

    return write_xliff(review.bilingual(), xliff_version, tool_version=tool_version()).decode()
