"""Finding glossary names in Arabic text.

The glossary's forms are compiled once into a trie keyed by normalized
tokens (see ``normalize``), the first token stripped of its article (see
``clitics``).  ``find`` walks the text's tokens once; at each token it looks up
the handful of clitic readings of that word and follows the trie as far as the
following tokens allow.  Work per token depends on the number of readings and
the length of the longest form, never on the number of entries.

Rules: whole tokens only; the longest match (in tokens) starting at the
leftmost position wins, ties going to the reading that needs no article
guessing and then to the one that strips the fewest prefix letters; matches
never overlap and never span a line break.  Spans are code-point offsets into
the original text and ``source == text[start:end]`` always holds; the clitic
letters in front of the span are in ``prefix``.

Words of their own: a clitic is read off a text word only where the whole word
is not itself a word of the language (``common_words.is_own_word``: كامل is
"complete", not ك + أمل; كبير, وجود, بليون, فعليا stay whole).

The article rule depends on the entry type: a form without the article matches
a word that carries one (الناتو, للناتو for ناتو) only for organizations and for
forms flagged ``{article}`` — and not for an organization form that is itself an
ordinary word (فريق "team" does not match الفريق).  Person, place, other and
untyped forms never do, so
السلام is not سلام, الصور is not صور and الخميس is not خميس: a name forced where
the Arabic had an ordinary word is the worst error, a missed name the lesser one.

The document rule (``find_document``): a one-word form that is also an ordinary
Arabic word (``common_words``) and a word of a longer form of the glossary
(سلام in نواف سلام) counts only after one of those longer forms has matched
earlier in the same document, as news introduces a person by the full name
first ("نواف سلام … وقال سلام").  Forms flagged ``{always}`` are exempt; so are
forms that are not ordinary words (بوتين in a headline before فلاديمير بوتين).  A
form written with the article is its own spelling (العراق): it is ordinary only
when its bare core is an ordinary noun or adjective (السلام), see ``common_words``.
Short forms — one token of one or two letters, or the Arabic name of a Latin
letter (آي, إم, تي) — collide with particles (أي "any", أم "or", التي "which"):
they count only after another, longer form of the same entry has matched earlier
in the document, or when flagged ``{always}``.
``find`` treats its text as a document of its own.

Compounds with عبد and أبو are written with or without the space (عبدالله, عبد
الله, أبوظبي, أبو ظبي): each such form is also indexed in its other spelling.

Forms flagged ``{suggest}`` give matches with ``suggest=True``: found and shown,
never forced.

The compiled index is plain data (dicts, lists, tuples, strings), so
``index_cache`` can store it with ``marshal`` and load a 100,000-entry glossary
in a fraction of a second instead of re-validating and recompiling it.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from glossary.clitics import FULL_ARTICLE, NO_ARTICLE, Reading, form_article, readings
from glossary.common_words import is_common_word, is_own_word
from glossary.entry import Entry
from glossary.errors import GlossaryError
from glossary.normalize import normalize
from glossary.target_finder import TargetFinder
from glossary.termbase import Glossary

__all__ = ["Match", "Matcher", "TargetFinder"]

INDEX_VERSION = 3  # bump when the index layout or the rules that build it change

# Arabic spellings of Latin letter names (folded: alef forms are plain ا).  As a
# one-token form they collide with particles and pronouns (أي, أم, إن, أو, التي).
LETTER_NAMES = frozenset(
    {"ايه", "اي", "بي", "سي", "دي", "اف", "جي", "اتش", "جيه", "جاي", "كيه", "كاي", "ال"}
    | {"ام", "ان", "او", "كيو", "ار", "اس", "تي", "يو", "في", "دبليو", "اكس", "واي", "زد"}
    | {"زي"}
)
_COMPOUND_HEADS = ("عبد", "ابو")  # folded; written joined to the next word or apart
_MIN_COMPOUND_REST = {"عبد": 2, "ابو": 3}  # أبواب (doors) is no أبو + اب


@dataclass(frozen=True)
class Match:
    """One glossary name found in a text."""

    start: int  # code-point offsets into the original text as given
    end: int
    source: str  # text[start:end]: the name itself, without the clitics in front of it
    target: str
    entry: Entry = field(compare=False)
    form: str = ""  # the glossary form that matched
    prefix: str = ""  # clitic letters written before the span, e.g. "و", "لل", "وال"
    # Suggest-only: found and shown, never forced into the English.
    suggest: bool = False


# A terminal of the trie, plain data so the index can be marshalled:
# (entry index, form, form has article, matches a word with an article it lacks,
#  suggest-only, gate ("" = none: counts only once this gate was opened in the
#  document), gates a match of this form opens)
_Terminal = tuple[int, str, bool, bool, bool, str, tuple[str, ...]]
_E, _FORM, _ARTICLE, _ALLOW, _SUGGEST, _GATE, _OPENS = range(7)
# A trie node: [children by folded token, terminals]
_Node = list[Any]


def _form_info(form: str) -> tuple[tuple[str, ...], str, list[str]]:
    """A form's token strings, the strict spelling of its first token, and its word cores."""
    norm = normalize(form)
    words = tuple(norm.text_of(t) for t in norm.tokens)
    first_strict = norm.strict[norm.tokens[0].start : norm.tokens[0].end] if norm.tokens else ""
    cores = [
        form_article(norm.strict[t.start : t.end], norm.folded[t.start : t.end])[0]
        for t in norm.tokens
        if t.is_word
    ]
    return words, first_strict, cores


def word_cores(form: str) -> list[str]:
    """Each word of a form, folded, without a leading article (ال) of its own."""
    return _form_info(form)[2]


def is_short_form(words: tuple[str, ...]) -> bool:
    """One token of one or two letters, or a Latin letter's Arabic name (آي, إم, تي)."""
    return len(words) == 1 and (len(words[0]) <= 2 or words[0] in LETTER_NAMES)


def compound_variants(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The other spellings of a form's عبد/أبو compounds: عبد الله ↔ عبدالله."""
    found: list[tuple[str, ...]] = []
    for i, word in enumerate(words):
        head = next((h for h in _COMPOUND_HEADS if word == h), None)
        if head is not None and i + 1 < len(words):
            if len(words[i + 1]) < _MIN_COMPOUND_REST[head]:
                continue
            found.append((*words[:i], word + words[i + 1], *words[i + 2 :]))
            continue
        head = next((h for h in _COMPOUND_HEADS if word.startswith(h)), None)
        if head is not None and len(word) - len(head) >= _MIN_COMPOUND_REST[head]:
            found.append((*words[:i], head, word[len(head) :], *words[i + 1 :]))
    return found


class Matcher:
    """Finds every glossary form in a text; build once, call ``find`` many times."""

    def __init__(self, glossary: Glossary) -> None:
        owners: dict[tuple[str, ...], str] = {}
        problems: list[str] = []
        accepted: list[tuple[int, str, tuple[str, ...], str, list[str]]] = []
        self._entries: list[Entry] = list(glossary.entries)
        self._raw: list[Any] = []
        for index, entry in enumerate(self._entries):
            for form in entry.forms:
                words, first_strict, cores = _form_info(form)
                owner = owners.setdefault(words, entry.target)
                if owner != entry.target:
                    problems.append(
                        f"Arabic form {form!r} maps to both {owner!r} and {entry.target!r}"
                    )
                elif words:
                    accepted.append((index, form, words, first_strict, cores))
        if problems:
            raise GlossaryError(problems)
        entries = self._entries
        self.gated = _gated(
            (entries[i], form, cores, words[0]) for i, form, words, _, cores in accepted
        )
        # entries that have a form that is not short: their short forms are gated
        full_named = {i for i, _, words, _, _ in accepted if not is_short_form(words)}
        self._root: dict[str, _Node] = {}
        for index, form, words, first_strict, cores in accepted:
            self._insert(index, form, words, first_strict, cores, full_named)
            for variant in compound_variants(words):
                if owners.setdefault(variant, entries[index].target) == entries[index].target:
                    self._insert(index, form, variant, first_strict, cores, full_named)

    def _insert(
        self,
        index: int,
        form: str,
        words: tuple[str, ...],
        first_strict: str,
        cores: list[str],
        full_named: set[int],
    ) -> None:
        entry = self._entries[index]
        first, article = form_article(first_strict, words[0])
        node = self._root.setdefault(first, [{}, []])
        for word in words[1:]:
            node = node[0].setdefault(word, [{}, []])
        flags = entry.form_flags(form)
        gate = ""
        opens: list[str] = []
        short = is_short_form(words)
        if "always" not in flags:
            if short:
                gate = _entry_gate(index)
            elif len(words) == 1 and first in self.gated:
                gate = first
        if not short:
            opens.append(_entry_gate(index))
            if len(words) > 1:
                opens.extend(c for c in cores if c in self.gated)
        allow_article = "article" in flags or (
            entry.type == "organization"
            and not (len(words) == 1 and is_common_word(first, "organization"))
        )
        terminal: _Terminal = (
            index,
            form,
            article,
            allow_article,
            "suggest" in flags,
            gate,
            tuple(opens),
        )
        if not any(t[_ARTICLE] == article for t in node[1]):
            node[1].append(terminal)

    # -- plain-data form for index_cache ---------------------------------------------
    def to_data(self) -> tuple[Any, ...]:
        """The compiled index as plain data (marshal-able).

        The entries travel as one marshalled blob, unpacked on the first match, and
        leaf nodes carry no empty dict: loading is most of a cached call's time."""
        entries = [
            (e.target, tuple(e.forms), e.type, e.note, {f: tuple(v) for f, v in e.flags.items()})
            for e in self._entries
        ]

        def packed(node: _Node) -> tuple[Any, ...]:
            children = {k: packed(v) for k, v in node[0].items()} or None
            return (children, tuple(node[1]))

        root = {k: packed(v) for k, v in self._root.items()}
        return (INDEX_VERSION, marshal.dumps(entries), root, tuple(self.gated))

    @classmethod
    def from_data(cls, data: tuple[Any, ...]) -> Matcher:
        """A matcher from ``to_data``'s output (GlossaryError if it is of another version)."""
        if not isinstance(data, tuple) or len(data) != 4 or data[0] != INDEX_VERSION:
            raise GlossaryError("the glossary index is of another version")
        matcher = cls.__new__(cls)
        matcher._entries = []
        matcher._raw = data[1]  # marshalled entries, unpacked by _entry
        matcher._root = data[2]
        matcher.gated = frozenset(data[3])
        return matcher

    def _entry(self, index: int) -> Entry:
        if not self._entries:
            self._raw = marshal.loads(self._raw)
            self._entries = [None] * len(self._raw)  # type: ignore[list-item]
        entry = self._entries[index]
        if entry is None:
            target, forms, kind, note, flags = self._raw[index]
            entry = Entry(
                target, list(forms), kind, note, {f: frozenset(v) for f, v in flags.items()}
            )
            self._entries[index] = entry
        return entry

    def find(self, text: str) -> list[Match]:
        """Matches sorted by start, non-overlapping, longest first; ``text`` is one document."""
        return self._find(text, set())

    def find_document(
        self, texts: Sequence[str], opened: set[str] | None = None
    ) -> list[list[Match]]:
        """Matches in each text of one document (its sentences, in reading order).

        A gated form (see the module docstring) counts only after a longer form
        opened its gate earlier: in an earlier text or earlier in the same one.
        ``find_document([t])[0] == find(t)``.  ``opened`` carries the gates a
        document's earlier texts opened into the next call (it is updated), so a
        document matched a block at a time gets the same matches as matched whole.
        """
        opened = set() if opened is None else opened
        return [self._find(text, opened) for text in texts]

    def _find(self, text: str, opened: set[str]) -> list[Match]:
        norm = normalize(text)
        tokens = norm.tokens
        folded, strict, offsets = norm.folded, norm.strict, norm.offsets
        root = self._root
        count = len(tokens)
        found: list[Match] = []
        i = 0
        while i < count:
            token = tokens[i]
            word = folded[token.start : token.end]
            options = (
                readings(word, strict[token.start : token.end])
                if token.is_word
                else [Reading(word, 0, NO_ARTICLE, -1)]
            )
            # A word of its own (كامل) gives no clitic reading: only the whole word,
            # or the word as article + core (its letters all inside the name).
            whole = len(options) > 1 and is_own_word(word)
            best: tuple[tuple[int, bool, int], Reading, _Terminal, int] | None = None
            for reading in options:
                node = root.get(reading.core)
                if node is None:
                    continue
                j = i
                while node is not None:
                    for terminal in node[1]:
                        if reading.article == NO_ARTICLE:
                            if terminal[_ARTICLE]:
                                continue
                        elif not terminal[_ARTICLE] and not terminal[_ALLOW]:
                            continue
                        if whole and (
                            reading.article_at != 0 or not terminal[_ARTICLE]
                            if reading.article == FULL_ARTICLE
                            else reading.core_at != 0
                        ):
                            continue
                        gate = terminal[_GATE]
                        if gate and gate not in opened:
                            continue
                        exact = terminal[_ARTICLE] == (reading.article != NO_ARTICLE)
                        rank = (j, exact, -reading.core_at)
                        if best is None or rank > best[0]:
                            best = (rank, reading, terminal, j)
                    j += 1
                    if j >= count or tokens[j].break_before:
                        break
                    following = tokens[j]
                    children = node[0]
                    node = (
                        children.get(folded[following.start : following.end]) if children else None
                    )
            if best is None:
                i += 1
                continue
            _, reading, terminal, last = best
            shown_at = (
                reading.article_at
                if terminal[_ARTICLE] and reading.article == FULL_ARTICLE
                else reading.core_at
            )
            word_start = offsets[token.start]
            start = offsets[token.start + shown_at]
            end = tokens[last].orig_end
            entry = self._entry(terminal[_E])
            found.append(
                Match(
                    start=start,
                    end=end,
                    source=text[start:end],
                    target=entry.target,
                    entry=entry,
                    form=terminal[_FORM],
                    prefix=text[word_start:start],
                    suggest=terminal[_SUGGEST],
                )
            )
            opened.update(terminal[_OPENS])
            i = last + 1
        return found


def _entry_gate(index: int) -> str:
    """The gate of an entry's short forms (no folded word starts with a digit and '=')."""
    return f"={index}"


def _gated(forms: Iterable[tuple[Entry, str, list[str], str]]) -> frozenset[str]:
    """``forms``: (entry, form, word cores, first token folded)."""
    in_longer: set[str] = set()
    single: dict[str, tuple[str | None, bool]] = {}
    for entry, form, cores, first in forms:
        if len(cores) > 1:
            in_longer.update(cores)
        elif cores and "always" not in entry.form_flags(form):
            single[cores[0]] = (entry.type, len(cores[0]) < len(first))
    return frozenset(w for w in in_longer.intersection(single) if is_common_word(w, *single[w]))
