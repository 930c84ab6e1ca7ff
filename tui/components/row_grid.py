"""The borderless three-column grid that segment rows and memory matches share.

One definition so a segment and a translation-memory match line up the same way
(key or number, Arabic, English) and change style together.
"""

from __future__ import annotations

from rich import box
from rich.table import Table


def row_grid() -> Table:
    """An empty, headerless, edge-to-edge table with the review's grey rules."""
    return Table(
        box=box.MINIMAL,
        show_header=False,
        show_edge=False,
        expand=True,
        padding=(0, 1),
        pad_edge=False,
        border_style="grey37",
    )
