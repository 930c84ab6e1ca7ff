"""Where the translation memory lives.

In order: an explicit ``--memory PATH``; ``$TARJAMA_MEMORY`` (a desk points every
translator at one shared file this way); ``$XDG_DATA_HOME/tarjama/memory.sqlite3``;
``~/.local/share/tarjama/memory.sqlite3``.  The memory is data the user made (approved
translations), not a cache, so it goes under the XDG *data* folder.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "TARJAMA_MEMORY"
FILE_NAME = "memory.sqlite3"


def default_memory_path() -> Path:
    """The memory used when no ``--memory`` is given."""
    explicit = os.environ.get(ENV_VAR)
    if explicit:
        return Path(explicit).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME")
    base = Path(data_home) if data_home else Path.home() / ".local" / "share"
    return base / "tarjama" / FILE_NAME


def memory_path(option: str | None) -> Path:
    """The memory to use: ``option`` (a ``--memory`` value) or the default."""
    return Path(option).expanduser() if option else default_memory_path()
