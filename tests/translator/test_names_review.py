"""The review's add-from-candidate flow (Pilot): unknown names marked, added with one key,
the unedited segments containing the name re-translated with it enforced, the rest kept."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

from glossary.storage import load_glossary
from tui.app import ReviewApp
from tui.opening import open_review
from tui.project import Project, Segment, project_path_for, save_project
from tui.screens.entry_form import EntryForm

STORY = [
    (
        "وقال نيكولاي باتروشيف إن الأمن القومي أولوية.",
        "machine",
        "Nikolai Patroshev said national security is a priority.",
    ),
    ("وأكد باتروشيف أن المحادثات مستمرة.", "edited", "Patroshev stressed the talks go on."),
    ("والتقى باتروشيف بوفد أمريكي.", "machine", "Patrushev met a U.S. delegation."),
    ("وقال المتحدث إن الوضع هادئ.", "machine", "The spokesman said all was calm."),
    ("وأضاف باتروشيف أن موسكو مستعدة.", "approved", "Patrushev added that Moscow is ready."),
]


def saved_story(tmp_path: Path) -> Path:
    from translator.segment import segment

    text = "\n".join(arabic for arabic, _, _ in STORY) + "\n"
    source = tmp_path / "wire.txt"
    source.write_text(text, encoding="utf-8")
    segments = [
        Segment(s.paragraph, s.start, s.end, s.text, machine=english, target=english, status=status)
        for s, (_, status, english) in zip(segment(text), STORY, strict=True)
    ]
    project = Project(project_path_for(source), text, source, segments, current=2)
    save_project(project)
    return source


async def wait_until(pilot, condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the app")
        await pilot.pause(0.1)


def test_add_unknown_name_retranslates_exactly_the_unedited_segments(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    source = saved_story(tmp_path)
    opened = open_review(str(source), None, str(tiny_model_dir))
    app = ReviewApp(opened, device="cpu", beam=1)
    asked: list[list[int]] = []
    request = app.request_translation

    def recording(indices: list[int], front: bool = False) -> None:
        asked.append(sorted(indices))
        request(indices, front)

    app.request_translation = recording  # type: ignore[method-assign]

    async def flow() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            # the unknown name is marked in the Arabic of the current segment (3)
            assert app.segment_list.current == 2
            assert app.source_view.unknown == [(7, 15)]
            assert STORY[2][0][7:15] == "باتروشيف"
            await pilot.press("u")
            await wait_until(pilot, lambda: isinstance(app.screen, EntryForm), 30)
            form = app.screen
            target = form.query_one("#target")
            # the top spelling is the one the document's English uses most; the form,
            # without its clitics, and the type are filled in
            assert target.value == "Patrushev"
            assert form.query_one("#forms").value == "باتروشيف"
            assert form.query_one("#type").value == "person"
            await pilot.press("ctrl+n")
            assert target.value == "Patroshev"
            # then the transliterator's spellings, and round to the top one again
            seen = []
            for _ in range(10):
                await pilot.press("ctrl+n")
                if target.value == "Patrushev":
                    break
                seen.append(target.value)
            assert target.value == "Patrushev"
            assert "Patroshev" not in seen and len(seen) == len(set(seen))
            await pilot.press("ctrl+s")
            await wait_until(
                pilot,
                lambda: (
                    all("Patrushev" in app.project.segments[i].target for i in (0, 2))
                    and not app.project.pending()
                ),
                60,
            )
            await pilot.press("ctrl+s")
            await pilot.press("ctrl+q")

    asyncio.run(flow())
    assert asked == [[0, 2]]
    glossary = load_glossary(opened.project.glossary_path or tmp_path / "wire.glossary.tsv")
    assert glossary.entry_for_target("Patrushev").forms == ["باتروشيف"]
    assert glossary.entry_for_target("Patrushev").type == "person"
    saved = json.loads(project_path_for(source).read_text(encoding="utf-8"))["segments"]
    for index in (1, 3, 4):  # edited, approved, and without the name: untouched
        assert saved[index]["target"] == STORY[index][2]
        assert saved[index]["status"] == STORY[index][1]
    for index in (0, 2):
        assert saved[index]["status"] == "machine"
        assert "Patrushev" in saved[index]["target"]
