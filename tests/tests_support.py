"""Helpers shared by the end-to-end tests."""

import sys
from pathlib import Path

TARJAMA = str(Path(sys.executable).parent / "tarjama")
