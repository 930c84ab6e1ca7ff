"""Screenshots of the review and glossary screens at two terminal sizes.

The app opens a saved project with fixed English (no model, no timing), so the
pictures only change when the UI does.  Regenerate with ``--snapshot-update``
and look at the SVGs in ``__snapshots__`` before accepting them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.app import ReviewApp
from tui.opening import open_review

SIZES = [(120, 40), (80, 24)]


def review_app(saved_project: Path) -> ReviewApp:
    return ReviewApp(open_review(str(saved_project)), bidi="app")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_review_screen(snap_compare, saved_project: Path, size: tuple[int, int]) -> None:
    assert snap_compare(review_app(saved_project), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_glossary_screen(snap_compare, saved_project: Path, size: tuple[int, int]) -> None:
    assert snap_compare(review_app(saved_project), terminal_size=size, press=["g"])
