"""Which token ids write a glossary target, and how many names a sentence can hold.

A target is spellable when its tokens decode back to exactly the target: a
vocabulary that lacks a piece (``Łódź``) or normalizes it away (``ﬁrst`` →
``first``) could force those tokens forever and never write the name.  After
an opening bracket or quote the name is spelled without its word-initial
space, so a forced name reads ``(Putin)``, not ``( Putin)``.

Hand-written: the tokenizer knows pieces, not whether they round-trip to a
given string, and no library plans names into an output budget.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from translator.decoding.lengths import output_token_cap
from translator.enforcement.terms import Requirement

_SPACE = re.compile(r"\s+")
# Characters after which a name is written without a space.
OPENERS = "([{«“‘„"
QUOTES = "\"'"


def normalize_target(target: str) -> str:
    """Targets compare with whitespace runs as one space, as TargetFinder does."""
    return _SPACE.sub(" ", target.strip())


def opens_a_word(text: str) -> str | None:
    """The opening bracket or quote ``text`` ends with (a name goes right after it), if any."""
    if not text:
        return None
    last = text[-1]
    if last in OPENERS:
        return last
    if last in QUOTES and (len(text) == 1 or text[-2].isspace()):
        return last
    return None


class Speller:
    """Spellings of glossary targets in one tokenizer's target vocabulary (cached)."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer
        self.eos_id: int = tokenizer.eos_token_id
        self.unk_id: int = tokenizer.unk_token_id
        self._cache: dict[str, tuple[tuple[int, ...], str | None]] = {}
        self._tight: dict[tuple[str, str], tuple[int, ...] | None] = {}

    def _decode(self, ids: Sequence[int]) -> str:
        return self.tokenizer.decode(list(ids), skip_special_tokens=True).strip()

    def _look_up(self, target: str) -> tuple[tuple[int, ...], str | None]:
        target = normalize_target(target)
        if target not in self._cache:
            tok = self.tokenizer
            ids = tuple(i for i in tok(text_target=target).input_ids if i != self.eos_id)
            problem = None
            pieces = tok.spm_target.encode(target, out_type=str)
            unknown = [p for p in pieces if tok.convert_tokens_to_ids(p) == self.unk_id]
            if unknown or self.unk_id in ids:
                problem = f"unknown pieces: {' '.join(unknown) or '<unk>'}"
            else:
                written = normalize_target(self._decode(ids))
                if written != target:
                    problem = f"its pieces read {written!r}"
            self._cache[target] = (ids, problem)
        return self._cache[target]

    def ids(self, target: str) -> tuple[int, ...]:
        """Token ids that write `` target`` as a word of its own; empty when none can."""
        ids, problem = self._look_up(target)
        return () if problem else ids

    def problem(self, target: str) -> str | None:
        """Why ``target`` cannot be written (None when it can)."""
        return self._look_up(target)[1]

    def warning(self, target: str) -> str | None:
        problem = self.problem(target)
        if problem is None:
            return None
        return (
            f"glossary target {target!r} cannot be spelled by the model's vocabulary "
            f"({problem}); it cannot be enforced"
        )

    def after(self, target: str, opener: str | None) -> tuple[int, ...]:
        """Ids for ``target`` right after ``opener`` with no space between; else ``ids``."""
        if opener is None or not self.ids(target):
            return self.ids(target)
        key = (normalize_target(target), opener)
        if key not in self._tight:
            self._tight[key] = self._spell_after(key[0], opener)
        return self._tight[key] or self.ids(target)

    def _spell_after(self, target: str, opener: str) -> tuple[int, ...] | None:
        tok = self.tokenizer
        pieces = tok.spm_target.encode(opener + target, out_type=str)
        written = ""
        cut = 0
        while cut < len(pieces) and written.strip() != opener:
            written += pieces[cut].replace("▁", " ")
            cut += 1
            if written.strip() != opener and len(written.strip()) >= len(opener):
                return None  # the opener is glued to the name's first piece
        if written.strip() != opener:
            return None
        head = tok.convert_tokens_to_ids(pieces[:cut])
        rest = tok.convert_tokens_to_ids(pieces[cut:])
        if not rest or self.unk_id in rest or self.unk_id in head:
            return None
        if self._decode(head + rest) != opener + target:
            return None
        return tuple(rest)


def output_budget(
    speller: Speller,
    requirements: Sequence[Requirement],
    source_tokens: int,
    max_output_tokens: int,
) -> tuple[list[Requirement], list[Requirement], int]:
    """Owed requirements that can be forced, those that cannot fit, and the output cap.

    The cap is the usual ``output_token_cap``, raised as far as the model's
    positions allow when the names need more.  Names that would not fit even
    then (a long list of names) are kept in source order as far as they fit;
    the rest are reported missing, never sent to a decoder that cannot hold them.
    """
    owed = [r for r in requirements if not r.suggest and speller.ids(r.target)]
    limit = max_output_tokens - 1  # text tokens; the last position is EOS
    kept: list[Requirement] = []
    used = 0
    for req in owed:
        size = len(speller.ids(req.target))
        if used + size > limit:
            break
        kept.append(req)
        used += size
    unfit = owed[len(kept) :]
    cap = min(max_output_tokens, max(output_token_cap(source_tokens, max_output_tokens), used + 1))
    return kept, unfit, cap
