"""The memory that ``--memory`` / ``--no-memory`` name, opened for reuse.

``tarjama translate`` uses the memory by default: a desk expects a sentence a senior
editor already approved to come back as approved, not re-translated.  A memory that
does not exist yet is simply empty (nothing is created by reading), a memory is
opened read-only (so one in a read-only folder still serves), and a Python
without FTS5 gets one warning line and translates without the memory.  The options
themselves are declared by the command line (``tui.cli.common.add_memory_options``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from translator.memory.location import memory_path

if TYPE_CHECKING:  # the store (sqlite3, dataclasses) is imported when a command runs
    from translator.memory.store import TranslationMemory


def open_for_reuse(
    option: str | None, disabled: bool, warn: Callable[[str], None]
) -> TranslationMemory | None:
    """The memory to reuse from, or None (disabled, not created yet, or no FTS5)."""
    if disabled:
        return None
    # lazy: the store imports sqlite3; `translate --help` loads this module
    from translator.memory.store import TranslationMemory, fts5_available, no_fts5_message

    path = memory_path(option)
    if not path.exists():
        if option is not None:
            warn(f"translation memory {option} does not exist yet; nothing to reuse")
        return None
    if not fts5_available():
        warn(no_fts5_message())
        return None
    return TranslationMemory(path, read_only=True)  # lookups only: a read-only desk copy works
