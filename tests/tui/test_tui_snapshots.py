"""Screenshots of the review, its screens and its dialogs with Arabic, at fixed sizes.

The app opens saved projects with fixed English (no model, no timing), so the
pictures only change when the UI does.  Regenerate with ``--snapshot-update``
and look at the SVGs in ``__snapshots__`` before accepting them: Arabic must
read right to left with joined letters (لا as one ligature) in every one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.app import ReviewApp
from tui.opening import open_review
from tui.screens.entry_form import EntryForm

SIZES = [(120, 40), (80, 24)]


async def steady_cursor(pilot) -> None:
    """A blinking cursor would make the picture depend on timing: keep it shown."""
    focused = pilot.app.focused
    if focused is not None and hasattr(focused, "cursor_blink"):
        focused.cursor_blink = False
    await pilot.pause()


def review_app(saved_project: Path) -> ReviewApp:
    return ReviewApp(open_review(str(saved_project)), bidi="app")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_review_screen(snap_compare, saved_project: Path, size: tuple[int, int]) -> None:
    assert snap_compare(review_app(saved_project), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_glossary_screen(snap_compare, saved_project: Path, size: tuple[int, int]) -> None:
    assert snap_compare(review_app(saved_project), terminal_size=size, press=["g"])


def test_search_box_with_arabic(snap_compare, saved_project: Path) -> None:
    """An Arabic search being typed: shaped and in reading order in the box."""

    async def typing(pilot) -> None:
        await pilot.press("home", "slash")
        await pilot.pause()  # the search box opens before the next key (as between keystrokes)
        await pilot.press(*"نولاند")
        await steady_cursor(pilot)

    assert snap_compare(review_app(saved_project), terminal_size=(120, 40), run_before=typing)


def test_search_marks_and_counts(snap_compare, saved_project: Path) -> None:
    """After the search: matches marked in both columns, "2 of 3" in the status line."""

    async def searched(pilot) -> None:
        await pilot.press("home", "slash")
        await pilot.pause()
        await pilot.press(*"بوتين", "enter", "n")
        await pilot.pause()

    assert snap_compare(review_app(saved_project), terminal_size=(120, 40), run_before=searched)


def test_add_name_dialog(snap_compare, clitic_project: Path, pick_words, wait) -> None:
    """Picked "وضبط التسلح": the form offered without و, shaped, with the other readings."""

    async def add_name(pilot) -> None:
        await pick_words(pilot, pilot.app, 0, ["وضبط", "التسلح"])
        await pilot.press("t")
        await wait(pilot, lambda: isinstance(pilot.app.screen, EntryForm) and pilot.app.focused, 30)
        await steady_cursor(pilot)

    assert snap_compare(review_app(clitic_project), terminal_size=(100, 32), run_before=add_name)


def test_delete_name_question(snap_compare, saved_project: Path) -> None:
    """A question quoting Arabic forms, wrapped then ordered line by line."""

    async def delete(pilot) -> None:
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"Victoria", "enter", "d")
        await pilot.pause()

    assert snap_compare(review_app(saved_project), terminal_size=(100, 30), run_before=delete)
