"""Fixtures for the hostile-input tests: a small saved review with a glossary (no model)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.project import Project, Segment, project_path_for, save_project

STORY = "وصل بوتين إلى جنيف.\nوقال لافروف إن المحادثات مفيدة.\nواجتمع بوتين مع بايدن.\n"
ENGLISH = ["Putin arrived in Geneva.", "Lavrov said the talks were useful.", "Putin met Biden."]
GLOSSARY = "Putin\tبوتين\tperson\nLavrov\tلافروف\tperson\nBiden\tبايدن\tperson\n"


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    """``desk/story.txt`` with a saved review (machine English) and ``desk/names.tsv``."""
    from translator.segment import segment

    folder = tmp_path / "desk"
    folder.mkdir()
    source = folder / "story.txt"
    source.write_text(STORY, encoding="utf-8")
    glossary = folder / "names.tsv"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    segments = [
        Segment(s.paragraph, s.start, s.end, s.text, machine=e, target=e, status="machine")
        for s, e in zip(segment(STORY), ENGLISH, strict=True)
    ]
    project = Project(
        project_path_for(source), STORY, source, segments, glossary_path=glossary,
        model_id="Helsinki-NLP/opus-mt-ar-en",
    )  # fmt: skip
    save_project(project)
    return source
