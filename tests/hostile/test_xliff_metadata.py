"""Item 5: paths inside an imported XLIFF are data; they never choose the glossary or model."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hostile_support import snapshot, tarjama

from tui.cli import build_parser, main
from tui.cli.review import open_for_review
from tui.project import load_project, project_path_for

HOSTILE_GLOSSARIES = ["../victim/names.tsv", "/etc/passwd", "names.tsv"]


def hostile_xliff(desk: Path, glossary: str, model: str) -> Path:
    out = desk.parent / "story.xlf"
    assert main(["export", str(desk), "-o", str(out), "--format", "xliff"]) == 0
    text = out.read_text("utf-8")
    assert '<mda:meta type="glossary">names.tsv</mda:meta>' in text
    text = text.replace(
        '<mda:meta type="glossary">names.tsv</mda:meta>',
        f'<mda:meta type="glossary">{glossary}</mda:meta>',
    ).replace("Helsinki-NLP/opus-mt-ar-en", model)
    out.write_text(text, encoding="utf-8")
    return out


@pytest.fixture
def elsewhere(desk: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A fresh copy of the Arabic (no review yet) and a victim glossary one folder up."""
    folder = tmp_path / "fresh" / "inbox"
    folder.mkdir(parents=True)
    arabic = folder / "story.txt"
    shutil.copyfile(desk, arabic)
    shutil.copyfile(desk.parent / "names.tsv", folder / "names.tsv")
    victim = tmp_path / "fresh" / "victim"
    victim.mkdir()
    (victim / "names.tsv").write_text("Obama\tأوباما\tperson\n", encoding="utf-8")
    return arabic, victim


@pytest.mark.parametrize("glossary", HOSTILE_GLOSSARIES)
def test_import_xliff_never_adopts_the_files_glossary_or_model(
    desk: Path, elsewhere: tuple[Path, Path], glossary: str
) -> None:
    arabic, victim = elsewhere
    xlf = hostile_xliff(desk, glossary, "/tmp/attacker-model")
    shutil.move(xlf, arabic.parent / "story.xlf")
    before = snapshot(victim)
    result = tarjama("import-xliff", str(arabic.parent / "story.xlf"), "--no-memory")
    assert result.returncode == 0, result.stderr
    project = load_project(project_path_for(arabic))
    assert project.glossary_path is None  # not the victim's, not /etc/passwd, not even beside
    assert project.model_id == "Helsinki-NLP/opus-mt-ar-en"
    notes = [line for line in result.stderr.splitlines() if "never adopted" in line]
    assert len(notes) == 1 and "/tmp/attacker-model" in notes[0] and repr(glossary) in notes[0]
    assert snapshot(victim) == before


def test_review_from_a_hostile_xliff_uses_the_glossary_the_user_names(
    desk: Path, elsewhere: tuple[Path, Path]
) -> None:
    arabic, victim = elsewhere
    xlf = hostile_xliff(desk, "../victim/names.tsv", "/etc/passwd")
    args = build_parser().parse_args(
        ["review", str(arabic), "--from", str(xlf), "--no-memory",
         "--glossary", str(arabic.parent / "names.tsv")]
    )  # fmt: skip
    opened = open_for_review(args)
    try:
        assert opened.project.glossary_path == arabic.parent / "names.tsv"
        assert opened.model_id == "Helsinki-NLP/opus-mt-ar-en"
        assert opened.glossary is not None and "Putin" in opened.glossary.targets()
    finally:
        opened.lock.release()
    assert (victim / "names.tsv").read_text(encoding="utf-8") == "Obama\tأوباما\tperson\n"
