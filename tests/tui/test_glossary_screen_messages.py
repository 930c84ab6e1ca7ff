"""The glossary screen changes nothing itself: its keys post messages the app acts on.

``t`` (a name from the current segment) and ``r`` (re-translate what the last
change affected) go through ``GlossaryScreen.AddFromSegment`` and
``GlossaryScreen.RetranslateAffected``; the saved name comes back to the screen
through ``GlossaryScreen.Changed`` and ``GlossaryScreen.show``.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from glossary.storage import load_glossary
from tui.screens.confirm import ConfirmScreen
from tui.screens.entry_form import EntryForm
from tui.screens.glossary_screen import GlossaryScreen


def test_name_from_segment_and_retranslation_offer_from_the_glossary_screen(
    saved_project: Path, glossary_copy: Path, make_app, wait
) -> None:
    asyncio.run(from_the_glossary_screen(saved_project, glossary_copy, make_app, wait))


async def from_the_glossary_screen(saved_project, glossary_copy, make_app, wait) -> None:
    app = make_app(saved_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.segment_list.select(2)
        await pilot.pause()
        await pilot.press("tab")  # into the Arabic view: its cursor picks the word under it
        view = app.source_view
        named = [(n.start, n.end) for n in app.terms[2].names]
        free = [
            k
            for k, (a, b) in enumerate(view.words)
            if b - a > 3 and not any(s < b and a < e for s, e in named)
        ]
        await pilot.press(*["left"] * free[0])  # left moves forward in Arabic
        picked = view.selection()
        assert picked
        await pilot.press("g")
        assert isinstance(app.screen, GlossaryScreen)
        await pilot.press("t")
        await wait(pilot, lambda: isinstance(app.screen, EntryForm) and app.screen.focused, 30)
        await pilot.press(*"Test Name", "ctrl+s")
        await wait(pilot, lambda: isinstance(app.screen, GlossaryScreen), 10)
        entry = load_glossary(glossary_copy).entry_for_target("Test Name")
        assert entry is not None and entry.forms
        table = app.screen.query_one("DataTable")
        assert table.get_row_at(table.cursor_row)[0].plain == "Test Name"
        assert app.glossaries.last_affected == [2]
        await pilot.press("r")
        await wait(pilot, lambda: isinstance(app.screen, ConfirmScreen), 10)
        assert "Re-translate the 1 segment(s)" in app.screen.question
        await pilot.press("escape")
        await pilot.press("escape")
        await pilot.press("ctrl+q")
