"""Every importer of files from outside, as one callable each, with a valid sample file.

Shared by the hostile-input tests: each importer reads a path and either returns or
raises one of the project's one-line errors (``ONE_LINE_ERRORS``); anything else is
a crash.  The samples are made with the project's own writers, so a mutation of a
sample is a file another tool could plausibly have written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from glossary.errors import GlossaryError
from translator.errors import TranslatorError
from tui.errors import ProjectError

ONE_LINE_ERRORS = (GlossaryError, TranslatorError, ProjectError)
ARABIC = "وصل بوتين إلى جنيف."
ENGLISH = "Putin arrived in Geneva."


def _glossary(fmt: str) -> Callable[[Path], object]:
    def read(path: Path) -> object:
        from glossary.exchange import read_import

        return read_import(str(path), fmt).build()

    return read


def _tsv(path: Path) -> object:
    from glossary.storage import load_glossary

    return load_glossary(path)


def _xliff(path: Path) -> object:
    from translator.formats.xliff_read import read_xliff

    return read_xliff(path)


def _tmx(path: Path) -> object:
    from translator.formats.tmx import read_tmx

    return list(read_tmx(path))


def _project(path: Path) -> object:
    from tui.project import load_project

    return load_project(path)


IMPORTERS: dict[str, Callable[[Path], object]] = {
    "glossary-tsv": _tsv,
    "glossary-csv": _glossary("csv"),
    "glossary-tbx": _glossary("tbx"),
    "glossary-omegat": _glossary("omegat"),
    "xliff-2.1": _xliff,
    "xliff-1.2": _xliff,
    "tmx": _tmx,
    "project-json": _project,
}
XML_KINDS = ("glossary-tbx", "xliff-2.1", "xliff-1.2", "tmx")
SUFFIX = {
    "glossary-tsv": ".tsv",
    "glossary-csv": ".csv",
    "glossary-tbx": ".tbx",
    "glossary-omegat": ".utf8",
    "xliff-2.1": ".xlf",
    "xliff-1.2": ".xlf",
    "tmx": ".tmx",
    "project-json": ".tarjama.json",
}


def sample(kind: str) -> bytes:
    """A small valid file of ``kind`` holding one name / one sentence pair."""
    from glossary.termbase import Glossary

    glossary = Glossary()
    glossary.add("بوتين", "Putin")
    if kind == "glossary-tsv":
        from glossary.storage import dump_glossary

        return dump_glossary(glossary).encode()
    if kind == "glossary-csv":
        from glossary.csv_format import dump_csv

        return dump_csv(glossary).encode()
    if kind == "glossary-tbx":
        from glossary.tbx import dump_tbx

        return dump_tbx(glossary)
    if kind == "glossary-omegat":
        from glossary.omegat import dump_omegat

        return dump_omegat(glossary).encode()
    if kind.startswith("xliff"):
        from translator.formats.bilingual import BilingualDocument, BilingualSegment
        from translator.formats.xliff_write import write_xliff

        doc = BilingualDocument(
            [BilingualSegment(ARABIC, ENGLISH, "approved", ENGLISH)], original="story.txt"
        )
        return write_xliff(doc, kind.split("-")[1])
    if kind == "tmx":
        from translator.formats.tmx import TmxUnit, write_tmx

        return write_tmx([TmxUnit(ARABIC, ENGLISH)], user="huda")
    if kind == "project-json":
        from tui.project import Project, Segment, dumps

        seg = Segment(0, 0, len(ARABIC), ARABIC, machine=ENGLISH, target=ENGLISH,
                      status="machine")  # fmt: skip
        return dumps(Project(Path("story.txt.tarjama.json"), ARABIC, None, [seg])).encode()
    raise ValueError(kind)


def run_importer(kind: str, path: Path) -> object | None:
    """The importer's result, or None when it refused with a one-line error."""
    try:
        return IMPORTERS[kind](path)
    except ONE_LINE_ERRORS as err:
        assert "\n" not in str(err).strip() or kind.startswith("glossary"), str(err)
        return None
