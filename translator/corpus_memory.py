"""The translation memory in a corpus run: looked up once per file, on the driver.

Exact-match reuse in a folder run means, for each file, exactly what ``tarjama
translate FILE`` with the same options would reuse when the run was planned:
every sentence whose newest approved English (``TranslationMemory.exact``) keeps
the glossary comes back from the memory; the rest go to the model.  Files never
feed each other (translating does not write the memory), so the order of the
files and the engine make no difference.

The lookups happen while planning, on the machine that runs the command: the
memory is one SQLite file there, and a Ray actor on another node could not open
it.  Each file carries its matches (``FileMatches``) to whatever translates it,
and the manifest records a digest of them: a rerun redoes a file whose matches
changed (an entry added, edited or removed for one of its sentences) and only
those.  A file with no match at all is translated as without a memory, which
gives the same English (the pipeline's memory stage with nothing to reuse hands
the model stage the very records it gets without one), so a memory that
does not exist yet and one without this file's sentences record the same.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from typing import TYPE_CHECKING

from translator.memory.store import MemoryEntry
from translator.segment import segment

if TYPE_CHECKING:
    from translator.memory.store import TranslationMemory

# One file's matches: sentence text -> the memory entry ``exact`` returned for it.
Matches = dict[str, MemoryEntry]


class FileMatches:
    """A stand-in for the memory that knows one file's exact matches (for ``ExactReuse``)."""

    def __init__(self, matches: Matches) -> None:
        self.matches = matches

    def exact(self, source: str) -> MemoryEntry | None:
        return self.matches.get(source)


def lookup(memory: TranslationMemory | None, text: str) -> Matches:
    """The memory's exact match for each sentence of ``text`` that has one."""
    if memory is None:
        return {}
    found: Matches = {}
    for sentence in segment(text):
        if sentence.text not in found:
            entry = memory.exact(sentence.text)
            if entry is not None:
                found[sentence.text] = entry
    return found


def matches_digest(matches: Matches) -> str | None:
    """What the manifest keeps of a file's matches: None when there are none."""
    if not matches:
        return None
    payload = json.dumps(encode(matches), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def encode(matches: Matches) -> list[dict[str, object]]:
    """Matches as plain data (to ship to a Ray actor, or to hash)."""
    return [{"sentence": text, **asdict(entry)} for text, entry in sorted(matches.items())]


def decode(rows: list[dict[str, object]]) -> Matches:
    out: Matches = {}
    for row in rows:
        fields = dict(row)
        text = str(fields.pop("sentence"))
        out[text] = MemoryEntry(**fields)  # type: ignore[arg-type]
    return out
