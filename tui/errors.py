"""The review tool's user-facing error: one line that says what is wrong and what to do."""

from __future__ import annotations


class ProjectError(Exception):
    """A review project (or its Arabic file) that cannot be opened, saved or exported."""
