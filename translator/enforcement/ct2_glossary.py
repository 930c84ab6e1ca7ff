"""Glossary enforcement on the CTranslate2 path: verify the free pass, repair it in place.

CTranslate2 has no lexical constraints, and its one lever, ``target_prefix``,
replays the prefix step by step through the beam (measured: a 90 % prefix
costs as much as the whole decode), so re-decoding after every forced name
would double the cost of nearly every news sentence.  Instead every sentence
is translated freely once (a good model writes most names right), and a
sentence that breaks its requirements is repaired in its own tokens: each
missing target is written in where the decoder's attention was on its Arabic
name, replacing the whole words aligned with that name, and the free words at
the end give way when the length cap is reached.  Only a stray occurrence (a
target the Arabic does not call for, or one too many) costs a decode: the
output is cut before it and decoded again from there with every glossary
target suppressed, since the prefix already holds each as often as required.

Every result is checked with strict mode's own rule (``terms.verify``); the few
a repair cannot satisfy go to the Enforcer's constraint-aware decoder on the
PyTorch model, loaded only then.  So the guarantees are strict mode's, and the
statuses stay honest: a target written by the repair is ``enforced``, one the
model wrote itself is ``ok``.  The price is fluency next to a repaired name:
the words after it were chosen without it (``--backend transformers`` decodes
around the constraints instead).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from translator.decoding.ct2_backend import Ct2Model
from translator.decoding.lengths import output_token_cap
from translator.enforcement.enforce import EnforcedTranslation, Enforcer
from translator.enforcement.terms import (
    Requirement,
    Verdict,
    assign_statuses,
    describe_extra,
    required_counts,
    verify,
)


@dataclass
class _Insertion:
    target: str
    at: int  # token index in the free output the target goes before
    skip_to: int  # free-output tokens [at, skip_to) it replaces
    order: int  # source position, to order insertions at the same place


@dataclass
class Repair:
    """The repaired tokens of one sentence and how many of each target they force.

    ``redecode``: a stray occurrence was cut off, so ``ids`` is only a prefix and
    the rest of the sentence must be decoded again.
    """

    ids: list[int]
    forced: Counter[str]
    redecode: bool


class Ct2Glossary:
    """Strict, check and off modes over a CTranslate2 model, with the Enforcer's rules."""

    def __init__(
        self, enforcer: Enforcer, ct2: Ct2Model, vocab_size: int, torch_model: Callable[[], Any]
    ) -> None:
        self.enforcer = enforcer
        self.ct2 = ct2
        self.vocab_size = vocab_size
        self.torch_model = torch_model  # the last-resort decoder's model, loaded on demand
        self.fallbacks = 0  # sentences handed to the PyTorch constrained decoder, for reports

    # ------------------------------------------------------------------ helpers
    @property
    def _decoder(self) -> Any:
        return self.enforcer.decoder(self.vocab_size)

    def _spelling(self, target: str) -> tuple[int, ...]:
        """Token ids that write `` target``; empty when the vocabulary cannot."""
        ids, unknown = self._decoder.spell(target)
        return () if unknown else ids

    def _suppressed(self) -> list[tuple[int, ...]]:
        spelled = (self._spelling(t) for t in dict.fromkeys(self.enforcer.targets))
        return [ids for ids in spelled if ids]

    def _acceptable(self, verdict: Verdict) -> bool:
        """Satisfied, or short only of targets no decoder could write (as strict mode allows)."""
        return not verdict.extra and all(not self._spelling(t) for t in verdict.missing)

    def _result(
        self, reqs: list[Requirement], text: str, forced: Counter[str] | None = None
    ) -> EnforcedTranslation:
        enforcer = self.enforcer
        need = required_counts(reqs)
        verdict = verify(text, need, enforcer.finder)
        warnings: list[str] = []
        if enforcer.mode != "off":
            warnings = enforcer._spelling_warnings(reqs, self.vocab_size)
        if enforcer.mode == "check":
            warnings += describe_extra(verdict.extra, need)
        produced = {
            t: ["ok"] * (verdict.found[t] - n) + ["enforced"] * n for t, n in (forced or {}).items()
        }
        return EnforcedTranslation(text, assign_statuses(reqs, produced, verdict.found), warnings)

    # ------------------------------------------------------------------ entry point
    def translate(
        self,
        sources: list[str],
        *,
        num_beams: int,
        batch_size: int,
        progress: Callable[[int], None] | None = None,
        counts: list[int] | None = None,
        requirements: list[list[Requirement]] | None = None,
    ) -> list[EnforcedTranslation]:
        """Translate ``sources`` under the glossary, in order; ``counts`` gets output lengths.

        ``requirements`` (per source) come from the sources' documents; without them
        each source is matched on its own.
        """
        ct2, enforcer = self.ct2, self.enforcer
        strict = enforcer.mode == "strict"
        reqs = (
            requirements
            if requirements is not None
            else [enforcer.requirements(s) for s in sources]
        )
        pieces = [ct2.source_tokens(s) for s in sources]
        free = ct2.decode(
            pieces,
            num_beams=num_beams,
            max_sentences=batch_size,
            attention=strict,
            progress=progress,
        )
        ids: list[list[int] | None] = [d.ids for d in free]
        texts = [ct2.text(d.ids) for d in free]
        results: list[EnforcedTranslation | None] = [None] * len(sources)
        repairs: dict[int, Repair] = {}
        failed: list[int] = []
        for i, text in enumerate(texts):
            if not strict or self._acceptable(
                verify(text, required_counts(reqs[i]), enforcer.finder)
            ):
                results[i] = self._result(reqs[i], text)
                continue
            attention = free[i].attention or []
            repair = self.plan(sources[i], pieces[i], free[i].ids, attention, reqs[i])
            if repair is None:
                failed.append(i)
            else:
                repairs[i] = repair
        redo = [i for i, r in repairs.items() if r.redecode]
        redone = ct2.decode(
            [pieces[i] for i in redo],
            num_beams=num_beams,
            max_sentences=batch_size,
            prefixes=[repairs[i].ids for i in redo],
            suppress=self._suppressed(),
        )
        for i, decoded in zip(redo, redone, strict=True):
            repairs[i].ids = decoded.ids
        for i, repair in repairs.items():
            texts[i], ids[i] = ct2.text(repair.ids), repair.ids
            if self._acceptable(verify(texts[i], required_counts(reqs[i]), enforcer.finder)):
                results[i] = self._result(reqs[i], texts[i], repair.forced)
            else:
                failed.append(i)
        if failed:
            self.fallbacks += len(failed)
            rescued = enforcer.repair(
                self.torch_model(),
                [sources[i] for i in failed],
                [texts[i] for i in failed],
                num_beams=num_beams,
                batch_size=batch_size,
                requirements=[reqs[i] for i in failed],
            )
            for i, result in zip(failed, rescued, strict=True):
                results[i], ids[i] = result, None
        done = [r if r is not None else EnforcedTranslation("") for r in results]
        if counts is not None:
            tok = ct2.tokenizer
            counts.extend(
                len(n) if n is not None else len(tok(text_target=r.target).input_ids) - 1
                for n, r in zip(ids, done, strict=True)
            )
        return done

    # ------------------------------------------------------------------ planning
    def plan(
        self,
        source: str,
        source_pieces: list[str],
        free_ids: list[int],
        attention: Sequence[Sequence[float]],
        reqs: list[Requirement],
    ) -> Repair | None:
        """The forced prefix that repairs ``free_ids``, or None when no prefix fits the cap."""
        texts = [self._decoder.vocab.texts[t] for t in free_ids]
        starts = [0]
        for piece in texts:
            starts.append(starts[-1] + len(piece))

        def token_at(char: int) -> int:
            return bisect_right(starts, char) - 1

        need = required_counts(reqs)
        running: Counter[str] = Counter()
        kept: list[tuple[int, int]] = []  # token ranges of occurrences that count
        cut = len(free_ids)
        for start, end, target in self.enforcer.finder.find("".join(texts)):
            if running[target] < need[target]:
                running[target] += 1
                kept.append((token_at(start), token_at(end - 1) + 1))
            else:
                cut = token_at(start)
                break
        if kept and kept[-1][1] > cut:
            return None
        inside = {k for a, b in kept for k in range(a + 1, b)}
        word_start = [k for k in range(cut) if k not in inside and _edge(texts[k])]
        slots = [*word_start, cut] if cut not in inside else word_start
        spans = _source_spans(source, source_pieces)
        insertions: list[_Insertion] = []
        for target in need:
            if not self._spelling(target):
                continue  # unspellable: reported missing, as strict mode does
            pending = [r for r in reqs if r.target == target][running[target] :]
            for req in pending:
                aligned = {j for j, (a, b) in enumerate(spans) if a < req.end and b > req.start}
                at = max(slots, key=lambda k: _weight(attention, k, aligned))
                skip = at
                while (
                    skip < cut
                    and skip not in {a for a, _ in kept}
                    and _argmax_in(attention, skip, aligned)
                ):
                    skip += 1
                    while skip < cut and not _edge(texts[skip]) and skip not in inside:
                        skip += 1  # whole words only, so the target never glues to a fragment
                insertions.append(_Insertion(target, at, skip, req.start))
        return self._assemble(free_ids, texts, kept, cut, insertions, len(source_pieces))

    def _assemble(
        self,
        free_ids: list[int],
        texts: list[str],
        kept: list[tuple[int, int]],
        cut: int,
        insertions: list[_Insertion],
        source_len: int,
    ) -> Repair | None:
        insertions.sort(key=lambda ins: (ins.at, ins.order))
        protected = {k for a, b in kept for k in range(a, b)}
        skipped: set[int] = set()
        by_place: dict[int, list[str]] = {}
        for ins in insertions:
            skipped.update(k for k in range(ins.at, ins.skip_to) if k not in protected)
            by_place.setdefault(ins.at, []).append(ins.target)
        words: list[tuple[list[int], bool]] = []  # (ids, removable) in order
        for k in range(cut + 1):
            for target in by_place.get(k, []):
                words.append((list(self._spelling(target)), False))
            if k == cut or k in skipped:
                continue
            if k in protected or _edge(texts[k]) or not words or not words[-1][1]:
                words.append(([free_ids[k]], k not in protected))
            else:
                words[-1][0].append(free_ids[k])
        cap = output_token_cap(source_len) - 1
        length = sum(len(ids) for ids, _ in words)
        # Too long (a random model never stops): free words give way from the end, the
        # last one only in part; a target never does.
        for index in range(len(words) - 1, -1, -1):
            if length <= cap:
                break
            ids, removable = words[index]
            if removable:
                keep = max(0, len(ids) - (length - cap))
                length -= len(ids) - keep
                words[index] = (ids[:keep], True)
        if length > cap:
            return None
        forced = Counter(ins.target for ins in insertions)
        return Repair([t for ids, _ in words for t in ids], forced, cut < len(free_ids))


def _edge(piece: str) -> bool:
    """Whether a target may stand right before this piece without gluing to it.

    TargetFinder counts a target only on token edges: the piece after it must
    not start with a letter or digit unless it starts a new word.
    """
    return not piece[:1].isalnum()


def _source_spans(source: str, pieces: list[str]) -> list[tuple[int, int]]:
    """Approximate character span of each source piece (``</s>`` gets an empty span)."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in pieces:
        text = piece.replace("▁", " ")
        if piece == "</s>":
            spans.append((len(source), len(source)))
            continue
        stripped = text.lstrip()
        found = source.find(stripped, cursor) if stripped else -1
        start = found if found >= 0 and found - cursor <= 2 else cursor
        spans.append((start, start + len(stripped)))
        cursor = start + len(stripped)
    return spans


def _weight(attention: Sequence[Sequence[float]], k: int, aligned: set[int]) -> float:
    if k >= len(attention):
        return -1.0  # after the last token: only when nothing else is free
    return sum(attention[k][j] for j in aligned if j < len(attention[k]))


def _argmax_in(attention: Sequence[Sequence[float]], k: int, aligned: set[int]) -> bool:
    if k >= len(attention) or not aligned:
        return False
    row = attention[k]
    return max(range(len(row)), key=row.__getitem__) in aligned
