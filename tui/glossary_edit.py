"""Glossary changes made from the review screen, applied to a copy first.

The copy is checked by the glossary's own rules and saved atomically before it
replaces the glossary in use, so a refused change leaves both the file and the
screen as they were.
"""

from __future__ import annotations

import copy
from pathlib import Path

from glossary.entry import clean_form, clean_note, clean_target, clean_type
from glossary.errors import GlossaryError
from glossary.storage import save_glossary
from glossary.termbase import Glossary
from tui.screens.entry_form import EntryDraft


def apply_draft(glossary: Glossary | None, draft: EntryDraft) -> Glossary:
    """A new glossary with the draft added (or the edited entry changed); GlossaryError if not."""
    result = copy.deepcopy(glossary) if glossary is not None else Glossary()
    if draft.original is None:
        for form in draft.forms:
            result.add(form, draft.target, type=draft.type, note=draft.note, replace=draft.replace)
        return result
    index = next(
        (i for i, e in enumerate(result.entries) if e.target == draft.original.target), None
    )
    if index is None:
        raise GlossaryError(f"{draft.original.target!r} is no longer in the glossary")
    entry = result.entries[index]
    target = clean_target(draft.target)
    forms = [clean_form(f) for f in draft.forms]
    if any(e.target == target for i, e in enumerate(result.entries) if i != index):
        raise GlossaryError(f"{target!r} is already in the glossary; edit that entry instead")
    entry.target, entry.forms = target, list(dict.fromkeys(forms))
    entry.type, entry.note = clean_type(draft.type), clean_note(draft.note)
    problems = result.problems()
    if problems and draft.replace:
        for form in entry.forms:  # move clashing forms here, as add(replace=True) would
            result.add(form, target, replace=True)
        problems = result.problems()
    if problems:
        raise GlossaryError(problems[0] + " (tick 'move forms' to move it to this name)")
    return result


def remove_entry(glossary: Glossary, target: str) -> Glossary:
    result = copy.deepcopy(glossary)
    if not result.remove(target):
        raise GlossaryError(f"{target!r} is not in the glossary")
    return result


def save(glossary: Glossary, path: Path) -> None:
    save_glossary(glossary, path)
