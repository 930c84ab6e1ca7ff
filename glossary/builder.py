"""Turn rows read from any file format into a Glossary, collecting every problem.

All readers (the glossary file, OmegaT, CSV, TBX) feed rows through one
builder so the same rules hold everywhere, and so a user sees every problem of
a file in one message, each as ``FILE:LINE: problem``, instead of fixing them
one run at a time.  Nothing is returned (so nothing can be written) while any
problem remains.

Exchange files are read with ``on_conflict`` deciding what happens when one
Arabic form maps to two English targets (real termbases have thousands): ``error``
(a problem, the default), ``first`` (the first target keeps the form, later ones
are dropped) or ``skip`` (the form is dropped from every target: an ambiguous form
enforces nothing).  What was dropped is counted and reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from glossary.clitics import form_article
from glossary.entry import (
    TYPES,
    Entry,
    clean_form,
    clean_note,
    clean_target,
    clean_type,
    map_type,
    parse_form,
)
from glossary.errors import GlossaryError
from glossary.normalize import form_tokens
from glossary.termbase import Glossary


@dataclass
class _Seen:
    entry: Entry
    line: int
    notes: list[str] = field(default_factory=list)


ON_CONFLICT = ("error", "first", "skip")


class GlossaryBuilder:
    """Collects rows; ``merge_same_target`` merges rows sharing a target (exchange formats)
    instead of refusing the second one (the glossary file, where it is a mistake)."""

    def __init__(
        self,
        path: str,
        *,
        merge_same_target: bool,
        on_conflict: str = "error",
        lenient_types: bool = False,
    ) -> None:
        if on_conflict not in ON_CONFLICT:
            raise GlossaryError(
                f"unknown --on-conflict {on_conflict!r}; use one of: {', '.join(ON_CONFLICT)}"
            )
        self.path = path
        self.merge_same_target = merge_same_target
        self.on_conflict = on_conflict
        # Imports map NER labels (PER, LOC, GPE, ORG ...) and only warn about unknown types.
        self.lenient_types = lenient_types
        self.format = ""  # the exchange format read, set by ``exchange.read_import``
        self.rows = 0  # rows that reached the builder
        self.forms_read = 0  # Arabic forms read (before conflicts were resolved)
        self.conflicts = 0  # forms dropped because they map to two targets
        self._skipped_keys: set[tuple[str, ...]] = set()
        self.problems: list[str] = []
        self.warnings: list[str] = []
        self.glossary = Glossary()
        self._by_target: dict[str, _Seen] = {}
        self._by_key: dict[tuple[str, ...], tuple[str, str, int]] = {}  # key -> form, target, line
        self._by_bare_key: dict[tuple[str, ...], tuple[str, str, int]] = {}
        self._by_folded_target: dict[str, tuple[str, int]] = {}
        self._forms_by_key: dict[tuple[str, ...], list[tuple[Entry, str]]] = {}

    def where(self, line: int | None) -> str:
        return f"{self.path}:{line}" if line is not None else self.path

    def problem(self, line: int | None, message: str) -> None:
        self.problems.append(f"{self.where(line)}: {message}")

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(f"{self.where(line)}: {message}")

    def row(
        self,
        line: int,
        target: str,
        forms: list[str],
        type: str | None = None,
        note: str | None = None,
        comments: list[str] | None = None,
    ) -> None:
        """Validate one row and add it; problems are recorded, not raised."""
        before = len(self.problems)
        self.rows += 1
        try:
            target = clean_target(target)
        except GlossaryError as exc:
            self.problem(line, str(exc))
        cleaned: list[tuple[str, frozenset[str]]] = []
        for raw in forms:
            try:
                form, flags = parse_form(raw)
                cleaned.append((clean_form(form), flags))
            except GlossaryError as exc:
                self.problem(line, str(exc))
        type = self._type(line, type)
        try:
            note = clean_note(note)
        except GlossaryError as exc:
            self.problem(line, str(exc))
        if len(self.problems) != before:
            return
        seen = self._by_target.get(target)
        if seen is None:
            self._check_case(line, target)
            entry = Entry(target=target, forms=[], type=type, note=note, comments=comments or [])
            seen = self._by_target[target] = _Seen(entry, line, [note] if note else [])
            self.glossary.entries.append(entry)
        elif not self.merge_same_target:
            self.problem(
                line,
                f"target {target!r} is already defined on line {seen.line}; "
                "put all its Arabic forms on that line, separated by ' | '",
            )
            return
        else:
            self._merge_fields(line, seen, type, note)
        for form, flags in cleaned:
            self.forms_read += 1
            self._add_form(line, seen, form, flags)

    def _type(self, line: int, value: str | None) -> str | None:
        if not self.lenient_types:
            try:
                return clean_type(value)
            except GlossaryError as exc:
                self.problem(line, str(exc))
                return None
        try:
            return map_type(value)
        except GlossaryError:
            self.warn(
                line,
                f"type {value.strip()!r} is not a glossary type ({', '.join(TYPES)}, or "
                "PER/LOC/GPE/ORG); imported without a type",
            )
            return None

    def _check_case(self, line: int, target: str) -> None:
        folded = target.casefold()
        other = self._by_folded_target.get(folded)
        if other is not None:
            self.warn(
                line,
                f"targets {target!r} and {other[0]!r} (line {other[1]}) differ only in "
                "letter case; is one of them a typo?",
            )
        else:
            self._by_folded_target[folded] = (target, line)

    def _merge_fields(self, line: int, seen: _Seen, kind: str | None, note: str | None) -> None:
        entry = seen.entry
        if kind is not None:
            if entry.type is None:
                entry.type = kind
            elif entry.type != kind:
                self.problem(
                    line,
                    f"type {kind!r} for {entry.target!r} differs from {entry.type!r} "
                    f"given on line {seen.line}",
                )
        if note is not None and note not in seen.notes:
            seen.notes.append(note)
            entry.note = "; ".join(seen.notes)

    def _add_form(self, line: int, seen: _Seen, form: str, flags: frozenset[str]) -> None:
        entry = seen.entry
        words, first_strict = form_tokens(form)
        key = words
        if key in self._skipped_keys:
            self.conflicts += 1
            return
        owner = self._by_key.get(key)
        if owner is not None and owner[1] != entry.target:
            if self.on_conflict == "error":
                self.problem(
                    line,
                    f"Arabic form {form!r} also maps to {owner[1]!r} on line {owner[2]}; "
                    "one form can have only one English target (import with "
                    "--on-conflict first or skip to keep going)",
                )
            else:
                self.conflicts += 1
                if self.on_conflict == "skip":
                    self._drop_everywhere(key)
                    self.conflicts += 1  # the first owner's form goes too
            return
        if form in entry.forms:
            self.warn(line, f"Arabic form {form!r} is listed twice for {entry.target!r}")
            if flags:
                entry.set_flags(form, entry.form_flags(form) | flags)
            return
        if owner is not None:
            self.warn(
                line,
                f"Arabic forms {form!r} and {owner[0]!r} (line {owner[2]}) are the same once "
                "diacritics, hamza on alef, tatweel and spacing are ignored; one is enough "
                "for matching",
            )
        else:
            self._by_key[key] = (form, entry.target, line)
            bare = (form_article(first_strict, words[0])[0], *words[1:])
            other = self._by_bare_key.get(bare)
            if other is not None and other[1] != entry.target:
                self.warn(
                    line,
                    f"Arabic forms {form!r} ({entry.target!r}) and {other[0]!r} ({other[1]!r}, "
                    f"line {other[2]}) differ only by the article ال; where the text has the "
                    "article, the form written with it wins",
                )
            self._by_bare_key.setdefault(bare, (form, entry.target, line))
        entry.forms.append(form)
        entry.set_flags(form, flags)
        self._forms_by_key.setdefault(key, []).append((entry, form))

    def _drop_everywhere(self, key: tuple[str, ...]) -> None:
        """``skip``: remove every form with this key; entries left without forms go.

        Indexed by key, so dropping costs the forms dropped, not the glossary's size."""
        self._skipped_keys.add(key)
        self._by_key.pop(key, None)
        for entry, form in self._forms_by_key.pop(key, []):
            if form in entry.forms:
                entry.forms.remove(form)
                entry.flags.pop(form, None)

    def line_of(self, entry: Entry) -> int | None:
        """The line an entry was read from (its first line for merged rows)."""
        seen = self._by_target.get(entry.target)
        return seen.line if seen is not None and seen.entry is entry else None

    def conflict_summary(self) -> str | None:
        """One line saying what ``first``/``skip`` dropped, or None when nothing was."""
        if not self.conflicts:
            return None
        how = (
            "kept the first target of each"
            if self.on_conflict == "first"
            else "dropped them from every target"
        )
        return (
            f"{self.path}: {self.conflicts} Arabic form(s) mapped to more than one English "
            f"target; --on-conflict {self.on_conflict} {how}"
        )

    def untyped_summary(self, what: str) -> str | None:
        """One line when entries came without a type, saying what that costs and the fix."""
        glossary = self.glossary
        untyped = sum(1 for e in glossary.entries if e.type is None and e.forms)
        if not untyped:
            return None
        return (
            f"{self.path}: {untyped} of {len(glossary.entries)} entries have no type ({what}); "
            "an untyped form never matches a word with an article it lacks (ناتو does not "
            "match الناتو or للناتو). Give --type TYPE for all rows, or a type name as a "
            "row's comment, and run tarjama glossary check to list the forms an organization "
            "type would change"
        )

    def build(self) -> Glossary:
        """The glossary, or GlossaryError listing every problem."""
        if self.problems:
            raise GlossaryError(self.problems)
        emptied = [e for e in self.glossary.entries if not e.forms]
        if emptied:
            self.glossary.entries = [e for e in self.glossary.entries if e.forms]
            self.warnings.append(
                f"{self.path}: {len(emptied)} entr{'y' if len(emptied) == 1 else 'ies'} "
                f"left without an Arabic form by --on-conflict {self.on_conflict} were dropped"
            )
        return self.glossary
