"""The ``--bidi`` choices, kept apart from the renderer so the CLI imports nothing heavy."""

from __future__ import annotations

import os

BIDI_MODES = ("app", "terminal", "off")
DEFAULT_BIDI = "app"
ENV_VAR = "TARJAMA_BIDI"


def default_mode() -> str:
    """``TARJAMA_BIDI`` when it names a mode, else ``app`` (see ``tui.bidi`` for why)."""
    value = os.environ.get(ENV_VAR, "").strip().lower()
    return value if value in BIDI_MODES else DEFAULT_BIDI
