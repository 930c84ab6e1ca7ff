"""A reviewed seed article out to XLIFF 2.1 / 1.2 and TMX, and back from another tool.

The article is translated by the tiny random model with the seed glossary (so terms
and their statuses are real), then "reviewed": some segments approved, some edited.
"""

from __future__ import annotations

import shutil
from dataclasses import asdict
from pathlib import Path
from typing import ClassVar

import pytest
from translate.storage import xliff as ttk_xliff
from translate.storage import xliff2 as ttk_xliff2
from translate.storage.tmx import tmxfile

from glossary.storage import load_glossary
from translator.memory.store import TranslationMemory
from tui.cli import build_parser, main
from tui.project import Project, load_project, new_project, project_path_for, save_project
from tui.xliff_project import project_document

TJ = "{urn:tarjama:xliff:1}"
# MT -> translated / needs-review, edited -> translated, approved -> final / signed-off;
# English reused from the memory is translated
STATES_2 = {
    "machine": "translated",
    "edited": "translated",
    "approved": "final",
    "tm": "translated",
}
STATES_12 = {
    "machine": "needs-review-translation",
    "edited": "translated",
    "approved": "signed-off",
    "tm": "translated",
}


def _review(project: Project) -> None:
    """What a translator does: approve some segments as they are, edit and approve others."""
    for index, seg in enumerate(project.segments):
        if index % 3 == 0:
            seg.status = "approved"
        elif index % 3 == 1:
            seg.target = f"Edited sentence {index}: " + seg.target  # names kept
            seg.status = "edited" if index % 2 else "approved"
    project.segments[-1].warnings.append("checked by the desk <editor> & signed")
    # English reused whole from the translation memory (as a review reuses an exact match)
    reused = project.segments[5]
    reused.status, reused.machine = "tm", None
    reused.target = "Approved on another story: " + reused.target[:40]
    reused.memory_origin, reused.memory_id = "review:other.txt", 7
    reused.terms = [{**t, "status": "tm"} for t in reused.terms]
    project.current = 5


@pytest.fixture(scope="module")
def reviewed_article(
    tmp_path_factory: pytest.TempPathFactory,
    tiny_model_dir: Path,
    article_path: Path,
    seed_glossary_path: Path,
) -> Path:
    """A saved review of the whole seed article (machine English, terms, review statuses)."""
    from translator.engine import Translator

    folder = tmp_path_factory.mktemp("reviewed")
    source = folder / "article.txt"
    shutil.copyfile(article_path, source)
    glossary = folder / "names.tsv"
    shutil.copyfile(seed_glossary_path, glossary)
    text = source.read_text(encoding="utf-8")
    project = new_project(source, text, glossary_path=glossary, model_id=str(tiny_model_dir))
    # extras removed, as a desk would before approving: the random model can write a glossary
    # name the Arabic lacks, and the memory rightly holds such English back from reuse
    translator = Translator.load(
        str(tiny_model_dir), "cpu", beam=1, glossary=load_glossary(glossary), remove_extras=True
    )
    for seg, result in zip(project.segments, translator.translate_document(text), strict=True):
        assert seg.source == result.source
        seg.machine = seg.target = result.target
        seg.status = "machine"
        seg.terms = [asdict(t) for t in result.terms]
        seg.warnings = list(result.warnings)
    _review(project)
    save_project(project)
    return source


@pytest.fixture
def review(tmp_path: Path, reviewed_article: Path) -> Path:
    """A copy of the reviewed article a test may change: the Arabic file beside its project."""
    for path in reviewed_article.parent.iterdir():
        shutil.copy2(path, tmp_path / path.name)
    return tmp_path / reviewed_article.name


def fresh_copy(review: Path, folder: Path) -> Path:
    """The same Arabic file (and glossary) in another folder, with no review project yet."""
    folder.mkdir()
    shutil.copyfile(review, folder / review.name)
    shutil.copyfile(review.parent / "names.tsv", folder / "names.tsv")
    return folder / review.name


def export(review: Path, out: Path, *args: str) -> Path:
    assert main(["export", str(review), "-o", str(out), *args]) == 0
    return out


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_reviewed_article_round_trips_losslessly(
    review: Path, tmp_path: Path, version: str, capsys
) -> None:
    original = load_project(project_path_for(review))
    assert {s.status for s in original.segments} >= {"approved", "edited", "machine", "tm"}
    assert any(t["status"] == "enforced" for s in original.segments for t in s.terms)
    out = export(review, tmp_path / "article.xlf", "--format", "xliff", "--xliff-version", version)
    arabic = fresh_copy(review, tmp_path / "elsewhere")
    # the glossary and model are the user's to name: the file's metadata is only shown
    chosen = ["--glossary", str(arabic.parent / "names.tsv"), "--model", original.model_id or ""]
    assert main(["import-xliff", str(out), "--project", str(arabic), "--no-memory", *chosen]) == 0
    err = capsys.readouterr().err
    assert "imported" in err and "never adopted" not in err
    back = load_project(project_path_for(arabic))
    assert back.segments == original.segments
    assert (back.model_id, back.current) == (original.model_id, original.current)
    assert back.glossary_path is not None and back.glossary_path.name == "names.tsv"
    # and into the project it came from: nothing changes
    before = project_path_for(review).read_bytes()
    assert main(["import-xliff", str(out), "--no-memory"]) == 0
    assert "0 changed" in capsys.readouterr().err
    assert load_project(project_path_for(review)).segments == original.segments
    assert project_path_for(review).read_bytes() == before


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_another_implementation_reads_the_same_segments_states_and_terms(
    review: Path, tmp_path: Path, version: str
) -> None:
    project = load_project(project_path_for(review))
    out = export(review, tmp_path / "a.xlf", "--format", "xliff", "--xliff-version", version)
    data = out.read_bytes()
    store = (
        ttk_xliff2.Xliff2File.parsestring(data)
        if version == "2.1"
        else ttk_xliff.xlifffile.parsestring(data)
    )
    units = list(store.units)
    assert [u.source for u in units] == [s.source for s in project.segments]
    assert [u.target for u in units] == [s.target for s in project.segments]
    assert [u.isapproved() for u in units] == [s.status == "approved" for s in project.segments]
    # the states as the issue maps them, as translate-toolkit reads them (2.x: the segment's
    # state, which its isapproved reads; 1.2: its state model over <target state>)
    if version == "2.1":
        read_states = [u.xmlelement.get("state") for u in units]
        expected = STATES_2
    else:
        read_states = [u.statemap_r[u.get_state_n()] for u in units]
        expected = STATES_12
    assert read_states == [expected[s.status] for s in project.segments]
    for unit, seg in zip(units, project.segments, strict=True):
        marks = [e for e in unit.rich_source[0].sub if hasattr(e, "xml_node")]
        read = [
            (
                str(e),
                e.xml_node.get("value") or e.xml_node.get(TJ + "target"),
                e.xml_node.get(TJ + "status"),
            )
            for e in marks
        ]
        assert read == [(t["source"], t["target"], t["status"]) for t in seg.terms]


def test_approved_segments_export_to_tmx_another_implementation_reads(
    review: Path, tmp_path: Path
) -> None:
    project = load_project(project_path_for(review))
    out = export(review, tmp_path / "a.tmx", "--format", "tmx", "--user", "huda")
    store = tmxfile.parsefile(str(out))
    approved = [s for s in project.segments if s.status == "approved"]
    assert [(u.source, u.target) for u in store.units] == [(s.source, s.target) for s in approved]
    text = out.read_text(encoding="utf-8")
    assert text.count('creationid="huda"') == len(approved) + 1  # every unit, and the header
    assert text.count('changeid="huda"') == len(approved)
    assert text.count("changedate=") == len(approved)


def test_an_xliff_reviewed_in_another_tool_comes_back(review: Path, tmp_path: Path, capsys) -> None:
    out = export(review, tmp_path / "a.xlf", "--format", "xliff", "--xliff-version", "1.2")
    project = load_project(project_path_for(review))
    machine = [i for i, s in enumerate(project.segments) if s.status == "machine"]
    edited = [i for i, s in enumerate(project.segments) if s.status == "edited"]
    store = ttk_xliff.xlifffile.parsefile(str(out))
    units = list(store.units)
    units[machine[0]].target = "The reviewer's own English."
    units[machine[0]].markapproved(False)
    units[edited[0]].markapproved(True)  # signed off in the other tool
    store.savefile(str(out))
    memory = tmp_path / "tm.sqlite3"
    assert main(["import-xliff", str(out), "--memory", str(memory), "--user", "omar"]) == 0
    err = capsys.readouterr().err
    assert "2 changed (1 newly approved)" in err
    back = load_project(project_path_for(review))
    assert back.segments[machine[0]].target == "The reviewer's own English."
    assert back.segments[machine[0]].status == "edited"
    assert back.segments[machine[0]].machine == project.segments[machine[0]].machine
    assert back.segments[edited[0]].status == "approved"
    approved = [s for s in back.segments if s.status == "approved"]
    with TranslationMemory(memory) as tm:
        assert len(tm) == len(approved)
        entry = tm.exact(back.segments[edited[0]].source)
        assert entry is not None and entry.target == back.segments[edited[0]].target
        assert (entry.origin, entry.created_by) == ("review:article.txt", "omar")


def test_import_refuses_a_file_of_another_text(review: Path, tmp_path: Path, capsys) -> None:
    out = export(review, tmp_path / "a.xlf", "--format", "xliff")
    saved = project_path_for(review).read_bytes()
    store = ttk_xliff2.Xliff2File.parsefile(str(out))
    units = list(store.units)
    units[3].xmlelement.find("{urn:oasis:names:tc:xliff:document:2.0}source").text = "تغيير"
    changed = tmp_path / "changed.xlf"
    store.savefile(str(changed))
    assert main(["import-xliff", str(changed), "--no-memory"]) == 1
    err = capsys.readouterr().err
    assert "the Arabic of segment 4 differs" in err and len(err.strip().splitlines()) == 1
    assert project_path_for(review).read_bytes() == saved
    new = tmp_path / "fresh"
    new.mkdir()
    (new / "other.txt").write_text("جملة أخرى تماما.\n", encoding="utf-8")
    assert main(["import-xliff", str(out), "--project", str(new / "other.txt")]) == 1
    err = capsys.readouterr().err
    assert "segments but the review" in err and len(err.strip().splitlines()) == 1
    assert not project_path_for(new / "other.txt").exists()


def test_work_done_in_tarjama_since_the_export_is_not_overwritten_silently(
    review: Path, tmp_path: Path, capsys
) -> None:
    out = export(review, tmp_path / "a.xlf", "--format", "xliff")
    project = load_project(project_path_for(review))
    index = next(i for i, s in enumerate(project.segments) if s.status == "approved")
    project.segments[index].target = "Re-approved here after the export."
    save_project(project)
    store = ttk_xliff2.Xliff2File.parsefile(str(out))
    units = list(store.units)
    units[index].target = "Changed in the other tool."
    store.savefile(str(out))
    saved = project_path_for(review).read_bytes()
    assert main(["import-xliff", str(out), "--no-memory"]) == 1
    err = capsys.readouterr().err
    assert f"segment(s) {index + 1} " in err and "--overwrite" in err
    assert project_path_for(review).read_bytes() == saved
    assert main(["import-xliff", str(out), "--no-memory", "--overwrite"]) == 0
    assert "1 segment(s) edited here were overwritten" in capsys.readouterr().err
    assert load_project(project_path_for(review)).segments[index].target == (
        "Changed in the other tool."
    )


def test_import_errors_are_one_line(tmp_path: Path, capsys) -> None:
    assert main(["import-xliff", str(tmp_path / "missing.xlf")]) == 1
    assert "does not exist" in capsys.readouterr().err
    bad = tmp_path / "bad.xlf"
    bad.write_text("<xliff", encoding="utf-8")
    assert main(["import-xliff", str(bad)]) == 1
    assert "not well-formed XML" in capsys.readouterr().err
    lonely = tmp_path / "lonely.xlf"
    lonely.write_text(
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="ar">'
        '<file id="f1" original="nowhere.txt"><unit id="u1"><segment><source>نص</source>'
        "</segment></unit></file></xliff>",
        encoding="utf-8",
    )
    assert main(["import-xliff", str(lonely)]) == 1
    err = capsys.readouterr().err
    assert "found no review of 'nowhere.txt'" in err and "--project" in err


def test_document_keeps_the_glossary_relative_to_the_project(review: Path) -> None:
    doc = project_document(load_project(project_path_for(review)))
    assert doc.metadata["glossary"] == "names.tsv"
    assert doc.original == "article.txt" and doc.segments[0].base


def test_review_from_an_xliff_imports_it_then_opens_the_review(
    review: Path, tmp_path: Path, capsys
) -> None:
    """``tarjama review --from FILE.xlf``: the other tool's work, then the review UI on it."""
    import asyncio

    from tui.app import ReviewApp
    from tui.cli.review import open_for_review
    from tui.errors import ProjectError

    out = export(review, tmp_path / "a.xlf", "--format", "xliff", "--xliff-version", "1.2")
    original = load_project(project_path_for(review))
    machine = next(i for i, s in enumerate(original.segments) if s.status == "machine")
    store = ttk_xliff.xlifffile.parsefile(str(out))
    units = list(store.units)
    units[machine].target = "Signed off in memoQ."
    units[machine].markapproved(True)
    store.savefile(str(out))
    arabic = fresh_copy(review, tmp_path / "elsewhere")
    memory = tmp_path / "tm.sqlite3"
    args = build_parser().parse_args(
        ["review", str(arabic), "--from", str(out), "--memory", str(memory)]
    )
    opened = open_for_review(args)
    assert "imported" in capsys.readouterr().err
    project = opened.project
    assert project.path == project_path_for(arabic)
    assert (project.segments[machine].target, project.segments[machine].status) == (
        "Signed off in memoQ.",
        "approved",
    )
    others = [s for i, s in enumerate(project.segments) if i != machine]
    assert others == [s for i, s in enumerate(original.segments) if i != machine]
    with TranslationMemory(memory) as tm:  # approvals made elsewhere are recorded, as on import
        entry = tm.exact(project.segments[machine].source)
        assert entry is not None and entry.target == "Signed off in memoQ."

    async def shown() -> None:
        app = ReviewApp(opened, bidi="app", memory=memory)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert not app.project.pending()  # every segment has English: no model needed
            assert app.project.segments[machine].target == "Signed off in memoQ."
            await pilot.press("ctrl+q")
        app.lock.release()

    asyncio.run(shown())
    # neither FILE nor --from, or standard input: one clear line each
    with pytest.raises(ProjectError, match=r"or --from FILE\.xlf"):
        open_for_review(build_parser().parse_args(["review"]))
    with pytest.raises(ProjectError, match="standard input"):
        open_for_review(build_parser().parse_args(["review", "--from", "-"]))


def test_a_second_translation_reuses_every_approved_segment_without_the_model(
    review: Path, tmp_path: Path, tiny_model_dir: Path, capsys
) -> None:
    """Done when: the reviewed article's approvals, out as TMX and into a memory, stand in
    for the model on the next translation of the same article (model calls counted)."""
    from translator.engine import Translator
    from translator.memory.reuse import MemoryReuse
    from translator.memory.reused import ReusedSentence

    class CountingTranslator(Translator):
        """The real engine, counting every text that reaches the model."""

        texts: ClassVar[list[str]] = []

        def _translate_units(self, texts, advance, reqs):
            CountingTranslator.texts.extend(texts)
            return super()._translate_units(texts, advance, reqs)

    project = load_project(project_path_for(review))
    approved = [i for i, s in enumerate(project.segments) if s.status == "approved"]
    assert len(approved) >= 10 and len(approved) < len(project.segments)
    tmx = export(review, tmp_path / "a.tmx", "--format", "tmx")
    memory = tmp_path / "desk.sqlite3"
    assert main(["tm", "import", str(tmx), "--memory", str(memory)]) == 0
    assert f"{len(approved)} pair(s) added" in capsys.readouterr().err

    glossary = load_glossary(review.parent / "names.tsv")
    translator = CountingTranslator.load(str(tiny_model_dir), "cpu", beam=1, glossary=glossary)
    with TranslationMemory(memory) as tm:
        reuse = MemoryReuse(translator, tm)
        second = reuse.translate_document(project.source_text)
    assert [s.source for s in second] == [s.source for s in project.segments]
    others = [s.source for i, s in enumerate(project.segments) if i not in approved]
    assert CountingTranslator.texts == others  # no approved sentence went to the model
    assert reuse.report.reused == len(approved) and not reuse.report.held_back
    for i in approved:
        assert isinstance(second[i], ReusedSentence)
        assert second[i].target == project.segments[i].target
        assert second[i].origin == "review:article.txt"  # kept through the TMX
        assert [(t.target, t.status) for t in second[i].terms] == [
            (t["target"], "tm") for t in project.segments[i].terms
        ]
