"""The in-memory glossary: entries in the user's order, edited by rules that keep it sound.

Invariants kept by ``add``/``remove`` (and checked on load): every target is
unique, and a normalized Arabic form belongs to at most one target — a form
that could produce two different names is exactly the error the product exists
to prevent.  ``entries`` is a plain list; code that edits it directly can
re-check with ``problems()``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from glossary.entry import Entry, clean_form, clean_note, clean_target, clean_type
from glossary.errors import GlossaryError
from glossary.normalize import form_key


class Glossary:
    """An ordered list of entries with one target per Arabic form."""

    def __init__(self, entries: Iterable[Entry] | None = None) -> None:
        self.entries: list[Entry] = list(entries or [])
        # Comment lines after the last entry of a loaded file, written back by save.
        self.trailing_comments: list[str] = []

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def targets(self) -> list[str]:
        return [e.target for e in self.entries]

    def entry_for_target(self, target: str) -> Entry | None:
        wanted = target.strip()
        return next((e for e in self.entries if e.target == wanted), None)

    def entry_for_form(self, form: str) -> Entry | None:
        """The entry whose forms include ``form`` once normalized (diacritics etc. ignored)."""
        key = form_key(form)
        return next((e for e in self.entries if any(form_key(f) == key for f in e.forms)), None)

    def add(
        self,
        form: str,
        target: str,
        *,
        type: str | None = None,
        note: str | None = None,
        replace: bool = False,
        flags: frozenset[str] | None = None,
    ) -> Entry:
        """Add ``form`` to the entry for ``target`` (created if needed) and return that entry.

        A form already mapped to a different target is refused unless ``replace``,
        which moves it (an entry left without forms is dropped).  ``type``/``note``,
        when given, overwrite the entry's; ``flags``, when given, become the form's.
        """
        form = clean_form(form)
        target = clean_target(target)
        kind = clean_type(type)
        note = clean_note(note)
        key = form_key(form)
        for other in list(self.entries):
            if other.target == target:
                continue
            clashing = [f for f in other.forms if form_key(f) == key]
            if not clashing:
                continue
            if not replace:
                raise GlossaryError(
                    f"Arabic form {form!r} already maps to {other.target!r}; "
                    f"to map it to {target!r} instead, add it again with --replace"
                )
            other.forms = [f for f in other.forms if f not in clashing]
            for gone in clashing:
                other.flags.pop(gone, None)
            if not other.forms:
                self.entries.remove(other)
        entry = self.entry_for_target(target)
        if entry is None:
            entry = Entry(target=target, forms=[form], type=kind, note=note)
            if flags:
                entry.set_flags(form, flags)
            self.entries.append(entry)
            return entry
        if form not in entry.forms:
            entry.forms.append(form)
        if flags is not None:
            entry.set_flags(form, flags)
        if kind is not None:
            entry.type = kind
        if note is not None:
            entry.note = note
        return entry

    def remove(self, key: str) -> list[Entry]:
        """Remove the entry whose target is ``key``, else the Arabic form ``key`` wherever it is.

        Returns the entries removed or changed (empty when nothing matched).  A form is
        compared normalized, so it can be typed without diacritics; an entry left
        without forms is dropped.
        """
        key = key.strip()
        entry = self.entry_for_target(key)
        if entry is not None:
            self.entries.remove(entry)
            return [entry]
        wanted = form_key(key)
        if not wanted:
            return []
        touched: list[Entry] = []
        for other in list(self.entries):
            kept = [f for f in other.forms if form_key(f) != wanted]
            if len(kept) != len(other.forms):
                for gone in set(other.forms) - set(kept):
                    other.flags.pop(gone, None)
                other.forms = kept
                touched.append(other)
                if not kept:
                    self.entries.remove(other)
        return touched

    def problems(self) -> list[str]:
        """Conflicts that break the invariants (for glossaries built or edited in code)."""
        found: list[str] = []
        owner: dict[tuple[str, ...], str] = {}
        seen_targets: set[str] = set()
        for entry in self.entries:
            if entry.target in seen_targets:
                found.append(f"target {entry.target!r} appears in two entries")
            seen_targets.add(entry.target)
            if not entry.forms:
                found.append(f"entry {entry.target!r} has no Arabic forms")
            for form in entry.forms:
                key = form_key(form)
                first = owner.setdefault(key, entry.target)
                if first != entry.target:
                    found.append(
                        f"Arabic form {form!r} maps to both {first!r} and {entry.target!r}"
                    )
        return found
