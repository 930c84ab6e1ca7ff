"""``tmx``: a review's approved segments as TMX 1.4b (export only: ``translate`` has no
approved pairs to give), dated with the project's last save and signed with ``--user``."""

from __future__ import annotations

from translator.writers.base import Option, ReviewSource

EXTENSION = ".tmx"
OPTIONS = (
    Option(
        "--user",
        frozenset({"export"}),
        {"metavar": "NAME", "help": "tmx: creationid/changeid (default: your OS user name)"},
    ),
)


def render_review(review: ReviewSource, *, user: str | None = None, **_: object) -> str:
    # lazy: lxml, sqlite3 load when written; `translate --help` loads the writers
    from translator.formats.tmx import write_tmx
    from translator.formats.xliff_common import tool_version
    from translator.memory.store import current_user

    who = current_user() if user is None else user
    return write_tmx(review.tmx_units(who), user=who, tool_version=tool_version()).decode()
