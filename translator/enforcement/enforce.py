"""Glossary enforcement on the PyTorch model: which sentences need constraints, and what to report.

Modes:

* ``strict`` — every name the glossary finds in the Arabic is in the English,
  once per occurrence.  Every sentence is translated freely first; one whose
  English already holds every owed name is kept as the model wrote it (its
  names ``ok``, any glossary string it wrote on its own reported ``extra``).
  The others are decoded again by the constraint-aware beam search, which
  reports per occurrence whether the model chose the name (``ok``) or had to
  be made to write it (``enforced``).  With ``remove_extras`` a sentence with
  extras is decoded again too, with exact counts.
* ``check`` — free translation; names not in it are ``missing``.
* ``off`` — free translation; terms are still reported (it costs nothing) but
  nothing is warned about.

A target the vocabulary cannot write exactly is warned about in every mode
but ``off`` and reported ``missing`` unless the English has it anyway; names
that cannot fit the model's output positions are reported the same way.  A
sentence the decoder fails on is isolated: it keeps its free translation with
a warning, and the rest of the batch is decoded without it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from glossary.matcher import Matcher, TargetFinder
from glossary.termbase import Glossary
from translator.decoding.batching import length_sorted_batches, padded
from translator.decoding.constrained import ConstrainedDecoder, source_spans
from translator.enforcement.flags import flag_terms
from translator.enforcement.spelling import Speller, output_budget
from translator.enforcement.terms import (
    Requirement,
    TermStatus,
    allowed_counts,
    required_counts,
    sentence_requirements,
    statuses_from_counts,
    verify,
)
from translator.errors import first_line

MODES = ("strict", "check", "off")

# Last-resort paths a sentence can take, each shown to the user (JSON lines, summary line).
PYTORCH_FALLBACK = "pytorch-fallback"  # forced-prefix decoding could not place a name
SPLIT_TO_FIT = "split-to-fit"  # cut at clause boundaries so its names fit the output
NAMES_UNFIT = "names-unfit"  # some names cannot fit the model's output positions
ENFORCEMENT_ERROR = "enforcement-error"  # the decoder failed; the free translation is kept
TRANSLATION_ERROR = "translation-error"  # even free decoding failed; the English is empty
LAST_RESORTS = (PYTORCH_FALLBACK, SPLIT_TO_FIT, NAMES_UNFIT, ENFORCEMENT_ERROR, TRANSLATION_ERROR)


@dataclass
class EnforcedTranslation:
    """English for one sentence, with the status of every glossary term found in it.

    ``last_resort`` names the last-resort paths (``LAST_RESORTS``) it took.
    """

    target: str
    terms: list[TermStatus] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    last_resort: list[str] = field(default_factory=list)


@dataclass
class Budget:
    """What strict mode can force in one sentence: owed names that fit, and the output cap."""

    owed: list[Requirement]
    cap: int  # output positions, EOS included
    warnings: list[str]
    last_resort: list[str]


def failure_warning(err: BaseException) -> str:
    detail = first_line(err)
    kind = type(err).__name__ + (f": {detail}" if detail else "")
    return (
        f"glossary enforcement failed on this sentence ({kind}); it keeps its free "
        "translation, and the names marked missing are not in it"
    )


class Enforcer:
    """Holds a glossary to a translation; build once per glossary and tokenizer."""

    def __init__(
        self,
        glossary: Glossary,
        tokenizer: Any,
        mode: str = "strict",
        *,
        remove_extras: bool = False,
        max_output_tokens: int = 512,
        matcher: Matcher | None = None,
    ) -> None:
        """``matcher``: the glossary's compiled matcher when the caller has one
        (``glossary.load_compiled``), so a large glossary is not compiled again."""
        if mode not in MODES:
            raise ValueError(f"unknown enforcement mode {mode!r}; use one of {', '.join(MODES)}")
        self.mode = mode
        self.remove_extras = remove_extras and mode == "strict"
        self.max_output_tokens = max_output_tokens  # the model's output positions
        self.tokenizer = tokenizer
        self.matcher = matcher if matcher is not None else Matcher(glossary)
        self.targets = [e.target for e in glossary.entries]
        self.finder = TargetFinder(self.targets)
        self.speller = Speller(tokenizer)
        self._decoders: dict[int, Any] = {}

    def requirements(self, sentence: str) -> list[Requirement]:
        return sentence_requirements(sentence, self.matcher)

    def decoder(self, vocab_size: int) -> Any:
        """The constrained decoder for a model of this vocabulary size (built once)."""
        if vocab_size not in self._decoders:
            self._decoders[vocab_size] = ConstrainedDecoder(
                self.tokenizer, self.targets, vocab_size
            )
        return self._decoders[vocab_size]

    # ------------------------------------------------------------------ shared rules
    def spelling_warnings(self, reqs: Sequence[Requirement]) -> list[str]:
        found = (self.speller.warning(t) for t in dict.fromkeys(r.target for r in reqs))
        return [w for w in found if w]

    def budget(self, reqs: Sequence[Requirement], source_tokens: int) -> Budget:
        """Owed names that can be forced in a sentence of ``source_tokens`` input tokens."""
        owed, unfit, cap = output_budget(self.speller, reqs, source_tokens, self.max_output_tokens)
        warnings = self.spelling_warnings(reqs) if self.mode != "off" else []
        last_resort: list[str] = []
        if unfit and self.mode == "strict":
            names = ", ".join(dict.fromkeys(r.target for r in unfit))
            warnings.append(
                f"{len(unfit)} glossary name(s) ({names}) do not fit the model's "
                f"{self.max_output_tokens} output positions together with the others in this "
                "sentence; they are not enforced and are marked missing unless the model "
                "wrote them"
            )
            last_resort.append(NAMES_UNFIT)
        return Budget(owed, cap, warnings, last_resort)

    def needs_work(
        self, reqs: Sequence[Requirement], owed: Sequence[Requirement], text: str
    ) -> bool:
        """Whether strict mode must decode ``text`` again.

        It must when an owed name is short, or when an extra is there and the
        user asked to remove extras.
        """
        verdict = verify(text, required_counts(owed), self.finder, allowed_counts(reqs))
        return bool(verdict.missing) or (self.remove_extras and bool(verdict.extra))

    def free_result(
        self, reqs: Sequence[Requirement], text: str, budget: Budget | None = None
    ) -> EnforcedTranslation:
        """A translation decoding was not made to change: every name in it is the model's own."""
        warnings = budget.warnings if budget is not None else []
        if budget is None and self.mode != "off":
            warnings = self.spelling_warnings(reqs)
        last_resort = list(budget.last_resort) if budget is not None else []
        terms = statuses_from_counts(reqs, text, self.finder)
        return EnforcedTranslation(text, terms, list(warnings), last_resort)

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
        return self.repair(
            model, sources, free_translate(sources), num_beams=num_beams,
            batch_size=batch_size, progress=progress, requirements=requirements,
        )  # fmt: skip

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
        last_resort: str | None = None,
    ) -> list[EnforcedTranslation]:
        """Hold outputs of any free pass to the glossary: keep what passes, re-decode the rest.

        ``last_resort``, when given, is recorded (with a warning) on every sentence
        re-decoded here: the CTranslate2 path marks its fallbacks this way.
        """
        reqs = requirements if requirements is not None else [self.requirements(s) for s in sources]
        tok = self.tokenizer
        results: list[EnforcedTranslation | None] = [None] * len(sources)
        redo: list[tuple[int, Budget]] = []
        for i, text in enumerate(free_outputs):
            budget = self.budget(reqs[i], len(tok(sources[i]).input_ids))
            if self.mode == "strict" and self.needs_work(reqs[i], budget.owed, text):
                redo.append((i, budget))
            else:
                results[i] = self.free_result(reqs[i], text, budget)
        if progress is not None and len(redo) < len(sources):
            progress(len(sources) - len(redo))
        if redo:
            self._constrained(
                model, sources, free_outputs, reqs, redo, results, num_beams, batch_size,
                progress, last_resort,
            )  # fmt: skip
        return [r if r is not None else EnforcedTranslation("") for r in results]

    # ------------------------------------------------------------------ internals
    def _constrained(
        self,
        model: Any,
        sources: list[str],
        free_outputs: list[str],
        reqs: list[list[Requirement]],
        todo: list[tuple[int, Budget]],
        results: list[EnforcedTranslation | None],
        num_beams: int,
        batch_size: int,
        progress: Callable[[int], None] | None,
        last_resort: str | None,
    ) -> None:
        tok = self.tokenizer
        encoded = [tok(sources[i]).input_ids for i, _ in todo]
        # where each owed name's Arabic is in the source tokens: the decoder starts a
        # name where the alignment head reads it, not wherever the search has room
        spans = [source_spans(tok, sources[i], budget.owed) for i, budget in todo]
        lengths = [len(ids) for ids in encoded]
        for batch in length_sorted_batches(lengths, batch_size, max_tokens=4096):
            outcomes = self._decode_isolated(model, encoded, spans, todo, batch, num_beams)
            for j, outcome in zip(batch, outcomes, strict=True):
                i, budget = todo[j]
                if isinstance(outcome, BaseException):
                    failed = self.free_result(reqs[i], free_outputs[i], budget)
                    failed.warnings.append(failure_warning(outcome))
                    failed.last_resort.append(ENFORCEMENT_ERROR)
                    results[i] = failed
                    continue
                text = tok.decode(outcome.token_ids, skip_special_tokens=True).strip()
                warnings = list(budget.warnings)
                marks = list(budget.last_resort)
                if last_resort is not None:
                    warnings.append(
                        "forced-prefix decoding could not place every glossary name in this "
                        "sentence; it was decoded again by the PyTorch constrained decoder"
                    )
                    marks.append(last_resort)
                if not outcome.ok:
                    warnings.append(
                        "constrained decoding found no translation that keeps every glossary "
                        "name within the length limit; the terms marked missing are not in it"
                    )
                terms = statuses_from_counts(reqs[i], text, self.finder, outcome.produced)
                terms = flag_terms(terms, sources[i], free_outputs[i], text, self.finder)
                results[i] = EnforcedTranslation(text, terms, warnings, marks)
            if progress is not None:
                progress(len(batch))

    def _decode_isolated(
        self,
        model: Any,
        encoded: list[list[int]],
        spans: list[list[tuple[str, int, int]]],
        todo: list[tuple[int, Budget]],
        rows: list[int],
        num_beams: int,
    ) -> list[Any]:
        """Constrained results for ``rows``; a row that fails alone gets its exception."""
        try:
            return self._decode_rows(model, encoded, spans, todo, rows, num_beams)
        except Exception as err:
            if len(rows) == 1:
                return [err]
        out: list[Any] = []
        for row in rows:
            try:
                out.extend(self._decode_rows(model, encoded, spans, todo, [row], num_beams))
            except Exception as err:
                out.append(err)
        return out

    def _decode_rows(
        self,
        model: Any,
        encoded: list[list[int]],
        spans: list[list[tuple[str, int, int]]],
        todo: list[tuple[int, Budget]],
        rows: list[int],
        num_beams: int,
    ) -> list[Any]:
        tok = self.tokenizer
        decoder = self.decoder(model.config.vocab_size)
        input_ids, mask = padded([encoded[j] for j in rows], tok.pad_token_id)
        required = [dict(required_counts(todo[j][1].owed)) for j in rows]
        caps = [todo[j][1].cap for j in rows]
        return decoder.decode(
            model, input_ids, mask, required, caps, num_beams, spans=[spans[j] for j in rows]
        )
