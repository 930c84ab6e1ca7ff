"""Real review flows against the tiny model: translate, edit, approve, glossary, undo, reopen.

The model runs in a worker thread; ``wait_until`` lets the app's event loop run
until the results are in.  Every step also checks the project file on disk,
since autosave is what protects a translator's work.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from glossary.storage import load_glossary
from tui.components.source_view import SourceView
from tui.project import project_path_for
from tui.screens.confirm import ConfirmScreen
from tui.screens.entry_form import EntryForm
from tui.screens.glossary_screen import GlossaryScreen


def saved(story: Path) -> dict:
    return json.loads(project_path_for(story).read_text(encoding="utf-8"))


def form_ready(app) -> bool:
    """The add-name form is open and has put the cursor in its first field."""
    return isinstance(app.screen, EntryForm) and app.screen.focused is not None


def enforced_names_present(segment: dict) -> bool:
    return all(
        t["target"] in segment["target"] for t in segment["terms"] if t["status"] != "missing"
    )


def test_review_flow_end_to_end(story: Path, glossary_copy: Path, make_app, wait) -> None:
    asyncio.run(review_flow(story, glossary_copy, make_app, wait))


async def review_flow(story: Path, glossary_copy: Path, make_app, wait_until) -> None:
    app = make_app(story, glossary_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        # the story is segmented, saved at once, and translated in the background
        assert project_path_for(story).exists()
        await wait_until(pilot, lambda: not app.project.pending())
        data = saved(story)
        assert [s["status"] for s in data["segments"]] == ["machine"] * 3
        assert [s["source"] for s in data["segments"]] == story.read_text(
            encoding="utf-8"
        ).splitlines()
        assert data["model"] and data["glossary"] == "names.tsv"
        assert [bool(s["terms"]) for s in data["segments"]] == [True, True, False]
        assert all(enforced_names_present(s) for s in data["segments"])
        assert "Putin" in data["segments"][0]["target"]  # strict enforcement

        # edit segment 1: autosaved while typing, before leaving the editor
        await pilot.press("enter")
        assert app.editor.has_focus
        await pilot.press("end", *" CHECKED")
        await wait_until(
            pilot, lambda: saved(story)["segments"][0]["target"].endswith(" CHECKED"), 5
        )
        assert saved(story)["segments"][0]["status"] == "edited"
        await pilot.press("enter")  # done: back to the list
        assert app.segment_list.has_focus

        # approve and move on
        await pilot.press("a")
        assert saved(story)["segments"][0]["status"] == "approved"
        assert app.segment_list.current == 1

        # undo the approval, then approve again
        await pilot.press("ctrl+z")
        assert saved(story)["segments"][0]["status"] == "edited"
        await pilot.press("a")
        assert saved(story)["segments"][0]["status"] == "approved"

        # add a glossary name from segment 3, picking a word in the Arabic
        await pilot.press("down")
        assert app.segment_list.current == 2
        source = app.screen.query_one(SourceView)
        source.focus()
        words = [story.read_text(encoding="utf-8").splitlines()[2][a:b] for a, b in source.words]
        steps = words.index("الإدارة")
        await pilot.press(*["left"] * steps)
        assert source.selection() == "الإدارة"
        await pilot.press("t")  # the form opens once the picked words are read (a thread)
        await wait_until(pilot, lambda: form_ready(app), 30)
        # offered with the article: by the article rule a form without it would miss this word
        assert app.screen.query_one("#forms").value == "الإدارة"
        await pilot.press(*"the Administration")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)  # offer to re-translate the affected segment
        names = load_glossary(glossary_copy)
        assert names.entry_for_target("the Administration").forms == ["الإدارة"]
        await pilot.press("enter")  # "Unedited only (1)"
        await wait_until(
            pilot, lambda: "the Administration" in saved(story)["segments"][2]["target"]
        )
        assert app.terms[2].missing == ()

        # re-translate segment 1 (approved): replaced, and undo brings the approved English back
        await pilot.press("escape", "home")  # from the Arabic view back to the list, to the top
        assert app.segment_list.current == 0
        approved = saved(story)["segments"][0]["target"]
        await pilot.press("r")
        await wait_until(pilot, lambda: saved(story)["segments"][0]["status"] == "machine")
        await pilot.press("ctrl+z")
        assert saved(story)["segments"][0] == {
            **saved(story)["segments"][0],
            "status": "approved",
            "target": approved,
        }

        # save and quit
        await pilot.press("down", "ctrl+s")
        await pilot.press("ctrl+q")
    assert app.return_code == 0
    before = saved(story)

    # reopen: everything as left, no model needed for a finished review
    again = make_app(story)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert again.segment_list.current == 1
        assert [s.status for s in again.project.segments] == ["approved", "machine", "machine"]
        assert again.project.segments[0].target.endswith(" CHECKED")
        assert again.editor.text == again.project.segments[1].target
        assert again.glossary is not None and again.glossary.entry_for_target("the Administration")
        assert not again.workers  # nothing to translate
        await pilot.press("ctrl+q")
    assert saved(story)["segments"] == before["segments"]


def test_glossary_screen_add_edit_delete(
    saved_project: Path, glossary_copy: Path, make_app
) -> None:
    asyncio.run(glossary_flow(saved_project, glossary_copy, make_app))


async def glossary_flow(saved_project: Path, glossary_copy: Path, make_app) -> None:
    app = make_app(saved_project)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.terms[2].missing == ("Putin",) or "Putin" in app.terms[2].missing
        await pilot.press("g")
        assert isinstance(app.screen, GlossaryScreen)
        table = app.screen.query_one("DataTable")
        total = table.row_count
        # search filters by English or Arabic
        await pilot.press("slash", *"بوتين")
        assert 0 < table.row_count < total
        await pilot.press("escape")
        # add an entry from scratch
        await pilot.press("a", *"Kremlin Palace", "tab", *"قصر الكرملين", "ctrl+s")
        assert load_glossary(glossary_copy).entry_for_target("Kremlin Palace") is not None
        # a clash is refused in the form, with the reason, and nothing is written
        await pilot.press("a", *"Someone Else", "tab", *"بوتين", "ctrl+s")
        assert isinstance(app.screen, EntryForm)
        assert "already maps to 'Putin'" in str(app.screen.query_one("#error").render())
        await pilot.press("escape")
        assert load_glossary(glossary_copy).entry_for_target("Someone Else") is None
        # delete "Putin": the warning on segment 3 disappears at once
        await pilot.press("slash", *"Putin", "enter")
        while app.screen.query_one("DataTable").get_row_at(table.cursor_row)[0].plain != "Putin":
            await pilot.press("down")
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#answer-delete")
        assert load_glossary(glossary_copy).entry_for_target("Putin") is None
        assert "Putin" not in app.terms[2].missing
        await pilot.press("escape")
        await pilot.press("ctrl+q")
