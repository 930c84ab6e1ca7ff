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
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from glossary.clitics import FULL_ARTICLE, NO_ARTICLE, Reading, form_article, readings
from glossary.entry import Entry
from glossary.errors import GlossaryError
from glossary.normalize import form_tokens, normalize
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
        for entry in glossary.entries:
            for form in entry.forms:
                words, first_strict = form_tokens(form)
                owner = owners.setdefault(words, entry.target)
                if owner != entry.target:
                    problems.append(
                        f"Arabic form {form!r} maps to both {owner!r} and {entry.target!r}"
                    )
                elif words:
                    self._insert(entry, form, words, first_strict)
        if problems:
            raise GlossaryError(problems)

    def _insert(self, entry: Entry, form: str, words: tuple[str, ...], first_strict: str) -> None:
        first, article = form_article(first_strict, words[0])
        node = self._root.setdefault(first, _Node())
        for word in words[1:]:
            node = node.children.setdefault(word, _Node())
        if not any(t.article == article for t in node.terminals):
            node.terminals.append(_Terminal(entry, form, article))

    def find(self, text: str) -> list[Match]:
        """Matches sorted by start, non-overlapping, longest first."""
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
                        if terminal.article and reading.article == NO_ARTICLE:
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
                )
            )
            i = last + 1
        return found

    def find_document(self, texts: Sequence[str]) -> list[list[Match]]:
        """Matches in each text of one document (its sentences, in reading order).

        Rules that depend on what came earlier in the document (a short form that
        is also a common word counts only after its full name) are applied here;
        ``find`` sees one text alone.
        """
        return [self.find(text) for text in texts]
