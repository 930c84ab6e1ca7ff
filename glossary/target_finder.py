"""Finding glossary targets in English text (to check a translation kept them).

English is matched exactly: same letters, same case, whole words.  Text and
targets are split into tokens (runs of letters/digits, and single symbols), so
a target is found only where it starts and ends on token edges: ``Putin`` is
found in ``Putin's``, ``Putin’s``, ``pro-Putin`` and ``(Putin)`` but not in
``Putinism``.  Between the tokens of a target, whitespace in the target must
be whitespace in the text (any run, but not a line break) and no whitespace
must be no whitespace (``COVID-19`` is not ``COVID - 19``).  Targets are kept
in a trie of tokens, so cost does not depend on how many there are.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

_TOKEN = re.compile(r"[^\W_]+|\S")
_LINE_BREAK = re.compile(r"[\n\r\x0b\x0c\x85\u2028\u2029]")


def _tokens(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, token, gap) where gap is "" (attached), " " (space) or "\\n" (line break)."""
    out: list[tuple[int, int, str, str]] = []
    previous_end = 0
    for m in _TOKEN.finditer(text):
        between = text[previous_end : m.start()]
        gap = "\n" if _LINE_BREAK.search(between) else (" " if between else "")
        out.append((m.start(), m.end(), m.group(), gap))
        previous_end = m.end()
    return out


class TargetFinder:
    """Exact, whole-word occurrences of English targets; longest target wins."""

    def __init__(self, targets: Iterable[str]) -> None:
        self._root: dict[str, dict] = {}
        for target in targets:
            tokens = _tokens(target.strip())
            if not tokens:
                continue
            node = self._root.setdefault(tokens[0][2], {})
            for _, _, token, gap in tokens[1:]:
                node = node.setdefault((gap, token), {})
            node[None] = target.strip()

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, target) for every occurrence, sorted, non-overlapping."""
        tokens = _tokens(text)
        found: list[tuple[int, int, str]] = []
        i = 0
        while i < len(tokens):
            node = self._root.get(tokens[i][2])
            best: tuple[int, str] | None = None
            j = i
            while node is not None:
                if None in node:
                    best = (j, node[None])
                j += 1
                if j >= len(tokens) or tokens[j][3] == "\n":
                    break
                node = node.get((tokens[j][3], tokens[j][2]))
            if best is None:
                i += 1
                continue
            last, target = best
            found.append((tokens[i][0], tokens[last][1], target))
            i = last + 1
        return found

    def count(self, text: str) -> Counter[str]:
        """How many times each target occurs."""
        return Counter(target for _, _, target in self.find(text))
