"""Glossary enforcement: which sentences need the constrained decoder, and what to report.

Modes:

* ``strict`` — every requirement is met and no target is inserted.  Sentences
  with requirements go straight to the constrained decoder (a free pass first
  would cost a second decode for nearly every news sentence); statuses stay
  honest because the decoder records whether each target came from the
  model's own top-k (``ok``) or had to be forced (``enforced``).  Sentences
  without requirements are translated freely and kept when no glossary target
  shows up in them; otherwise they are re-decoded with the stray targets
  banned.  ``repair`` does the same after any free pass (e.g. CTranslate2):
  outputs that already satisfy their sentence are kept as ``ok``.
* ``check`` — free translation; requirements not met are ``missing`` and
  false insertions are listed in warnings.
* ``off`` — free translation; terms are still reported (``ok``/``missing``, it
  costs nothing) but nothing is warned about.

A target the model's vocabulary cannot spell is warned about in every mode but
``off`` and reported ``missing`` unless the English has it anyway.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from glossary.matcher import Matcher, TargetFinder
from glossary.termbase import Glossary
from translator.decoding.batching import length_sorted_batches
from translator.decoding.lengths import output_token_cap
from translator.enforcement.terms import (
    Requirement,
    TermStatus,
    assign_statuses,
    describe_extra,
    required_counts,
    sentence_requirements,
    verify,
)

MODES = ("strict", "check", "off")


@dataclass
class EnforcedTranslation:
    """English for one sentence, with the status of every glossary term found in its Arabic."""

    target: str
    terms: list[TermStatus] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class Enforcer:
    """Holds a glossary to a translation; build once per glossary and tokenizer."""

    def __init__(
        self,
        glossary: Glossary,
        tokenizer: Any,
        mode: str = "strict",
        *,
        max_output_tokens: int = 512,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown enforcement mode {mode!r}; use one of {', '.join(MODES)}")
        self.mode = mode
        self.max_output_tokens = max_output_tokens  # output_token_cap's limit
        self.tokenizer = tokenizer
        self.matcher = Matcher(glossary)
        self.targets = [e.target for e in glossary.entries]
        self.finder = TargetFinder(self.targets)
        self._decoders: dict[int, Any] = {}

    def requirements(self, sentence: str) -> list[Requirement]:
        return sentence_requirements(sentence, self.matcher)

    def decoder(self, vocab_size: int) -> Any:
        """The constrained decoder for a model of this vocabulary size (built once)."""
        if vocab_size not in self._decoders:
            from translator.decoding.constrained import ConstrainedDecoder

            self._decoders[vocab_size] = ConstrainedDecoder(
                self.tokenizer, self.targets, vocab_size
            )
        return self._decoders[vocab_size]

    def unspellable(self, target: str, vocab_size: int) -> list[str]:
        """Pieces of ``target`` missing from the vocabulary (empty when it can be written)."""
        return self.decoder(vocab_size).spell(target)[1]

    # ------------------------------------------------------------------ entry points
    def translate(
        self,
        model: Any,
        sources: list[str],
        free_translate: Callable[[list[str]], list[str]],
        *,
        num_beams: int,
        batch_size: int,
        progress: Callable[[int], None] | None = None,
        requirements: list[list[Requirement]] | None = None,
    ) -> list[EnforcedTranslation]:
        """Translate ``sources`` under the glossary, in order.

        ``requirements`` (per source) come from the document the sources belong to;
        without them each source is matched on its own.
        """
        reqs = requirements if requirements is not None else [self.requirements(s) for s in sources]
        if self.mode == "strict":
            free_idx = [i for i, r in enumerate(reqs) if not r]
        else:
            free_idx = list(range(len(sources)))
        free_out = free_translate([sources[i] for i in free_idx]) if free_idx else []
        outputs: list[str | None] = [None] * len(sources)
        for i, text in zip(free_idx, free_out, strict=True):
            outputs[i] = text
        return self._finish(model, sources, reqs, outputs, num_beams, batch_size, progress)

    def repair(
        self,
        model: Any,
        sources: list[str],
        free_outputs: list[str],
        *,
        num_beams: int,
        batch_size: int,
        progress: Callable[[int], None] | None = None,
        requirements: list[list[Requirement]] | None = None,
    ) -> list[EnforcedTranslation]:
        """Apply the glossary to outputs of any free pass: keep what passes, re-decode the rest."""
        reqs = requirements if requirements is not None else [self.requirements(s) for s in sources]
        outputs: list[str | None] = list(free_outputs)
        return self._finish(model, sources, reqs, outputs, num_beams, batch_size, progress)

    # ------------------------------------------------------------------ internals
    def _finish(
        self,
        model: Any,
        sources: list[str],
        reqs: list[list[Requirement]],
        outputs: list[str | None],
        num_beams: int,
        batch_size: int,
        progress: Callable[[int], None] | None,
    ) -> list[EnforcedTranslation]:
        vocab_size = model.config.vocab_size if self.mode != "off" else 0
        results: list[EnforcedTranslation | None] = [None] * len(sources)
        redo: list[int] = []
        for i, text in enumerate(outputs):
            if text is None:
                redo.append(i)
                continue
            required = required_counts(reqs[i])
            verdict = verify(text, required, self.finder)
            if self.mode == "strict" and not verdict.satisfied:
                redo.append(i)
                continue
            warnings = self._spelling_warnings(reqs[i], vocab_size) if self.mode != "off" else []
            if self.mode == "check":
                warnings += describe_extra(verdict.extra, required)
            terms = assign_statuses(reqs[i], {}, verdict.found)
            results[i] = EnforcedTranslation(text, terms, warnings)
        if progress is not None and len(redo) < len(sources):
            progress(len(sources) - len(redo))
        if redo:
            self._constrained(model, sources, reqs, redo, results, num_beams, batch_size, progress)
        return [r if r is not None else EnforcedTranslation("") for r in results]

    def _spelling_warnings(self, reqs: list[Requirement], vocab_size: int) -> list[str]:
        warnings = []
        for target in dict.fromkeys(r.target for r in reqs):
            unknown = self.unspellable(target, vocab_size)
            if unknown:
                warnings.append(
                    f"glossary target {target!r} cannot be spelled by the model's vocabulary "
                    f"(unknown pieces: {' '.join(unknown)}); it cannot be enforced"
                )
        return warnings

    def _constrained(
        self,
        model: Any,
        sources: list[str],
        reqs: list[list[Requirement]],
        todo: list[int],
        results: list[EnforcedTranslation | None],
        num_beams: int,
        batch_size: int,
        progress: Callable[[int], None] | None,
    ) -> None:
        import torch

        decoder = self.decoder(model.config.vocab_size)
        tok = self.tokenizer
        encoded = [tok(sources[i]).input_ids for i in todo]
        lengths = [len(ids) for ids in encoded]
        for batch in length_sorted_batches(lengths, batch_size, max_tokens=4096):
            width = max(lengths[j] for j in batch)
            input_ids = torch.full((len(batch), width), tok.pad_token_id, dtype=torch.long)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            for row, j in enumerate(batch):
                input_ids[row, : lengths[j]] = torch.tensor(encoded[j])
                mask[row, : lengths[j]] = 1
            required = [dict(required_counts(reqs[todo[j]])) for j in batch]
            caps = [output_token_cap(lengths[j], self.max_output_tokens) for j in batch]
            decoded = decoder.decode(model, input_ids, mask, required, caps, num_beams)
            for j, res in zip(batch, decoded, strict=True):
                i = todo[j]
                text = tok.decode(res.token_ids, skip_special_tokens=True).strip()
                need: Counter[str] = required_counts(reqs[i])
                verdict = verify(text, need, self.finder)
                warnings = self._spelling_warnings(reqs[i], model.config.vocab_size)
                if not res.ok:
                    warnings.append(
                        "constrained decoding found no translation that keeps every glossary "
                        "name within the length limit; the terms marked missing are not in it"
                    )
                warnings += describe_extra(verdict.extra, need)
                terms = assign_statuses(reqs[i], res.produced, verdict.found)
                results[i] = EnforcedTranslation(text, terms, warnings)
            if progress is not None:
                progress(len(batch))
