"""Property tests (Hypothesis): whatever a file holds, importers return or refuse with the
project's one-line error, and the import commands write nothing but their target."""

from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from importers import ENGLISH, IMPORTERS, SUFFIX, run_importer, sample

from tui.cli import main

KINDS = st.sampled_from(sorted(IMPORTERS))
# Text as hostile files carry it: controls, bidi overrides, markup and formula starts.
NASTY = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(list("\x1b\x07\x00\t\r\n\u202e\u2066<>&\"'=+-@|;،")),
    ),
    max_size=60,
)
QUICK = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def importing(kind: str, data: bytes) -> object | None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{SUFFIX[kind]}"
        path.write_bytes(data)
        return run_importer(kind, path)


@QUICK
@given(kind=KINDS, data=st.binary(max_size=400))
def test_any_bytes_are_read_or_refused_in_one_line(kind: str, data: bytes) -> None:
    importing(kind, data)


@QUICK
@given(kind=KINDS, cut=st.floats(0, 1), junk=st.binary(max_size=20))
def test_a_cut_or_spliced_sample_is_read_or_refused(kind: str, cut: float, junk: bytes) -> None:
    data = sample(kind)
    at = int(len(data) * cut)
    importing(kind, data[:at] + junk + data[at:])


@QUICK
@given(kind=KINDS, text=NASTY)
def test_any_english_is_read_or_refused(kind: str, text: str) -> None:
    data = sample(kind).decode("utf-8")
    old = "Putin" if kind.startswith("glossary") else ENGLISH
    importing(kind, data.replace(old, text, 1).encode("utf-8", "surrogatepass"))


def run_quietly(argv: list[str]) -> int:
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        return main(argv)


def files_in(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


@QUICK
@given(
    kind=st.sampled_from(["glossary-tsv", "glossary-csv", "glossary-tbx", "glossary-omegat"]),
    text=NASTY,
)
def test_glossary_import_writes_only_its_destination(kind: str, text: str) -> None:
    with tempfile.TemporaryDirectory() as root:
        box = Path(root) / "box"
        box.mkdir()
        src = box / f"src{SUFFIX[kind]}"
        src.write_bytes(sample(kind).decode("utf-8").replace("Putin", text, 1).encode())
        if kind == "glossary-tsv":  # tarjama's own format is read, not imported
            code = run_quietly(["glossary", "check", "--glossary", str(src)])
        else:
            code = run_quietly(["glossary", "import", str(src), "-o", str(box / "out.tsv"),
                                "--format", kind.removeprefix("glossary-")])  # fmt: skip
        assert code in (0, 1)
        assert files_in(Path(root)) <= {"box", f"box/{src.name}", "box/out.tsv"}


@QUICK
@given(text=NASTY, tuid=NASTY)
def test_tm_import_writes_only_the_memory(text: str, tuid: str) -> None:
    from translator.formats.tmx import TmxUnit, write_tmx

    with tempfile.TemporaryDirectory() as root:
        box = Path(root) / "box"
        box.mkdir()
        tmx = box / "desk.tmx"
        try:
            data = write_tmx([TmxUnit("وصل بوتين", text, tuid=tuid)], user="x")
        except Exception:  # text XML cannot carry: write it raw, as a broken tool would
            data = sample("tmx").replace(ENGLISH.encode(), text.encode("utf-8", "replace"))
        tmx.write_bytes(data)
        code = run_quietly(["tm", "import", str(tmx), "--memory", str(box / "tm.sqlite3")])
        assert code in (0, 1)
        allowed = {"box", "box/desk.tmx", "box/tm.sqlite3"}
        assert files_in(Path(root)) <= allowed
        if code == 1:  # a refused import leaves no memory behind
            assert not (box / "tm.sqlite3").exists()


@QUICK
@given(original=NASTY, english=NASTY)
def test_import_xliff_writes_only_the_project_beside_it(original: str, english: str) -> None:
    from translator.formats.bilingual import BilingualDocument, BilingualSegment
    from translator.formats.xliff_write import write_xliff

    with tempfile.TemporaryDirectory() as root:
        box = Path(root) / "box"
        box.mkdir()
        (box / "story.txt").write_text("وصل بوتين إلى جنيف.\n", encoding="utf-8")
        doc = BilingualDocument(
            [BilingualSegment("وصل بوتين إلى جنيف.", english, "approved", english)],
            original=original or "story.txt",
            metadata={"glossary": "../../outside.tsv", "model": original},
        )
        xlf = box / "story.xlf"
        try:
            xlf.write_bytes(write_xliff(doc, "2.1"))
        except ValueError:  # a name XML cannot hold
            return
        code = run_quietly(["import-xliff", str(xlf), "--project", str(box / "story.txt"),
                            "--no-memory"])  # fmt: skip
        assert code in (0, 1)
        allowed = {"box", "box/story.txt", "box/story.xlf", "box/story.txt.tarjama.json"}
        assert files_in(Path(root)) <= allowed
