"""Fixtures for the review UI: short Arabic stories, a writable glossary, saved projects.

Stories are a few short sentences so the tiny random model (whose output is
nonsense, but deterministic) translates them in seconds; tests assert what the
tool guarantees (order, statuses, enforced names, files on disk), never quality.
"""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.app import ReviewApp
from tui.opening import open_review
from tui.project import Project, Segment, project_path_for, save_project

SHORT_STORY = (
    "بوتين: مصالح موسكو وواشنطن متطابقة\n"
    "وأشار بوتين إلى أن نولاند موجودة في موسكو الآن.\n"
    "وقال إن العلاقات مع الإدارة بناءة.\n"
)

# English for the first article sentences (from seeds/*.en.txt), for saved-project fixtures
FIXTURE_ENGLISH = [
    "Putin: Moscow and Washington share identical interests in security, energy and "
    "eliminating tax evasion",
    "Russian President Vladimir Putin praised his relations with his U.S. counterpart Joe Biden, "
    "saying relations between the two countries could likely be normalized.",
    "Speaking on Wednesday at the Russian Energy Week forum, the president said the two sides "
    "remain in contact.",  # lacks "Putin": shows a warning
    "Putin noted that U.S. Under Secretary of State Victoria Nuland, who is currently in Moscow, "
    "is discussing future contacts.",
]


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(SHORT_STORY, encoding="utf-8")
    return path


@pytest.fixture
def glossary_copy(tmp_path: Path, seed_glossary_path: Path) -> Path:
    """The seed glossary, copied so a test may change it."""
    path = tmp_path / "names.tsv"
    shutil.copyfile(seed_glossary_path, path)
    return path


@pytest.fixture
def saved_project(tmp_path: Path, article_path: Path, glossary_copy: Path) -> Path:
    """A review of the article's first paragraphs, saved with fixed English: no model needed."""
    from translator.segment import segment

    text = "\n".join(article_path.read_text(encoding="utf-8").splitlines()[:4]) + "\n"
    source = tmp_path / "article.txt"
    source.write_text(text, encoding="utf-8")
    segments = []
    statuses = ["approved", "edited", "machine", "machine"]
    for index, sentence in enumerate(segment(text)[:4]):
        english = FIXTURE_ENGLISH[index]
        machine = english if statuses[index] != "edited" else english.replace("praised", "lauded")
        segments.append(
            Segment(
                sentence.paragraph,
                sentence.start,
                sentence.end,
                sentence.text,
                machine=machine,
                target=english,
                status=statuses[index],
            )
        )
    project = Project(
        path=project_path_for(source),
        source_text=text,
        source_path=source,
        segments=segments,
        glossary_path=glossary_copy,
        model_id="Helsinki-NLP/opus-mt-ar-en",
        current=1,
    )
    save_project(project)
    return source


# Real sentences: the seed article's "... الاستقرار الاستراتيجي وضبط التسلح" and its
# "روسيا والولايات المتحدة"; the third puts the Kremlin behind ب + ال.
CLITIC_STORY = (
    "تمّت بالفعل عدة جولات من الاجتماعات حول قضايا الاستقرار الاستراتيجي وضبط التسلح.\n"
    "مرجّحاً إمكانية تطبيع العلاقات بين روسيا والولايات المتحدة تدريجياً.\n"
    "واجتمع المسؤولون بالكرملين أمس.\n"
)


@pytest.fixture
def clitic_project(tmp_path: Path) -> Path:
    """A saved review of CLITIC_STORY (placeholder English, no glossary yet)."""
    from translator.segment import segment

    source = tmp_path / "clitics.txt"
    source.write_text(CLITIC_STORY, encoding="utf-8")
    segments = [
        Segment(s.paragraph, s.start, s.end, s.text, machine="x", target="x", status="machine")
        for s in segment(CLITIC_STORY)
    ]
    save_project(Project(project_path_for(source), CLITIC_STORY, source, segments))
    return source


@pytest.fixture
def make_app(tiny_model_dir: Path) -> Callable[..., ReviewApp]:
    def make(file: Path, glossary: Path | None = None, bidi: str = "app") -> ReviewApp:
        opened = open_review(str(file), str(glossary) if glossary else None, str(tiny_model_dir))
        return ReviewApp(opened, bidi=bidi, device="cpu", beam=1)

    return make


async def wait_until(pilot, condition: Callable[[], bool], timeout: float = 60.0) -> None:
    """Let the app run until ``condition`` holds (the model works in a thread)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the app")
        await pilot.pause(0.1)
    await asyncio.sleep(0)


@pytest.fixture
def wait() -> Callable[..., object]:
    return wait_until


@pytest.fixture
def fixture_english() -> list[str]:
    return list(FIXTURE_ENGLISH)


async def pick_words_in_source(pilot, app, segment: int, words: list[str]) -> None:
    """Select ``words`` (consecutive) in segment ``segment``'s Arabic, as a user would."""
    await pilot.press("escape")
    app.segment_list.select(segment)
    await pilot.pause()
    await pilot.press("tab")  # from the list into the Arabic view
    view = app.source_view
    assert view.has_focus
    found = [view.text[a:b] for a, b in view.words]
    first = found.index(words[0])
    await pilot.press(*["left"] * first)  # left moves forward in Arabic
    await pilot.press(*["shift+left"] * (len(words) - 1))
    assert view.selection() == " ".join(words)


@pytest.fixture
def pick_words() -> Callable[..., object]:
    return pick_words_in_source
