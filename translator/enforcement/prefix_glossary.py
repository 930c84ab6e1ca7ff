"""Glossary enforcement by forced-prefix continuation: decode on from each forced name.

The same algorithm runs on every backend: it asks only for the operations of
``translator.decoding.backend.Backend``, which ``Ct2Model`` (CTranslate2, the fast
default path) and ``TorchPrefixModel`` (transformers ``generate`` on the PyTorch
model, ``--backend transformers``) both give, so the same English gets the same
statuses on either.

Every sentence is translated freely once, with the alignment attention (OPUS-MT
models are trained with an alignment head; CTranslate2 returns it).  A good
model writes most names right, so most sentences are done here, and a
sentence without names is exactly the free translation.

A sentence whose English lacks an owed name is decoded again from where the
name belongs: the free English is kept up to the model's own rendering of the
name's Arabic (the output tokens whose attention peaks on it), the name's
tokens are forced, and the decoder writes the rest of the sentence with the
name in context (the prefix is replayed through the decoder: see
``Ct2Model.continue_from`` for why not CTranslate2's one-pass
``return_alternatives``).  The model's rendering of the words the name
covers is suppressed in that continuation, so the name replaces it instead
of standing beside it.  A
second prefix adds the model's own next word past the name's Arabic after the
name: a model that has never written the name itself may not find its way on
alone.  Each prefix is decoded on from its ``ALTERNATIVES`` likeliest first
tokens, and the continuation whose words after the name stay closest to the
model's own words there is kept (``log_probs`` breaks ties).  Where the
attention does not show a rendering (the model dropped the name), the two
likeliest places are tried the same way.  Several missing names are placed
left to right, one round each.  Nothing is inserted or deleted after
decoding: every output is a decoder's own, from a forced prefix, or a
decoder's own up to where it re-joined the sentence's current output.

Continuations are decoded in short windows (``WINDOWS``): one whose last words
are the current output's words at the same places (``_rejoin``) takes that
output's rest instead of decoding it again; the others are decoded on to the
end.  Every round's windows of all sentences go to the backend together
(``continue_batch``: one call per suppress list and window size and replica);
continuations whose suppress lists can be joined without suppressing anything
their sentence holds share one (``_share_suppression``).  The step that forces
the model's own next word is decoded only when the plain step did not write
that word itself.  docs/design/enforcement-speed.md says why re-joining is
safe and what it costs.

Extras (glossary strings the model wrote for Arabic the glossary did not
match) are kept and reported; with ``remove_extras`` the sentence is decoded
again from before each one with it suppressed.  What this cannot do goes to
the Enforcer's constraint-aware decoder on the PyTorch model, loaded only
then, and is flagged (``pytorch-fallback``) in the warnings, the JSON lines
and the summary line.

Hand-written: neither CTranslate2 nor transformers has lexical constraints
that keep the model's own words around a name; choosing where a name goes
from the attention is this module's own.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from itertools import pairwise
from typing import Any

from translator.decoding.backend import Backend, Continuation, Decoded
from translator.enforcement.enforce import (
    ENFORCEMENT_ERROR,
    PYTORCH_FALLBACK,
    Budget,
    EnforcedTranslation,
    Enforcer,
    failure_warning,
)
from translator.enforcement.flags import flag_terms
from translator.enforcement.spelling import opens_a_word
from translator.enforcement.terms import (
    Requirement,
    allowed_counts,
    required_counts,
    term_statuses,
    verify,
)

# Slots tried (and scored) for a name whose rendering the attention does not show.
CANDIDATE_SLOTS = 2
# Continuations decoded from each forced name: one per likeliest first token after it.
ALTERNATIVES = 1
# How many of the model's likeliest tokens after a name are searched for one that does not
# glue to it, widening once.
UNGLUE_CANDIDATES = (16, 64)
# Tokens decoded past the prefix in each window after a forced name (None: to the cap).
WINDOWS: tuple[int | None, ...] = (12, None)
# Complete words a window must end with, token for token the current output's words at the
# same places, to take that output's rest instead of decoding it.
REJOIN_WORDS = 2
# Offsets (in words) at which a window may meet the current output, the same places first.
REJOIN_SHIFTS = (0, -1, 1, -2, 2)
# Whether those words must be the same tokens (True) or the same text in any pieces.
REJOIN_BY_TOKENS = False
# Continuations of one round whose suppress lists can be joined without suppressing in any
# of them a sequence it holds share one list (and so one CTranslate2 call).
SHARE_SUPPRESSION = True


class _Unplaceable(Exception):
    """The fast path cannot place this sentence's names; the PyTorch decoder gets it."""


@dataclass
class _Sentence:
    """A sentence being worked on: its current output and what was forced into it."""

    index: int
    source: str
    pieces: list[str]  # source pieces, ``</s>`` included
    spans: list[tuple[int, int]]  # character span of each source piece
    reqs: list[Requirement]
    budget: Budget
    ids: list[int]
    attention: list[list[float]]
    free_ids: list[int] = field(default_factory=list)  # the free translation, kept on errors
    # How often each target may appear: the Arabic's matches plus the free translation's
    # own extras (unless they are to be removed); never more.
    allowed: Counter[str] = field(default_factory=Counter)
    forced: list[tuple[int, int]] = field(default_factory=list)  # token ranges of forced names
    frozen: int = 0  # tokens before this are settled
    banned: list[tuple[int, ...]] = field(default_factory=list)  # removed extras stay out
    rounds: int = 0


@dataclass
class _Step:
    """One continuation: the prefix to force and what the continuation must not write."""

    prefix: list[int]
    forced: tuple[int, int] | None  # token range of the name in the prefix
    target: str | None
    suppress: list[tuple[int, ...]]
    req: Requirement | None = None  # the requirement the name answers
    resume: int | None = None  # where the current output's words past the name's slot begin
    rendering: tuple[str, ...] = ()  # the words of the model's rendering the name replaces


@dataclass
class _Job:
    """A continuation being decoded window by window."""

    n: int  # which sentence of the round
    s: _Sentence
    step: _Step
    prefix: list[int]
    rows: list[list[float]]  # attention rows known for the prefix
    windows: int = 0

    def continuation(self) -> Continuation:
        cap = self.s.budget.cap - 1
        size = WINDOWS[min(self.windows, len(WINDOWS) - 1)]
        if self.step.forced is None or self.step.resume is None or size is None:
            stop = cap
        else:
            stop = min(cap, len(self.prefix) + size)
        suppress = tuple(tuple(seq) for seq in self.step.suppress)
        return Continuation(self.s.pieces, self.prefix, stop, cap, suppress, self.rows)


@dataclass(frozen=True)
class Rejoin:
    """A window that re-joined the current output, kept for benchmarks to audit."""

    source: list[str]
    window: list[int]  # the continuation up to the re-joining point
    own: list[int]  # the current output up to the same point
    output: list[int]  # what was kept: window + the current output's rest
    cap: int
    suppress: list[tuple[int, ...]]


@dataclass
class _Layout:
    """An output's text as its pieces spell it, with each token's start in that text."""

    text: str
    starts: list[int]  # len(ids) + 1 entries
    pieces: list[str]

    def token_at(self, char: int) -> int:
        return bisect_right(self.starts, char) - 1

    def word_start(self, k: int) -> bool:
        if k == 0 or k >= len(self.pieces):
            return True
        piece, before = self.pieces[k], self.pieces[k - 1]
        return piece[:1].isspace() or not piece[:1].isalnum() or not before[-1:].isalnum()


class PrefixGlossary:
    """Strict, check and off modes by forced-prefix decoding, with the Enforcer's rules.

    ``runtime`` decodes (any ``Backend``); ``torch_model`` gives the PyTorch
    model for the last-resort constrained decoder, loaded only when it is needed.
    """

    def __init__(
        self,
        enforcer: Enforcer,
        runtime: Backend,
        torch_model: Callable[[], Any],
    ) -> None:
        self.enforcer = enforcer
        self.runtime = runtime
        self.torch_model = torch_model  # the last-resort decoder's model, loaded on demand
        self.fallbacks = 0  # sentences handed to the PyTorch constrained decoder, for reports
        self.windows: Counter[str] = Counter()  # continuations that re-joined or ended
        self.rejoins: list[Rejoin] | None = None  # set to a list to keep every re-join
        self._texts: dict[int, str] = {}

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
        runtime, enforcer = self.runtime, self.enforcer
        strict = enforcer.mode == "strict"
        reqs = (
            requirements
            if requirements is not None
            else [enforcer.requirements(s) for s in sources]
        )
        pieces = [runtime.source_tokens(s) for s in sources]
        budgets = [enforcer.budget(reqs[i], len(pieces[i])) for i in range(len(sources))]
        results: list[EnforcedTranslation | None] = [None] * len(sources)
        ids: list[list[int] | None] = [None] * len(sources)
        work: list[_Sentence] = []

        def arrived(i: int, decoded: Decoded) -> None:
            text = runtime.text(decoded.ids)
            ids[i] = decoded.ids
            if strict and enforcer.needs_work(reqs[i], budgets[i].owed, text):
                allowed = allowed_counts(reqs[i])
                if not enforcer.remove_extras:
                    allowed |= enforcer.finder.count(text)
                work.append(
                    _Sentence(
                        i, sources[i], pieces[i], _source_spans(sources[i], pieces[i]), reqs[i],
                        budgets[i], list(decoded.ids), decoded.attention or [], list(decoded.ids),
                        allowed,
                    )
                )  # fmt: skip
                return
            results[i] = enforcer.free_result(reqs[i], text, budgets[i])
            if progress is not None:
                progress(1)

        free = runtime.decode(
            pieces, num_beams=num_beams, max_sentences=batch_size, attention=strict,
            on_result=arrived,
        )  # fmt: skip
        failed = self._place_names(work, num_beams, results, ids, progress)
        if failed:
            self._fall_back(
                failed, sources, free, reqs, results, ids, num_beams, batch_size, progress
            )
        done = [r if r is not None else EnforcedTranslation("") for r in results]
        if counts is not None:
            tok = runtime.tokenizer
            counts.extend(
                len(n) if n is not None else len(tok(text_target=r.target).input_ids) - 1
                for n, r in zip(ids, done, strict=True)
            )
        return done

    def _fall_back(
        self,
        failed: list[int],
        sources: list[str],
        free: list[Decoded],
        reqs: list[list[Requirement]],
        results: list[EnforcedTranslation | None],
        ids: list[list[int] | None],
        num_beams: int,
        batch_size: int,
        progress: Callable[[int], None] | None,
    ) -> None:
        """The PyTorch constrained decoder for what forced-prefix decoding could not place."""
        self.fallbacks += len(failed)
        texts = [self.runtime.text(free[i].ids) for i in failed]
        try:
            rescued = self.enforcer.repair(
                self.torch_model(), [sources[i] for i in failed], texts, num_beams=num_beams,
                batch_size=batch_size, progress=progress,
                requirements=[reqs[i] for i in failed], last_resort=PYTORCH_FALLBACK,
            )  # fmt: skip
        except Exception as err:  # e.g. the PyTorch model cannot be loaded
            rescued = []
            for i, text in zip(failed, texts, strict=True):
                kept = self.enforcer.free_result(reqs[i], text, self.enforcer.budget(reqs[i], 0))
                kept.warnings.append(failure_warning(err))
                kept.last_resort.append(ENFORCEMENT_ERROR)
                rescued.append(kept)
        for i, result in zip(failed, rescued, strict=True):
            results[i], ids[i] = result, None

    # ------------------------------------------------------------------ placing names
    def _place_names(
        self,
        work: list[_Sentence],
        num_beams: int,
        results: list[EnforcedTranslation | None],
        ids: list[list[int] | None],
        progress: Callable[[int], None] | None,
    ) -> list[int]:
        """Place every missing name of ``work`` left to right; return the sentences that failed."""
        failed: list[int] = []
        active = list(work)
        while active:
            steps: list[tuple[_Sentence, list[_Step]]] = []
            for s in active:
                try:
                    planned = self._next_steps(s)
                except _Unplaceable:
                    failed.append(s.index)
                    continue
                except Exception as err:  # isolate: this sentence keeps its free output
                    results[s.index] = self._finish(s, error=err)
                    ids[s.index] = s.free_ids
                    if progress is not None:
                        progress(1)
                    continue
                if planned:
                    steps.append((s, planned))
                    continue
                done = self._finish(s)
                if done is None:
                    failed.append(s.index)
                    continue
                results[s.index], ids[s.index] = done, s.ids
                if progress is not None:
                    progress(1)
            active = self._run_steps(steps, num_beams, failed, results, ids, progress)
        return failed

    def _run_steps(
        self,
        steps: list[tuple[_Sentence, list[_Step]]],
        num_beams: int,
        failed: list[int],
        results: list[EnforcedTranslation | None],
        ids: list[list[int] | None],
        progress: Callable[[int], None] | None,
    ) -> list[_Sentence]:
        """Decode every planned continuation (side by side), keep the best per sentence.

        Best: the closest to the current output's own words past the name's slot
        (``_closeness``), then the likeliest under ``score_batch``.
        """
        runtime = self.runtime
        decoded = self._decode_planned(steps, num_beams)
        still: list[_Sentence] = []
        scoring: list[tuple[int, int]] = []  # (sentence in steps, candidate) needing a score
        outcomes: list[list[tuple[_Step, Decoded]]] = []
        for n, ((s, _), outs) in enumerate(zip(steps, decoded, strict=True)):
            got: list[tuple[_Step, Decoded]] = []
            try:
                if isinstance(outs, BaseException):
                    raise outs
                raws = list(outs)
                # Continuations that keep the name and add none are taken as they are; only
                # when there is none are the others decoded again (one by one, slower).
                clean = [(st, d) for st, d in raws if self._clean(s, st, d)]
                for step, raw in clean or raws:
                    decoded = raw if clean else self._settle(s, step, raw, num_beams)
                    if decoded is not None and all(decoded.ids != d.ids for _, d in got):
                        got.append((step, decoded))
            except Exception as err:
                results[s.index], ids[s.index] = self._finish(s, error=err), s.free_ids
                if progress is not None:
                    progress(1)
                outcomes.append([])
                continue
            if not got:
                failed.append(s.index)
                outcomes.append([])
                continue
            outcomes.append(got)
            close = [_closeness(s, step, d, self.runtime.text) for step, d in got]
            closest = [c for c, v in enumerate(close) if v == max(close)]
            if len(closest) > 1:  # equally close: the likelier sentence under the model
                scoring.extend((n, c) for c in closest)
        scores: dict[tuple[int, int], float] = {}
        if scoring:
            values = runtime.log_probs(
                [steps[n][0].pieces for n, _ in scoring],
                [outcomes[n][c][1].ids for n, c in scoring],
            )
            scores = dict(zip(scoring, values, strict=True))
        for n, ((s, _), got) in enumerate(zip(steps, outcomes, strict=True)):
            if not got:
                continue  # failed above: with an error, or no continuation kept the name
            best = max(
                range(len(got)),
                key=lambda c: (_closeness(s, *got[c], self.runtime.text), scores.get((n, c), 0.0)),
            )
            self._advance(s, *got[best])
            still.append(s)
        return still

    # ------------------------------------------------------------------ windows
    def _decode_planned(
        self, steps: list[tuple[_Sentence, list[_Step]]], num_beams: int
    ) -> list[list[tuple[_Step, Decoded]] | BaseException]:
        """Every planned continuation decoded, in ``planned`` order (or the sentence's error).

        A step that forces the model's own next word after the name (``_own_word``)
        is decoded only when the same name's plain step did not write that word
        right after the name itself: when it did, the two prefixes are the same
        and so is what follows.
        """
        plain = [(s, [st for st in planned if not _onward(st)]) for s, planned in steps]
        first = self._decode_windows(plain, num_beams)
        later: list[tuple[_Sentence, list[_Step]]] = []
        for (s, planned), (_, bases), outs in zip(steps, plain, first, strict=True):
            wanted: list[_Step] = []
            if not isinstance(outs, BaseException):
                for step in planned:
                    if _onward(step) and not any(
                        base.forced == step.forced
                        and out.ids[: len(step.prefix)] == step.prefix
                        and (len(out.ids) == len(step.prefix) or self._starts_word(out.ids, step))
                        for base, out in zip(bases, outs, strict=True)
                    ):
                        wanted.append(step)
            later.append((s, wanted))
        second = self._decode_windows(later, num_beams) if any(w for _, w in later) else []
        merged: list[list[tuple[_Step, Decoded]] | BaseException] = []
        for n, ((_, planned), (_, bases), outs) in enumerate(zip(steps, plain, first, strict=True)):
            more = second[n] if second else []
            if isinstance(outs, BaseException) or isinstance(more, BaseException):
                merged.append(outs if isinstance(outs, BaseException) else more)
                continue
            got = dict(zip(map(id, bases), outs, strict=True))
            got |= dict(zip(map(id, later[n][1]), more, strict=True))
            merged.append([(st, got[id(st)]) for st in planned if id(st) in got])
        return merged

    def _starts_word(self, ids: list[int], step: _Step) -> bool:
        """Whether a new word begins right after ``step``'s prefix in ``ids``."""
        layout = self._layout(ids[: len(step.prefix) + 1])
        return layout.word_start(len(step.prefix))

    def _decode_windows(
        self, steps: list[tuple[_Sentence, list[_Step]]], num_beams: int
    ) -> list[list[Decoded] | BaseException]:
        """Every planned continuation of a round, decoded window by window, all batched.

        Each continuation after a forced name is decoded ``WINDOWS[0]`` tokens
        past its prefix; one that is back on the sentence's current output
        (``_rejoin``) takes that output's rest instead of decoding it again, one that
        ended is done, and the others are decoded on from where their window
        stopped, in longer windows, until they re-join or end.  Every round's
        windows of all sentences go to the backend in one ``continue_batch``.
        Per sentence: its continuations in ``planned`` order, or the error that
        stopped them.
        """
        jobs: list[_Job] = []
        for n, (s, planned) in enumerate(steps):
            for step in planned:
                kept = step.forced[0] if step.forced is not None else len(step.prefix)
                jobs.append(_Job(n, s, step, list(step.prefix), s.attention[:kept]))
        done: dict[int, Decoded] = {}
        errors: dict[int, BaseException] = {}
        pending = list(range(len(jobs)))
        while pending:
            conts = [jobs[k].continuation() for k in pending]
            if SHARE_SUPPRESSION:
                _share_suppression(conts, [jobs[k] for k in pending])
            for k, out in zip(pending, self._decode_isolated(conts, num_beams), strict=True):
                job = jobs[k]
                if isinstance(out, BaseException):
                    errors.setdefault(job.n, out)
                    continue
                joined = None if out.ended else self._rejoin(job.s, job.step, out)
                if out.ended or joined is not None:
                    done[k] = joined or out
                    self.windows["rejoined" if joined is not None else "ended"] += 1
                    continue
                job.prefix, job.rows, job.windows = out.ids, out.attention or [], job.windows + 1
            pending = [k for k in pending if k not in done and jobs[k].n not in errors]
        per: list[list[Decoded] | BaseException] = [[] for _ in steps]
        for k, job in enumerate(jobs):
            got = per[job.n]
            if job.n in errors:
                per[job.n] = errors[job.n]
            elif isinstance(got, list):
                got.append(done[k])
        return per

    def _decode_isolated(
        self, conts: list[Continuation], num_beams: int
    ) -> list[Decoded | BaseException]:
        """All continuations in one batch; when the batch fails, each alone, so a failing
        one costs only its own sentence."""
        try:
            return list(self.runtime.continue_batch(conts, num_beams=num_beams)())
        except Exception:
            if len(conts) == 1:
                raise
        out: list[Decoded | BaseException] = []
        for cont in conts:
            try:
                out.extend(self.runtime.continue_batch([cont], num_beams=num_beams)())
            except Exception as err:
                out.append(err)
        return out

    def _rejoin(self, s: _Sentence, step: _Step, out: Decoded) -> Decoded | None:
        """``out`` with the current output's rest after it, when its window is back on it.

        Back on it: the window's last ``REJOIN_WORDS`` complete words after the name
        (split at spaces) are the current output's words at the same places past
        the name's slot, as text (``REJOIN_BY_TOKENS``: token for token); the
        window's last word may be cut and is not counted.  A window a word or two
        off those places (it skipped or added a word, ``REJOIN_SHIFTS``) re-joins
        where one more word agrees; what it skipped is flagged (``flags``).
        The rest then comes from that output, with its attention rows, instead of
        being decoded again (docs/design/enforcement-speed.md says why that is
        safe).  None when it is not back on it, or when the rest holds a sequence
        this continuation suppresses.
        """
        if step.forced is None or step.resume is None:
            return None
        lay, own_lay = self._layout(out.ids), self._layout(s.ids)
        mine = _spaced_words(lay, step.forced[1], len(out.ids))[:-1]
        own = _spaced_words(own_lay, step.resume, len(s.ids))
        m = len(mine)

        def same(x: int, y: int, u: int, v: int) -> bool:
            if REJOIN_BY_TOKENS:
                return out.ids[x:y] == s.ids[u:v]
            return (
                lay.text[lay.starts[x] : lay.starts[y]].strip()
                == own_lay.text[own_lay.starts[u] : own_lay.starts[v]].strip()
            )

        # The same places first; then a word or two off (the window skipped or added
        # one), where one more word must agree.
        for shift in REJOIN_SHIFTS:
            need = REJOIN_WORDS + (shift != 0)
            last = m - 1 + shift  # the current output's word the window's last one meets
            if m < need or last < need - 1 or last >= len(own):
                continue
            if all(same(*mine[m - 1 - k], *own[last - k]) for k in range(need)):
                break
        else:
            return None
        end, own_end = mine[-1][1], own[last][1]
        rest = s.ids[own_end:]
        if any(_occurs(seq, rest) for seq in step.suppress):
            return None
        cap = s.budget.cap - 1
        ids = (out.ids[:end] + rest)[:cap]
        rows = ((out.attention or [])[:end] + s.attention[own_end:])[: len(ids)]
        if self.rejoins is not None:
            self.rejoins.append(
                Rejoin(list(s.pieces), out.ids[:end], s.ids[:own_end], ids, cap, step.suppress)
            )
        return Decoded(ids, rows, None, True)

    def _advance(self, s: _Sentence, step: _Step, decoded: Decoded) -> None:
        cut = len(step.prefix) if step.forced is None else step.forced[0]
        s.forced = [f for f in s.forced if f[1] <= cut]
        if step.forced is not None:
            s.forced.append(step.forced)
            s.frozen = step.forced[1]
        else:
            s.frozen = len(step.prefix)
            s.banned = list(dict.fromkeys([*s.banned, *step.suppress]))
        s.ids = list(decoded.ids)
        s.attention = decoded.attention or []
        s.rounds += 1

    def _settle(
        self, s: _Sentence, step: _Step, decoded: Decoded | None, num_beams: int
    ) -> Decoded | None:
        """``decoded`` if the name reads as itself, the continuation does not write the
        name's Arabic again and brings in no glossary name; else decoded again without
        what went wrong (None when that fails).

        Enforcement never adds a name: a target the continuation writes beyond
        what the Arabic allows and the free translation had is suppressed, and
        the continuation decoded again.
        """
        for _ in range(4):
            if decoded is None:
                return None
            if not self._kept_name(decoded, step):
                decoded = self._unglued(s, step, num_beams)
                continue
            again = self._respelled(decoded, step)
            if again:  # its rendering again, in other pieces than the suppressed ones
                step = replace(step, suppress=list(dict.fromkeys([*step.suppress, again])))
                (decoded,) = self._continue(s, step, num_beams)
                continue
            over = self._uninvited(s, decoded)
            if over:
                spell = self.enforcer.speller
                banned = [tuple(spell.ids(t)) for t in over if spell.ids(t)]
                if len(banned) < len(over):
                    return None
                s.banned = list(dict.fromkeys([*s.banned, *banned]))
                step = replace(step, suppress=list(dict.fromkeys([*step.suppress, *banned])))
                (decoded,) = self._continue(s, step, num_beams)
                continue
            return decoded
        return None

    def _clean(self, s: _Sentence, step: _Step, decoded: Decoded) -> bool:
        return (
            self._kept_name(decoded, step)
            and not self._respelled(decoded, step)
            and not self._uninvited(s, decoded)
        )

    def _respelled(self, decoded: Decoded, step: _Step) -> tuple[int, ...]:
        """The tokens of the word right after the name when it is a word of the rendering
        the name replaced (empty when it is not).

        Suppressing the rendering's tokens does not stop a model that can spell the
        same word in other pieces ("▁b w t n" banned, "▁ b w t n" written).
        """
        if step.forced is None or not step.rendering:
            return ()
        layout = self._layout(decoded.ids)
        start = step.forced[1]
        if start >= len(decoded.ids):  # nothing after the name (the output ends there)
            return ()
        end = start + 1
        while end < len(decoded.ids) and not layout.pieces[end][:1].isspace():
            end += 1
        while start < end and not layout.pieces[start].strip():
            start += 1
        if start >= end:
            return ()
        word = self.runtime.text(decoded.ids[step.forced[1] : end]).strip()
        return tuple(decoded.ids[step.forced[1] : end]) if word in step.rendering else ()

    def _continue(self, s: _Sentence, step: _Step, num_beams: int) -> list[Decoded]:
        return self.runtime.continue_from(
            s.pieces,
            step.prefix,
            num_beams=num_beams,
            max_tokens=s.budget.cap - 1,
            suppress=step.suppress,
        )()

    def _uninvited(self, s: _Sentence, decoded: Decoded) -> list[str]:
        """Targets the output holds more often than the sentence allows."""
        found = self.enforcer.finder.count(self._layout(decoded.ids).text)
        return [t for t, n in found.items() if n > s.allowed[t]]

    def _unglued(self, s: _Sentence, step: _Step, num_beams: int) -> Decoded | None:
        """Decode on after the name from the model's best token that does not glue to it.

        The model's first choice after a forced name can be a word piece ("in" after
        "Putin"), which would make another word of the name; the likeliest token
        that starts a new word (or ends the sentence) is taken instead.
        """
        if step.forced is None:
            return None
        eos = self.runtime.eos_id
        for count in UNGLUE_CANDIDATES:
            tokens = self.runtime.next_tokens(
                s.pieces, step.prefix, count=count, suppress=step.suppress
            )
            for token in tokens:
                if token == eos:
                    return Decoded(list(step.prefix), [])
                if not self._piece(token)[:1].isalnum():
                    prefix = [*step.prefix, token]
                    return self._continue(s, replace(step, prefix=prefix), num_beams)[0]
        return None

    def _kept_name(self, decoded: Decoded, step: _Step) -> bool:
        """Whether the forced name reads as itself in the output (not glued into a longer one)."""
        if step.forced is None or step.target is None:
            return True
        layout = self._layout(decoded.ids)
        a, b = step.forced
        return any(
            target == step.target and layout.token_at(start) >= a and layout.token_at(end - 1) < b
            for start, end, target in self.enforcer.finder.find(layout.text)
        )

    # ------------------------------------------------------------------ planning
    def _next_steps(self, s: _Sentence) -> list[_Step]:
        """Continuations that place the leftmost missing name (or drop the leftmost unwanted
        extra); empty when the sentence is done."""
        enforcer = self.enforcer
        if s.rounds > 2 * len(s.budget.owed) + 4:
            raise _Unplaceable
        layout = self._layout(s.ids)
        found = [
            (layout.token_at(start), layout.token_at(end - 1) + 1, target)
            for start, end, target in enforcer.finder.find(layout.text)
        ]
        missing, taken = self._pair(s, found)
        if missing:
            return self._place(s, layout, found, taken, missing)
        if enforcer.remove_extras:
            return self._drop_extra(s, found)
        return []

    def _pair(
        self, s: _Sentence, found: list[tuple[int, int, str]]
    ) -> tuple[list[Requirement], set[int]]:
        """Owed requirements no occurrence answers, and the occurrences that answer one.

        With several requirements of one target, each occurrence goes to the one
        its tokens attend to most, so the name the model did write keeps its place.
        """
        missing: list[Requirement] = []
        taken: set[int] = set()
        for target in dict.fromkeys(r.target for r in s.budget.owed):
            owed = [r for r in s.budget.owed if r.target == target]
            occ = [k for k, (_, _, t) in enumerate(found) if t == target]
            if len(owed) == 1 or not occ or not s.attention:
                answered = min(len(owed), len(occ))
                taken.update(occ[:answered])
                missing.extend(owed[answered:])
                continue
            pairs = sorted(
                (
                    (-self._mass(s, found[k][0], found[k][1], r), k, n)
                    for k in occ
                    for n, r in enumerate(owed)
                ),
            )
            used_occ: set[int] = set()
            used_req: set[int] = set()
            for _, k, n in pairs:
                if k not in used_occ and n not in used_req:
                    used_occ.add(k)
                    used_req.add(n)
            taken.update(used_occ)
            missing.extend(r for n, r in enumerate(owed) if n not in used_req)
        missing.sort(key=lambda r: r.start)
        return missing, taken

    def _aligned(self, s: _Sentence, req: Requirement) -> set[int]:
        return {j for j, (a, b) in enumerate(s.spans) if a < req.end and b > req.start}

    def _mass(self, s: _Sentence, a: int, b: int, req: Requirement) -> float:
        aligned = self._aligned(s, req)
        return sum(s.attention[t][j] for t in range(a, min(b, len(s.attention))) for j in aligned)

    def _place(
        self,
        s: _Sentence,
        layout: _Layout,
        found: list[tuple[int, int, str]],
        taken: set[int],
        missing: list[Requirement],
    ) -> list[_Step]:
        protected = {t for k in taken for t in range(found[k][0], found[k][1])}
        slots = {id(r): self._slots(s, layout, protected, r) for r in missing}
        req = min(missing, key=lambda r: (slots[id(r)][0][0], r.start))
        spell = self.enforcer.speller
        room = s.budget.cap - 1 - sum(len(spell.ids(r.target)) for r in missing if r is not req)
        steps: list[_Step] = []
        for a, b in slots[id(req)]:
            opener = opens_a_word(layout.text[: layout.starts[a]]) if a else None
            name = list(spell.after(req.target, opener))
            if a + len(name) > room:  # keep room for the names still to come
                fits = [k for k in range(s.frozen, room - len(name) + 1) if layout.word_start(k)]
                if not fits:
                    raise _Unplaceable
                a = b = fits[-1]
                opener = opens_a_word(layout.text[: layout.starts[a]]) if a else None
                name = list(spell.after(req.target, opener))
            suppress = self._rendering(s, layout, a, b, found, req)
            forced = (a, a + len(name))
            rendering = tuple(
                w for w in self.runtime.text(s.ids[a:b]).split() if any(c.isalnum() for c in w)
            )
            plain = _Step(s.ids[:a] + name, forced, req.target, suppress, req, b, rendering)
            own = self._own_word(s, layout, b, req)
            onward = replace(plain, prefix=plain.prefix + own) if own else None
            for step in (plain, onward):
                if step is not None and all(step.prefix != other.prefix for other in steps):
                    steps.append(step)
        return steps

    def _own_word(self, s: _Sentence, layout: _Layout, b: int, req: Requirement) -> list[int]:
        """The current output's first word past the name's slot and its Arabic, if any.

        Forced right after the name, it puts the decoder back where its own
        translation went on, which a model that has never written the name
        itself may not find alone ("Russia's ..." where its own words go on
        "walathad ...").  A word whose attention is on the name's Arabic is the
        model's rendering of it, never the way on.
        """
        skip = self._aligned(s, req) | self._clitic(s, req)
        rows = s.attention
        for t in range(b, min(len(s.ids), len(rows))):
            if not layout.pieces[t].strip():
                continue
            if not rows[t] or _argmax(rows[t]) in skip or s.ids[t] == self.runtime.eos_id:
                return []
            w = t  # the whole word up to the next space: "b`laqath", not "b"
            while w > b and not layout.pieces[w][:1].isspace():
                w -= 1
            end = t + 1
            while end < len(s.ids) and not layout.pieces[end][:1].isspace():
                end += 1
            return [i for i in s.ids[w:end] if i != self.runtime.eos_id]
        return []

    def _slots(
        self, s: _Sentence, layout: _Layout, protected: set[int], req: Requirement
    ) -> list[tuple[int, int]]:
        """Where ``req``'s name may go: ``[(start, end)]`` of the model's rendering of its
        Arabic, or, when the attention shows none, the likeliest word starts (end == start)."""
        aligned = self._aligned(s, req)
        n = len(s.ids)
        rows = s.attention
        free = [t for t in range(s.frozen, min(n, len(rows))) if t not in protected]
        peaks = [t for t in free if rows[t] and _argmax(rows[t]) in aligned]
        if peaks:
            a = w = peaks[0]
            while w > s.frozen and not layout.word_start(w) and w - 1 not in protected:
                w -= 1
            # The name replaces the whole word, unless the word's first tokens render the
            # clitic attached to the name (وبوتين → "w" of "wbwtyn"): those stay.
            clitic = self._clitic(s, req)
            if not clitic or any(_argmax(rows[t]) not in clitic for t in range(w, a)):
                a = w
            while a > s.frozen and a - 1 not in protected and not layout.pieces[a - 1].strip():
                a -= 1  # a bare space piece before the word is the word's (no double space)
            b = a
            peak_set = set(peaks)
            while b < n and b not in protected:
                end = b + 1
                while end < n and not layout.word_start(end):
                    end += 1
                if not any(t in peak_set for t in range(b, end)) and b > a:
                    break
                b = end
            return [(a, b)]
        starts = [t for t in free if layout.word_start(t)]
        if n >= s.frozen and n not in protected:
            starts.append(n)

        def weight(t: int) -> float:
            return sum(rows[t][j] for j in aligned if j < len(rows[t])) if t < len(rows) else 0.0

        ranked = sorted(starts, key=lambda t: (-weight(t), t))[:CANDIDATE_SLOTS]
        if not ranked:
            ranked = [max(s.frozen, min(n, len(s.ids)))]
        return [(t, t) for t in ranked]

    def _clitic(self, s: _Sentence, req: Requirement) -> set[int]:
        """Source pieces of what is attached in front of the name in its word (و, لل, ...)."""
        word_start = req.start
        while word_start > 0 and not s.source[word_start - 1].isspace():
            word_start -= 1
        if word_start == req.start:
            return set()
        return {j for j, (a, b) in enumerate(s.spans) if a < req.start and b > word_start}

    def _rendering(
        self,
        s: _Sentence,
        layout: _Layout,
        a: int,
        b: int,
        found: list[tuple[int, int, str]],
        req: Requirement,
    ) -> list[tuple[int, ...]]:
        """Token sequences the continuation after the name must not write.

        The words of the model's own rendering of the name's Arabic (unless the
        word is common: written elsewhere in the sentence too), the name itself
        when no further occurrence of it is owed or already written after the
        slot, and extras removed earlier.
        """
        words = _words(layout, s.ids)
        inside = [(max(x, a), min(y, b)) for x, y in words if x < b and y > a]
        outside = Counter(tuple(s.ids[x:y]) for x, y in words if y <= a or x >= b)
        banned: list[tuple[int, ...]] = list(s.banned)
        for x, y in inside:
            seq = tuple(s.ids[x:y])
            text = "".join(layout.pieces[x:y])
            if outside[seq] == 0 and any(c.isalnum() for c in text):
                banned.append(seq)
        later = [t for start, _, t in found if start >= b]
        owed = [r for r in s.budget.owed if r.target == req.target]
        written_before = sum(1 for start, _, t in found if t == req.target and start < a)
        if req.target not in later and written_before + 1 >= len(owed):
            banned.append(tuple(self.enforcer.speller.ids(req.target)))
        return list(dict.fromkeys(banned))

    def _drop_extra(self, s: _Sentence, found: list[tuple[int, int, str]]) -> list[_Step]:
        """Cut before the leftmost extra and decode on with its target suppressed."""
        allowed = allowed_counts(s.reqs)
        seen: Counter[str] = Counter()
        for start, _, target in found:
            seen[target] += 1
            if seen[target] > allowed[target]:
                spelled = self.enforcer.speller.ids(target)
                if not spelled or start < 0:
                    raise _Unplaceable
                suppress = list(dict.fromkeys([*s.banned, tuple(spelled)]))
                return [_Step(s.ids[:start], None, None, suppress)]
        return []

    # ------------------------------------------------------------------ results
    def _finish(
        self, s: _Sentence, error: BaseException | None = None
    ) -> EnforcedTranslation | None:
        """The sentence's result, or None when it still breaks strict mode's promise."""
        enforcer = self.enforcer
        if error is not None:
            kept = enforcer.free_result(s.reqs, self.runtime.text(s.free_ids), s.budget)
            kept.warnings.append(failure_warning(error))
            kept.last_resort.append(ENFORCEMENT_ERROR)
            s.ids = s.free_ids
            return kept
        text = self.runtime.text(s.ids)
        verdict = verify(
            text, required_counts(s.budget.owed), enforcer.finder, allowed_counts(s.reqs)
        )
        if verdict.missing or (enforcer.remove_extras and verdict.extra):
            return None
        ranges = [
            (len(self.runtime.text(s.ids[:a])), len(self.runtime.text(s.ids[:b])))
            for a, b in s.forced
        ]
        occurrences = [
            (target, "enforced" if any(x < end and start < y for x, y in ranges) else "ok")
            for start, end, target in enforcer.finder.find(text)
        ]
        terms = flag_terms(
            term_statuses(s.reqs, occurrences), s.source, self.runtime.text(s.free_ids), text,
            enforcer.finder,
        )  # fmt: skip
        return EnforcedTranslation(
            text, terms, list(s.budget.warnings), list(s.budget.last_resort)
        )  # fmt: skip

    def _layout(self, ids: Sequence[int]) -> _Layout:
        pieces = [self._piece(i) for i in ids]
        starts = [0]
        for piece in pieces:
            starts.append(starts[-1] + len(piece))
        return _Layout("".join(pieces), starts, pieces)

    def _piece(self, token: int) -> str:
        if token not in self._texts:
            piece = self.runtime.tokenizer.convert_ids_to_tokens(token) or ""
            self._texts[token] = piece.replace("▁", " ")
        return self._texts[token]


def _closeness(
    s: _Sentence, step: _Step, decoded: Decoded, text_of: Callable[[Sequence[int]], str]
) -> float:
    """How close a continuation's words after the name stay to the current output's own.

    Between continuations that each keep the name and add none, the one that
    goes on with the sentence as the model had it (not one that skips or
    repeats its words) is kept: a choice between decoder outputs, nothing
    copied into them.  Compared word by word: a model may spell one word in
    several ways of pieces.
    """
    if step.forced is None or step.resume is None:
        return 0.0
    own = text_of(s.ids[step.resume :]).split()
    written = text_of(decoded.ids[step.forced[1] :]).split()
    return SequenceMatcher(None, own, written, autojunk=False).ratio()


def _argmax(row: Sequence[float]) -> int:
    return max(range(len(row)), key=row.__getitem__)


def _words(layout: _Layout, ids: Sequence[int]) -> list[tuple[int, int]]:
    bounds = [k for k in range(len(ids)) if layout.word_start(k)] + [len(ids)]
    return [(x, y) for x, y in pairwise(bounds) if x < y]


def _onward(step: _Step) -> bool:
    """Whether ``step`` forces the model's own next word after the name."""
    return step.forced is not None and len(step.prefix) > step.forced[1]


def _spaced_words(layout: _Layout, start: int, end: int) -> list[tuple[int, int]]:
    """Token ranges of the space-separated words of ``layout`` from ``start`` to ``end``.

    Split at spaces only, so the same text cut into other pieces ("alarb`a'" as
    "alarb" "`" "a'" or "alar" "b`a'") is the same words.
    """
    bounds = [k for k in range(start, end) if k == start or layout.pieces[k][:1].isspace()]
    return [(x, y) for x, y in pairwise([*bounds, end]) if x < y]


def _occurs(seq: Sequence[int], ids: Sequence[int]) -> bool:
    n = len(seq)
    return n > 0 and any(list(ids[k : k + n]) == list(seq) for k in range(len(ids) - n + 1))


def _share_suppression(conts: list[Continuation], jobs: list[_Job]) -> None:
    """Give continuations one suppress list where that suppresses nothing any of them holds.

    CTranslate2 takes one ``suppress_sequences`` per call.  Continuations are
    joined greedily; a sequence another continuation suppresses may be added to
    one only when its sentence's current output and its prefix do not hold it
    (a rendering of another sentence's name, a name it does not owe).
    """
    groups: list[tuple[set[tuple[int, ...]], list[int]]] = []

    def tolerates(k: int, union: set[tuple[int, ...]]) -> bool:
        extra = union - set(conts[k].suppress)
        ids, prefix = jobs[k].s.ids, conts[k].prefix
        return not any(_occurs(seq, ids) or _occurs(seq, prefix) for seq in extra)

    for k, cont in enumerate(conts):
        mine = set(cont.suppress)
        for union, members in groups:
            joined = union | mine
            if all(tolerates(m, joined) for m in [*members, k]):
                union |= mine
                members.append(k)
                break
        else:
            groups.append((set(mine), [k]))
    for union, members in groups:
        for m in members:
            conts[m].suppress = tuple(sorted(union))


def _source_spans(source: str, pieces: list[str]) -> list[tuple[int, int]]:
    """Character span of each source piece in ``source`` (``</s>`` gets an empty one)."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in pieces:
        if piece == "</s>":
            spans.append((len(source), len(source)))
            continue
        stripped = piece.replace("▁", " ").lstrip()
        found = source.find(stripped, cursor) if stripped else -1
        start = found if found >= 0 and found - cursor <= 2 else cursor
        spans.append((start, start + len(stripped)))
        cursor = start + len(stripped)
    return spans
