"""Constraint-aware beam search over a Marian model's forward pass.

transformers 5 no longer ships constrained beam search, so this module runs the
decoder itself: the encoder once per batch, then one decoder step at a time
with the KV cache, reordered as beams are chosen.  Candidates per step follow
dynamic beam allocation (Post & Vilar 2018): the model's top 2k continuations
plus, for every hypothesis, the next token of each glossary target it still
owes; the k survivors are spread over "banks" by how many constraint tokens
they have met, so the cost per step is a constant factor over plain beam
search, whatever the number of terms.

Counting is done on the text, not on token ids: a random (or odd) model can
spell ``Putin`` as ``▁Pu`` + ``tin`` or write ``(NATO``, and the promise is
about the English the user reads.  ``TargetScanner`` counts targets in the
growing text exactly as ``glossary.target_finder.TargetFinder`` counts them in
the finished text (token edges, longest match, whitespace runs equal), leaving
undecided a tail that could still grow into a longer target (``Sputnik`` may
become ``Sputnik V``).  Every candidate is checked against the scanner, so a
target never exceeds its allowance and EOS comes only when every allowance is
met; cheap vocabulary masks keep the top-k mostly valid.  When the remaining
length only fits the unmet target tokens (plus EOS), only those are allowed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

_WORD = re.compile(r"[^\W_]")  # TargetFinder's token characters (letters and digits)
_SPACE = re.compile(r"\s+")
_NEG = float("-inf")


def _is_word(char: str) -> bool:
    return _WORD.match(char) is not None


def normalize_target(target: str) -> str:
    """Targets compare with whitespace runs as one space, as TargetFinder does."""
    return _SPACE.sub(" ", target.strip())


class TargetScanner:
    """Counts glossary targets in text that is still being written."""

    def __init__(self, targets: Iterable[str]) -> None:
        self.targets: list[str] = sorted({normalize_target(t) for t in targets if t.strip()})
        self.index = {t: i for i, t in enumerate(self.targets)}
        self._trie: dict[Any, Any] = {}
        for i, target in enumerate(self.targets):
            node = self._trie
            for char in target:
                node = node.setdefault(char, {})
            node[None] = i
        self.first_chars = frozenset(t[0] for t in self.targets)

    @staticmethod
    def _token_start(text: str, p: int) -> bool:
        c = text[p]
        if c.isspace():
            return False
        return p == 0 or not _is_word(c) or not _is_word(text[p - 1])

    @staticmethod
    def _token_end(text: str, q: int) -> bool:
        return q == len(text) or not _is_word(text[q - 1]) or not _is_word(text[q])

    def scan(self, text: str, pos: int, final: bool) -> tuple[list[tuple[int, int, int]], int]:
        """Occurrences ``(target, start, end)`` settled from ``pos`` on, and where to resume.

        Scanning stops (without counting) at a start whose text runs to the end
        while still inside the trie, unless ``final``: the next characters decide it.
        """
        found: list[tuple[int, int, int]] = []
        n = len(text)
        p = pos
        first = self.first_chars
        while p < n:
            if text[p] not in first or not self._token_start(text, p):
                p += 1
                continue
            node = self._trie
            q = p
            best: tuple[int, int] | None = None
            open_tail = False
            while True:
                if q == n:
                    open_tail = not final and any(k is not None for k in node)
                    break
                nxt = node.get(text[q])
                if nxt is None:
                    break
                node = nxt
                q += 1
                if None in node and self._token_end(text, q):
                    best = (node[None], q)
            if open_tail:
                return found, p
            if best is None:
                p += 1
                continue
            found.append((best[0], p, best[1]))
            p = best[1]
        return found, p


class VocabIndex:
    """What each vocabulary id adds to the English text, and masks derived from it."""

    def __init__(self, tokenizer: Any, vocab_size: int, scanner: TargetScanner) -> None:
        import torch

        special = set(tokenizer.all_special_ids)
        pieces = tokenizer.convert_ids_to_tokens(list(range(vocab_size)))
        self.texts: list[str] = [
            "" if i in special or p is None else _SPACE.sub(" ", p.replace("▁", " "))
            for i, p in enumerate(pieces)
        ]
        self.eos_id: int = tokenizer.eos_token_id
        self.pad_id: int = tokenizer.pad_token_id
        self.unk_id: int = tokenizer.unk_token_id
        self.word_start = torch.tensor([bool(t) and _is_word(t[0]) for t in self.texts])
        # Per target: ids whose own text holds an occurrence with its left edge inside the
        # token (" Putin"), and ids whose text starts with one (needs a non-word char before).
        self.inside: dict[int, list[int]] = {}
        self.at_start: dict[int, list[int]] = {}
        first = scanner.first_chars
        for i, text in enumerate(self.texts):
            if not text or not any(c in first for c in text):
                continue
            found, _ = scanner.scan(text, 0, final=True)
            for target, start, _end in found:
                bucket = self.at_start if start == 0 else self.inside
                bucket.setdefault(target, []).append(i)


@dataclass(frozen=True, slots=True)
class _Hyp:
    tokens: tuple[int, ...]
    score: float
    text: str
    pos: int  # TargetScanner resume position; everything before it is counted
    counts: tuple[int, ...]  # occurrences so far, per required target of the sentence
    need_boundary: bool  # text ends on a counted target: the next character must not extend it
    # (required index, tokens matched, any forced, end of the text once fully written)
    progress: tuple[tuple[int, int, bool, int], ...]
    produced: tuple[tuple[int, bool], ...] = ()  # (required index, forced) per occurrence
    finished: bool = False


@dataclass
class ConstrainedResult:
    """Best hypothesis for one sentence; ``ok`` is False when no hypothesis met every allowance."""

    token_ids: list[int]
    produced: dict[str, list[str]]  # target -> "ok"/"enforced" per occurrence, in order
    ok: bool


@dataclass
class _Sentence:
    targets: list[int]  # scanner ids of required targets
    required: list[int]  # counts
    sequences: list[tuple[int, ...]]  # token ids that spell each target (empty if unspellable)
    cap: int
    minimum: list[int] = field(default_factory=list)  # 0 for targets the vocabulary cannot spell
    by_target: dict[int, int] = field(default_factory=dict)  # scanner id -> required index
    lengths: list[int] = field(default_factory=list)
    finished: list[_Hyp] = field(default_factory=list)
    done: bool = False

    def __post_init__(self) -> None:
        self.by_target = {t: j for j, t in enumerate(self.targets)}
        self.lengths = [len(s) for s in self.sequences]
        self.minimum = [k if s else 0 for k, s in zip(self.required, self.sequences, strict=True)]


class ConstrainedDecoder:
    """Beam search that holds each sentence to exact counts of glossary targets."""

    def __init__(self, tokenizer: Any, targets: Iterable[str], vocab_size: int) -> None:
        self.tokenizer = tokenizer
        self.scanner = TargetScanner(targets)
        self.vocab = VocabIndex(tokenizer, vocab_size, scanner=self.scanner)
        self._spelling: dict[str, tuple[tuple[int, ...], list[str]]] = {}

    def spell(self, target: str) -> tuple[tuple[int, ...], list[str]]:
        """Token ids for `` target`` ("▁Target…") and the pieces the vocabulary lacks."""
        target = normalize_target(target)
        if target not in self._spelling:
            ids = [
                i for i in self.tokenizer(text_target=target).input_ids if i != self.vocab.eos_id
            ]
            pieces = self.tokenizer.spm_target.encode(target, out_type=str)
            unknown = [
                p for p in pieces if self.tokenizer.convert_tokens_to_ids(p) == self.vocab.unk_id
            ]
            if self.vocab.unk_id in ids and not unknown:
                unknown = ["<unk>"]
            self._spelling[target] = (tuple(ids), unknown)
        return self._spelling[target]

    # ------------------------------------------------------------------ setup
    def _sentence(self, required: dict[str, int], cap: int) -> _Sentence:
        targets, counts, sequences = [], [], []
        for target, k in required.items():
            tid = self.scanner.index.get(normalize_target(target))
            if tid is None or k <= 0:
                continue
            ids, unknown = self.spell(target)
            targets.append(tid)
            counts.append(k)
            sequences.append(() if unknown else ids)
        sent = _Sentence(targets, counts, sequences, cap)
        sent.cap = max(cap, self._needed(sent, self._start(sent)))
        return sent

    def _start(self, sent: _Sentence) -> _Hyp:
        return _Hyp((), 0.0, "", 0, (0,) * len(sent.targets), False, ())

    def _ban_masks(self, sents: list[_Sentence]) -> tuple[Any, Any]:
        """Per sentence: ids that would spell a target it does not allow at all."""
        import torch

        vsize = len(self.vocab.texts)
        inside = torch.zeros((len(sents), vsize), dtype=torch.bool)
        at_start = torch.zeros((len(sents), vsize), dtype=torch.bool)
        names = self.scanner.targets
        for b, sent in enumerate(sents):
            allowed = [names[t] for t in sent.targets]
            for tid, ids in self.vocab.inside.items():
                if tid in sent.by_target or any(
                    a != names[tid] and a.startswith(names[tid]) for a in allowed
                ):
                    continue
                inside[b, ids] = True
            for tid, ids in self.vocab.at_start.items():
                if tid in sent.by_target or any(
                    a != names[tid] and a.startswith(names[tid]) for a in allowed
                ):
                    continue
                at_start[b, ids] = True
        inside[:, self.vocab.pad_id] = True
        return inside, at_start

    # -------------------------------------------------------------- bookkeeping
    @staticmethod
    def _effective(sent: _Sentence, hyp: _Hyp) -> list[int]:
        """Counts plus targets fully written whose tail the scanner has not settled yet."""
        eff = list(hyp.counts)
        for j, m, _, _ in hyp.progress:
            if m == sent.lengths[j]:
                eff[j] += 1
        return eff

    @staticmethod
    def _partial(sent: _Sentence, hyp: _Hyp, eff: list[int]) -> int:
        return max(
            (m for j, m, _, _ in hyp.progress if m < sent.lengths[j] and eff[j] < sent.minimum[j]),
            default=0,
        )

    def _needed(self, sent: _Sentence, hyp: _Hyp) -> int:
        """Tokens still needed to finish: unmet target tokens plus EOS."""
        eff = self._effective(sent, hyp)
        owed = sum(
            max(0, k - c) * n for k, c, n in zip(sent.minimum, eff, sent.lengths, strict=True)
        )
        return owed - self._partial(sent, hyp, eff) + 1

    def _met(self, sent: _Sentence, hyp: _Hyp) -> int:
        eff = self._effective(sent, hyp)
        done = sum(min(k, c) * n for k, c, n in zip(sent.minimum, eff, sent.lengths, strict=True))
        return done + self._partial(sent, hyp, eff)

    def _all_met(self, sent: _Sentence, hyp: _Hyp) -> bool:
        eff = self._effective(sent, hyp)
        return all(c >= k for c, k in zip(eff, sent.minimum, strict=True))

    def _forced(self, sent: _Sentence, hyp: _Hyp, only_best: bool) -> list[int]:
        """Constraint tokens for ``hyp``: continue the furthest target, else start one.

        EOS is forced only when the length budget leaves nothing else (``only_best``);
        otherwise the model decides when to stop, as in plain beam search.
        """
        if self._all_met(sent, hyp):
            return [self.vocab.eos_id] if only_best else []
        eff = self._effective(sent, hyp)
        going = [
            (m, sent.sequences[j][m])
            for j, m, _, _ in hyp.progress
            if eff[j] < sent.minimum[j] and m < sent.lengths[j]
        ]
        going.sort(reverse=True)
        starts = [
            seq[0]
            for seq, k, c in zip(sent.sequences, sent.minimum, eff, strict=True)
            if seq and c < k
        ]
        if only_best:
            return [going[0][1]] if going else starts
        return list(dict.fromkeys([tok for _, tok in going] + starts))

    def _advance(
        self, sent: _Sentence, hyp: _Hyp, token: int, logp: float, forced: bool
    ) -> _Hyp | None:
        """``hyp`` extended by ``token``, or None when that breaks an allowance."""
        vocab = self.vocab
        score = hyp.score + logp
        if token == vocab.eos_id:
            found, _ = self.scanner.scan(hyp.text, hyp.pos, final=True)
            counts = self._count(sent, hyp.counts, found)
            if counts is None or any(c < k for c, k in zip(counts, sent.minimum, strict=True)):
                return None
            produced = hyp.produced + self._produced(sent, hyp, found, forced)
            return replace(
                hyp, tokens=(*hyp.tokens, token), score=score, counts=counts,
                produced=produced, finished=True,
            )  # fmt: skip
        piece = vocab.texts[token]
        if hyp.need_boundary and piece and _is_word(piece[0]):
            return None
        if piece.startswith(" ") and hyp.text.endswith(" "):
            piece = piece[1:]
        text = hyp.text + piece
        if hyp.pos == len(hyp.text) and not any(c in self.scanner.first_chars for c in piece):
            found: list[tuple[int, int, int]] = []
            pos, counts = len(text), hyp.counts
            need_boundary = hyp.need_boundary and not piece
        else:
            found, pos = self.scanner.scan(text, hyp.pos, final=False)
            counts = self._count(sent, hyp.counts, found)
            if counts is None:
                return None
            need_boundary = bool(found) and found[-1][2] == len(text) and pos == len(text)
        # A target written in full whose tail the scanner leaves open ("Russia" may still
        # become "Russia Today") stays in progress, marked by where it ends, until the
        # scanner settles it; meanwhile it must not be glued to a letter ("Russian").
        n = len(text)
        settled = {(t, e) for t, _, e in found}
        progress: list[tuple[int, int, bool, int]] = []
        written: list[tuple[int, bool]] = []
        for j, m, f, end in hyp.progress:
            seq = sent.sequences[j]
            if m < len(seq) and seq[m] == token:
                if m + 1 < len(seq):
                    progress.append((j, m + 1, f or forced, -1))
                else:
                    written.append((j, f or forced))
            elif m == len(seq) and (sent.targets[j], end) not in settled and end >= pos:
                progress.append((j, m, f, end))
        for j, seq in enumerate(sent.sequences):
            if seq and seq[0] == token and counts[j] < sent.required[j]:
                if len(seq) > 1:
                    progress.append((j, 1, forced, -1))
                else:
                    written.append((j, forced))
        for j, f in written:
            if (sent.targets[j], n) not in settled and pos < n:
                progress.append((j, len(sent.sequences[j]), f, n))
                need_boundary = True
        produced = (
            hyp.produced + self._produced(sent, hyp, found, forced) if found else hyp.produced
        )
        return _Hyp(
            (*hyp.tokens, token), score, text, pos, counts, need_boundary, tuple(progress), produced
        )

    def _count(
        self, sent: _Sentence, counts: tuple[int, ...], found: list[tuple[int, int, int]]
    ) -> tuple[int, ...] | None:
        if not found:
            return counts
        new = list(counts)
        for target, _, _ in found:
            j = sent.by_target.get(target)
            if j is None:
                return None
            new[j] += 1
            if new[j] > sent.required[j]:
                return None
        return tuple(new)

    @staticmethod
    def _produced(
        sent: _Sentence, hyp: _Hyp, found: list[tuple[int, int, int]], forced: bool
    ) -> tuple[tuple[int, bool], ...]:
        out = []
        for target, _, _ in found:
            j = sent.by_target[target]
            was_forced = forced or any(f for jj, _, f, _ in hyp.progress if jj == j)
            out.append((j, was_forced))
        return tuple(out)

    # ------------------------------------------------------------------ search
    def decode(
        self,
        model: Any,
        input_ids: Any,
        attention_mask: Any,
        required: Sequence[dict[str, int]],
        caps: Sequence[int],
        num_beams: int,
    ) -> list[ConstrainedResult]:
        """Decode one padded batch; ``required[i]`` maps target -> exact count for sentence i."""
        import torch
        from transformers.modeling_outputs import BaseModelOutput

        k = num_beams
        sents = [self._sentence(dict(r), c) for r, c in zip(required, caps, strict=True)]
        ban_inside, ban_start = self._ban_masks(sents)
        device = model.device
        with torch.inference_mode():
            encoder = model.get_encoder()(
                input_ids=input_ids.to(device), attention_mask=attention_mask.to(device)
            )
            hidden = encoder.last_hidden_state.repeat_interleave(k, dim=0)
            enc_mask = attention_mask.to(device).repeat_interleave(k, dim=0)
            active = list(range(len(sents)))  # sentences still decoding, in row-block order
            beams: list[list[_Hyp]] = [[self._start(s)] for s in sents]
            last = torch.full(
                (len(sents) * k, 1), model.config.decoder_start_token_id, device=device
            )
            cache = None
            step = 0
            while active:
                out = model(
                    encoder_outputs=BaseModelOutput(last_hidden_state=hidden),
                    attention_mask=enc_mask,
                    decoder_input_ids=last,
                    cache=cache,
                    use_cache=True,
                )
                cache = out.cache
                logp = torch.log_softmax(out.logits[:, -1, :].float(), dim=-1).cpu()
                rows = [(b, h) for b in active for h in range(k)]
                hyps = [beams[b][h] if h < len(beams[b]) else None for b, h in rows]
                cum = torch.tensor([_NEG if h is None else h.score for h in hyps])
                scores = logp + cum[:, None]
                restricted = self._mask(
                    scores, logp, sents, active, hyps, step, ban_inside, ban_start, k
                )
                picks = self._select(scores, logp, sents, active, hyps, step, restricted, k)
                # Keep the sentences that are still going; compact the batch when some end.
                still = [b for b in active if not sents[b].done]
                src_rows: list[int] = []
                tokens: list[int] = []
                for b in still:
                    chosen = picks[b]
                    beams[b] = [hyp for _, hyp in chosen]
                    for h in range(k):
                        row, hyp = chosen[h] if h < len(chosen) else chosen[0]
                        src_rows.append(row)
                        tokens.append(hyp.tokens[-1])
                if not still:
                    break
                index = torch.tensor(src_rows, device=device)
                cache.self_attention_cache.batch_select_indices(index)
                keep = torch.tensor(
                    [i * k + h for i, b in enumerate(active) if b in still for h in range(k)],
                    device=device,
                )
                if len(still) != len(active):
                    cache.cross_attention_cache.batch_select_indices(keep)
                    hidden = hidden.index_select(0, keep)
                    enc_mask = enc_mask.index_select(0, keep)
                last = torch.tensor(tokens, device=device)[:, None]
                active = still
                step += 1
        return [self._result(s, beams[b]) for b, s in enumerate(sents)]

    def _mask(
        self,
        scores: Any,
        logp: Any,
        sents: list[_Sentence],
        active: list[int],
        hyps: list[_Hyp | None],
        step: int,
        ban_inside: Any,
        ban_start: Any,
        k: int,
    ) -> dict[int, list[int]]:
        """Mask ids that cannot be valid; return rows allowed only their constraint tokens."""
        import torch

        vocab = self.vocab
        view = scores.view(len(active), k, -1)
        view.masked_fill_(ban_inside[active][:, None, :], _NEG)
        start_rows, boundary_rows, ban_r, ban_c = [], [], [], []
        restricted: dict[int, list[int]] = {}
        for r, hyp in enumerate(hyps):
            if hyp is None:
                continue
            sent = sents[active[r // k]]
            if not hyp.text or not _is_word(hyp.text[-1]):
                start_rows.append(r)
            if hyp.need_boundary:
                boundary_rows.append(r)
            for j, (c, req) in enumerate(zip(hyp.counts, sent.required, strict=True)):
                if c >= req:
                    tid = sent.targets[j]
                    ids = vocab.inside.get(tid, []) + vocab.at_start.get(tid, [])
                    ban_r.extend([r] * len(ids))
                    ban_c.extend(ids)
            if not self._all_met(sent, hyp):
                ban_r.append(r)
                ban_c.append(vocab.eos_id)
            remaining = sent.cap - step
            if self._needed(sent, hyp) >= remaining:
                restricted[r] = self._forced(sent, hyp, only_best=True)
        if start_rows:
            idx = torch.tensor(start_rows)
            blocks = torch.tensor([r // k for r in start_rows])
            scores[idx] = scores[idx].masked_fill(
                ban_start[[active[b] for b in blocks.tolist()]], _NEG
            )
        if boundary_rows:
            idx = torch.tensor(boundary_rows)
            scores[idx] = scores[idx].masked_fill(vocab.word_start[None, :], _NEG)
        if ban_r:
            scores[torch.tensor(ban_r), torch.tensor(ban_c)] = _NEG
        for r, ids in restricted.items():  # forced tokens may sit under a ban mask: unmask them
            hyp = hyps[r]
            assert hyp is not None
            scores[r] = _NEG
            scores[r, ids] = logp[r, ids] + hyp.score
        return restricted

    def _select(
        self,
        scores: Any,
        logp: Any,
        sents: list[_Sentence],
        active: list[int],
        hyps: list[_Hyp | None],
        step: int,
        restricted: dict[int, list[int]],
        k: int,
    ) -> dict[int, list[tuple[int, _Hyp]]]:
        """Dynamic beam allocation over top-2k and constraint candidates, per sentence."""
        import torch

        width = scores.shape[1]
        top_scores, top_index = scores.view(len(active), -1).topk(2 * k, dim=1)
        top_scores, top_index = top_scores.tolist(), top_index.tolist()
        forced_rc: list[tuple[int, int]] = []
        for r, hyp in enumerate(hyps):
            if hyp is None:
                continue
            sent = sents[active[r // k]]
            ids = restricted.get(r) or self._forced(sent, hyp, only_best=False)
            forced_rc.extend((r, t) for t in ids)
        forced_lp = (
            logp[
                torch.tensor([r for r, _ in forced_rc]), torch.tensor([t for _, t in forced_rc])
            ].tolist()
            if forced_rc
            else []
        )
        by_sentence: dict[int, dict[tuple[int, int], tuple[float, bool]]] = {
            i: {} for i in range(len(active))
        }
        for i in range(len(active)):
            for s, flat in zip(top_scores[i], top_index[i], strict=True):
                if s == _NEG:
                    continue
                row = i * k + flat // width
                hyp = hyps[row]
                if hyp is not None:  # a restricted row's top-k holds only forced tokens
                    by_sentence[i][(row, flat % width)] = (s - hyp.score, row not in restricted)
        for (r, t), lp in zip(forced_rc, forced_lp, strict=True):
            cands = by_sentence[r // k]
            if (r, t) not in cands and lp != _NEG:
                cands[(r, t)] = (lp, False)
        picks: dict[int, list[tuple[int, _Hyp]]] = {}
        for i, b in enumerate(active):
            sent = sents[b]
            remaining = sent.cap - step - 1
            live: list[tuple[int, _Hyp]] = []
            for (row, tok), (lp, natural) in by_sentence[i].items():
                hyp = hyps[row]
                if hyp is None:
                    continue
                new = self._advance(sent, hyp, tok, lp, forced=not natural)
                if new is None:
                    continue
                if new.finished:
                    sent.finished.append(new)
                elif self._needed(sent, new) <= remaining:
                    live.append((row - i * k, new))
            chosen = self._allocate(sent, live, k)
            if len(sent.finished) >= k or not chosen or step + 1 >= sent.cap:
                sent.done = True
            picks[b] = [(i * k + h, hyp) for h, hyp in chosen]
        return picks

    def _allocate(
        self, sent: _Sentence, live: list[tuple[int, _Hyp]], k: int
    ) -> list[tuple[int, _Hyp]]:
        """Pick k survivors: the best overall, then the best of each bank, most-met first."""
        live.sort(key=lambda item: item[1].score, reverse=True)
        if len(live) <= k:
            return live
        banks: dict[int, list[tuple[int, _Hyp]]] = {}
        for item in live:
            banks.setdefault(self._met(sent, item[1]), []).append(item)
        chosen = [live[0]]
        taken = {id(live[0][1])}
        order = sorted(banks, reverse=True)
        per_bank = max(1, k // len(order))
        for met in order:
            for item in banks[met][:per_bank]:
                if len(chosen) < k and id(item[1]) not in taken:
                    chosen.append(item)
                    taken.add(id(item[1]))
        for item in live:
            if len(chosen) >= k:
                break
            if id(item[1]) not in taken:
                chosen.append(item)
                taken.add(id(item[1]))
        return chosen

    def _result(self, sent: _Sentence, beam: list[_Hyp]) -> ConstrainedResult:
        names = self.scanner.targets
        if sent.finished:
            best = max(sent.finished, key=lambda h: h.score / max(1, len(h.tokens)))
            ok = True
        else:
            best = max(beam, key=lambda h: h.score) if beam else self._start(sent)
            ok = False
        produced: dict[str, list[str]] = {}
        for j, forced in best.produced:
            produced.setdefault(names[sent.targets[j]], []).append("enforced" if forced else "ok")
        for kinds in produced.values():
            kinds.sort(key=lambda s: s != "ok")
        return ConstrainedResult(list(best.tokens), produced, ok)
