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

The article rule depends on the entry type: a form without the article matches
a word that carries one (الناتو, للناتو for ناتو) only for organizations and for
forms flagged ``{article}``.  Person, place, other and untyped forms never do, so
السلام is not سلام, الصور is not صور and الخميس is not خميس: a name forced where
the Arabic had an ordinary word is the worst error, a missed name the lesser one.

The document rule (``find_document``): a one-word form that is also an ordinary
Arabic word (``common_words``) and a word of a longer form of the glossary
(سلام in نواف سلام) counts only after one of those longer forms has matched
earlier in the same document, as news introduces a person by the full name
first ("نواف سلام … وقال سلام").  Forms flagged ``{always}`` are exempt; so are
forms that are not ordinary words (بوتين in a headline before فلاديمير بوتين).
``find`` treats its text as a document of its own.

Forms flagged ``{suggest}`` give matches with ``suggest=True``: found and shown,
never forced.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from glossary.clitics import FULL_ARTICLE, NO_ARTICLE, Reading, form_article, readings
from glossary.common_words import is_common_word
from glossary.entry import Entry
from glossary.errors import GlossaryError
from glossary.normalize import normalize
from glossary.target_finder import TargetFinder
from glossary.termbase import Glossary

__all__ = ["Match", "Matcher", "TargetFinder"]


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


class _Terminal(NamedTuple):
    entry: Entry
    form: str
    article: bool  # the form starts with the article ال
    allow_article: bool  # without it, the form still matches a word with the article
    suggest: bool  # suggest-only: reported, never forced
    gate: str  # non-empty: counts only once this word was opened in the document
    opens: frozenset[str]  # words whose gates a match of this form opens


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


class _Node:
    __slots__ = ("children", "terminals")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.terminals: list[_Terminal] = []


class Matcher:
    """Finds every glossary form in a text; build once, call ``find`` many times."""

    def __init__(self, glossary: Glossary) -> None:
        self._root: dict[str, _Node] = {}
        owners: dict[tuple[str, ...], str] = {}
        problems: list[str] = []
        accepted: list[tuple[Entry, str, tuple[str, ...], str, list[str]]] = []
        for entry in glossary.entries:
            for form in entry.forms:
                words, first_strict, cores = _form_info(form)
                owner = owners.setdefault(words, entry.target)
                if owner != entry.target:
                    problems.append(
                        f"Arabic form {form!r} maps to both {owner!r} and {entry.target!r}"
                    )
                elif words:
                    accepted.append((entry, form, words, first_strict, cores))
        if problems:
            raise GlossaryError(problems)
        self.gated = _gated((entry, form, cores) for entry, form, _, _, cores in accepted)
        for entry, form, words, first_strict, cores in accepted:
            self._insert(entry, form, words, first_strict, cores)

    def _insert(
        self,
        entry: Entry,
        form: str,
        words: tuple[str, ...],
        first_strict: str,
        cores: list[str],
    ) -> None:
        first, article = form_article(first_strict, words[0])
        node = self._root.setdefault(first, _Node())
        for word in words[1:]:
            node = node.children.setdefault(word, _Node())
        flags = entry.form_flags(form)
        gate = ""
        opens: frozenset[str] = frozenset()
        if len(words) == 1:
            gate = first if first in self.gated and "always" not in flags else ""
        elif self.gated:
            opens = frozenset(c for c in cores if c in self.gated)
        terminal = _Terminal(
            entry,
            form,
            article,
            allow_article=entry.type == "organization" or "article" in flags,
            suggest="suggest" in flags,
            gate=gate,
            opens=opens,
        )
        if not any(t.article == article for t in node.terminals):
            node.terminals.append(terminal)

    def find(self, text: str) -> list[Match]:
        """Matches sorted by start, non-overlapping, longest first; ``text`` is one document."""
        return self._find(text, set())

    def find_document(
        self, texts: Sequence[str], opened: set[str] | None = None
    ) -> list[list[Match]]:
        """Matches in each text of one document (its sentences, in reading order).

        A gated one-word form (see the module docstring) counts only after a longer
        form containing it matched earlier: in an earlier text or earlier in the same
        one.  ``find_document([t])[0] == find(t)``.  ``opened`` carries the gates a
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
            best: tuple[tuple[int, bool, int], Reading, _Terminal, int] | None = None
            for reading in options:
                node = root.get(reading.core)
                j = i
                while node is not None:
                    for terminal in node.terminals:
                        if reading.article == NO_ARTICLE:
                            if terminal.article:
                                continue
                        elif not terminal.article and not terminal.allow_article:
                            continue
                        if terminal.gate and terminal.gate not in opened:
                            continue
                        exact = terminal.article == (reading.article != NO_ARTICLE)
                        rank = (j, exact, -reading.core_at)
                        if best is None or rank > best[0]:
                            best = (rank, reading, terminal, j)
                    j += 1
                    if j >= count or tokens[j].break_before:
                        break
                    following = tokens[j]
                    node = node.children.get(folded[following.start : following.end])
            if best is None:
                i += 1
                continue
            _, reading, terminal, last = best
            shown_at = (
                reading.article_at
                if terminal.article and reading.article == FULL_ARTICLE
                else reading.core_at
            )
            word_start = offsets[token.start]
            start = offsets[token.start + shown_at]
            end = tokens[last].orig_end
            found.append(
                Match(
                    start=start,
                    end=end,
                    source=text[start:end],
                    target=terminal.entry.target,
                    entry=terminal.entry,
                    form=terminal.form,
                    prefix=text[word_start:start],
                    suggest=terminal.suggest,
                )
            )
            opened.update(terminal.opens)
            i = last + 1
        return found


def gated_words(glossary: Glossary) -> frozenset[str]:
    """Folded one-word forms (without article) that count only after a longer form.

    A one-word form is gated when it is a word of a longer form of the glossary and
    an ordinary Arabic word; the word list is read only when such a form exists.
    """
    return _gated((e, f, word_cores(f)) for e in glossary.entries for f in e.forms)


def _gated(forms: Iterable[tuple[Entry, str, list[str]]]) -> frozenset[str]:
    in_longer: set[str] = set()
    single: dict[str, str | None] = {}
    for entry, form, cores in forms:
        if len(cores) > 1:
            in_longer.update(cores)
        elif cores and "always" not in entry.form_flags(form):
            single[cores[0]] = entry.type
    return frozenset(w for w in in_longer.intersection(single) if is_common_word(w, single[w]))
