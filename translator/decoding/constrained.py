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
from typing import Any, NamedTuple

from translator.decoding.alignment import AlignmentHead

_WORD = re.compile(r"[^\W_]")  # TargetFinder's token characters (letters and digits)
_SPACE = re.compile(r"\s+")
_NEG = float("-inf")
_OPENERS = frozenset("([{«“‘‹„")
_QUOTES = frozenset("\"'")
_OPENING = _OPENERS | _QUOTES


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
        # Ids that write one opening bracket or quote (a name may follow them).
        self.openers = [
            i for i, t in enumerate(self.texts) if len(t.strip()) == 1 and t.strip() in _OPENING
        ]
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


def _tight_context(text: str) -> bool:
    """The English ends with an opening bracket or quote: a name is glued to it, "(Putin"."""
    if not text:
        return False
    last = text[-1]
    if last in _OPENERS:
        return True
    return last in _QUOTES and (len(text) == 1 or text[-2].isspace() or text[-2] in _OPENERS)


def _glued(text: str) -> bool:
    """A piece without a leading space starts a new token here (after a symbol)."""
    return bool(text) and not text[-1].isspace() and not _is_word(text[-1])


@dataclass(frozen=True, slots=True)
class Spelling:
    """How the decoder writes one glossary target, or why it cannot."""

    target: str
    ids: tuple[int, ...]  # after a space or at the start of the English ("▁Putin")
    tight: tuple[int, ...]  # glued to an opening bracket or quote ("Putin"); () if none
    unknown: tuple[str, ...]  # what the vocabulary cannot write back; empty when spellable
    reason: str = ""  # one line for a warning; "" when spellable

    @property
    def spellable(self) -> bool:
        return not self.unknown

    @property
    def alternatives(self) -> tuple[tuple[int, ...], ...]:
        """Token sequences that write the target: the usual one first, then the tight one."""
        if not self.spellable:
            return ()
        return (self.ids, self.tight) if self.tight else (self.ids,)


class _Entry(NamedTuple):
    """A target being written in one hypothesis."""

    j: int  # required index
    alt: int  # which spelling (Spelling.alternatives) it follows
    m: int  # tokens written
    forced: bool  # any of its tokens forced
    end: int  # end of the text once fully written (-1 before), until the scanner settles it
    own: tuple[int, ...]  # words the model would have begun where its tokens were forced


@dataclass(frozen=True, slots=True)
class _Hyp:
    tokens: tuple[int, ...]
    score: float
    text: str
    pos: int  # TargetScanner resume position; everything before it is counted
    counts: tuple[int, ...]  # occurrences so far, per required target of the sentence
    need_boundary: bool  # text ends on a counted target: the next character must not extend it
    progress: tuple[_Entry, ...]
    produced: tuple[tuple[int, bool], ...] = ()  # (required index, forced) per occurrence
    finished: bool = False
    # A forced target was just written: the words the model wanted instead (its own
    # rendering of the name) may not be the next word.
    avoid: tuple[int, ...] = ()
    # A name was forced where the model would have ended the sentence: the rest of the
    # names follow at once, then the end (no words after them the model did not want).
    closing: bool = False


@dataclass
class ConstrainedResult:
    """Best hypothesis for one sentence.

    ``produced`` lists, per target, "ok" (the model's own tokens) or "enforced"
    (at least one token forced) for each occurrence in the order they appear
    in the English.  ``ok`` is False when the English lacks an occurrence the
    decoder should have written; ``dropped`` counts, per target, occurrences not
    attempted because the model's output positions could not hold them.
    """

    token_ids: list[int]
    produced: dict[str, list[str]]
    ok: bool
    dropped: dict[str, int] = field(default_factory=dict)


@dataclass
class _Sentence:
    targets: list[int]  # scanner ids of required targets
    required: list[int]  # counts
    spellings: list[tuple[tuple[int, ...], ...]]  # alternatives per target; () if unspellable
    cap: int
    minimum: list[int] = field(default_factory=list)  # occurrences the search must write
    dropped: list[int] = field(default_factory=list)  # occurrences that do not fit the positions
    shielded: list[bool] = field(default_factory=list)  # inside a longer required target
    spans: list[list[tuple[int, int]]] = field(default_factory=list)  # source tokens per target
    by_target: dict[int, int] = field(default_factory=dict)  # scanner id -> required index
    lengths: list[int] = field(default_factory=list)  # usual spelling's length per target
    tail: int = -1  # first source token of the last word: no end before it is read (-1: any)
    opened: list[bool] = field(default_factory=list)  # per target: its Arabic opens a bracket
    finished: list[_Hyp] = field(default_factory=list)
    done: bool = False

    def __post_init__(self) -> None:
        self.by_target = {t: j for j, t in enumerate(self.targets)}
        self.lengths = [len(alts[0]) if alts else 0 for alts in self.spellings]
        self.minimum = [k if s else 0 for k, s in zip(self.required, self.spellings, strict=True)]
        self.dropped = [0] * len(self.targets)

    @property
    def constrained(self) -> bool:
        return any(self.minimum) or any(self.dropped)


def source_spans(tokenizer: Any, source: str, matches: Iterable[Any]) -> list[tuple[str, int, int]]:
    """``(target, first token, end token)`` in the model's source tokens for each match.

    ``matches`` have ``start``/``end`` code-point offsets into ``source`` and a
    ``target`` (``glossary.matcher.Match``, ``Requirement``).  A span covers the
    whole words the match touches (a clitic in front, وبوتين, shares its word).
    """
    pieces = tokenizer.spm_source.encode(source, out_type=str)
    word_of_piece: list[int] = []
    word = -1
    for piece in pieces:
        if piece.startswith("▁") or word < 0:
            word += 1
        word_of_piece.append(word)
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", source)]
    out = []
    for match in matches:
        touched = [w for w, (a, b) in enumerate(words) if a < match.end and b > match.start]
        tokens = [
            i for i, w in enumerate(word_of_piece) if touched and touched[0] <= w <= touched[-1]
        ]
        if tokens:
            out.append((match.target, tokens[0], tokens[-1] + 1))
    return out


class _Alignment:
    """The alignment head's weights for the token chosen now, per beam row
    (``translator.decoding.alignment``: head 0 of the last decoder layer)."""

    def __init__(self, model: Any, hidden: Any, mask: Any) -> None:
        self.head = AlignmentHead(model)
        self.keys = self.head.keys(hidden)  # rows, source, head_dim
        self.mask = mask

    def select(self, keep: Any) -> None:
        self.keys = self.keys.index_select(0, keep)
        self.mask = self.mask.index_select(0, keep)

    def weights(self) -> Any:
        """Per decoder row, the attention over the source for the token chosen now."""
        return self.head.weights(self.head.query[:, -1], self.keys, self.mask, _NEG)

    def close(self) -> None:
        self.head.close()


class ConstrainedDecoder:
    """Beam search that holds each sentence to exact counts of glossary targets."""

    own_candidates = 1  # each hypothesis's own best tokens added to the candidates
    avoid_own = True  # after a forced target, the words it replaced may not follow it
    use_alignment = True  # with source spans, start a target where the alignment reads it
    due_mass = 0.5  # attention on a name's source tokens that makes it due
    skip_penalty = float("inf")  # where a name is due, the cost of writing anything else

    def __init__(self, tokenizer: Any, targets: Iterable[str], vocab_size: int) -> None:
        self.tokenizer = tokenizer
        self.scanner = TargetScanner(targets)
        self.vocab = VocabIndex(tokenizer, vocab_size, scanner=self.scanner)
        self._spellings: dict[str, Spelling] = {}
        self._piece_ids: dict[str, int] | None = None
        self._source_special = set(tokenizer.all_special_ids)
        # An opening bracket or quote, and a bare space (spm writes " “" as "▁" + "“").
        self._bracketing = [
            *self.vocab.openers,
            *(i for i, t in enumerate(self.vocab.texts) if t == " "),
        ]

    # ------------------------------------------------------------------ spelling
    def spell(self, target: str) -> tuple[tuple[int, ...], list[str]]:
        """Token ids for `` target`` ("▁Target…") and what the vocabulary cannot write.

        The second item is empty exactly when the ids decode back to the target.
        """
        s = self.spelling(target)
        return s.ids, list(s.unknown)

    def spelling(self, target: str) -> Spelling:
        """The target's token ids (usual and glued to a bracket), checked by decoding them."""
        target = normalize_target(target)
        if target not in self._spellings:
            self._spellings[target] = self._make_spelling(target)
        return self._spellings[target]

    def _make_spelling(self, target: str) -> Spelling:
        tok, vocab = self.tokenizer, self.vocab
        ids = tuple(i for i in tok(text_target=target).input_ids if i != vocab.eos_id)
        pieces = tok.spm_target.encode(target, out_type=str)
        unknown = [p for p in pieces if tok.convert_tokens_to_ids(p) == vocab.unk_id]
        if vocab.unk_id in ids and not unknown:
            unknown = ["<unk>"]
        if unknown:
            reason = f"the model's vocabulary lacks {' '.join(unknown)}"
            return Spelling(target, ids, (), tuple(unknown), reason)
        written = tok.decode(list(ids), skip_special_tokens=True)
        if written != target or "".join(vocab.texts[i] for i in ids).strip() != target:
            lost = [c for c in dict.fromkeys(target) if c not in written] or [target]
            reason = f"its tokens write {written!r}, not {target!r}"
            return Spelling(target, ids, (), tuple(lost), reason)
        return Spelling(target, ids, self._tight(target, ids), ())

    def _tight(self, target: str, ids: tuple[int, ...]) -> tuple[int, ...]:
        """Ids that write ``target`` glued to what precedes it ("(" + "Putin"); () if the same."""
        texts = self.vocab.texts
        if not ids or not texts[ids[0]].startswith(" "):
            return ()
        spm = self.tokenizer.spm_target
        for opener in ("(", '"', "'", "["):
            pieces = spm.encode(opener + target, out_type=str)
            head = ""
            for i, piece in enumerate(pieces):
                head += piece
                if head.replace("▁", "") == opener:
                    rest = self.tokenizer.convert_tokens_to_ids(pieces[i + 1 :])
                    if rest and self._writes(rest, target):
                        return tuple(rest)
                    break
                if len(head.replace("▁", "")) > len(opener):
                    break
        greedy = self._greedy(target)
        return tuple(greedy) if greedy and self._writes(greedy, target) else ()

    def _writes(self, ids: Sequence[int], target: str) -> bool:
        return self.vocab.unk_id not in ids and "".join(self.vocab.texts[i] for i in ids) == target

    def _greedy(self, text: str) -> list[int]:
        """Longest-match pieces for ``text`` with no word boundary at its start."""
        if self._piece_ids is None:
            self._piece_ids = {}
            for i, t in enumerate(self.vocab.texts):
                if t and i not in (self.vocab.unk_id, self.vocab.pad_id):
                    self._piece_ids.setdefault(t, i)
        table = self._piece_ids
        out: list[int] = []
        p = 0
        while p < len(text):
            for q in range(len(text), p, -1):
                i = table.get(text[p:q])
                if i is not None:
                    out.append(i)
                    p = q
                    break
            else:
                return []
        return out

    # ------------------------------------------------------------------ setup
    def _sentence(
        self,
        required: dict[str, int],
        cap: int,
        positions: int,
        spans: Sequence[tuple[str, int, int]] = (),
    ) -> _Sentence:
        targets, counts, spellings = [], [], []
        for target, k in required.items():
            tid = self.scanner.index.get(normalize_target(target))
            if tid is None or k <= 0:
                continue
            targets.append(tid)
            counts.append(k)
            spellings.append(self.spelling(target).alternatives)
        sent = _Sentence(targets, counts, spellings, cap)
        names = [self.scanner.targets[t] for t in targets]
        sent.shielded = [
            any(a != n and n in a for a in names) for n in names
        ]  # "Putin" inside a required "Vladimir Putin": its tokens are never masked
        sent.spans = [
            [(a, b) for t, a, b in spans if normalize_target(t) == n and b > a] for n in names
        ]
        self._fit(sent, positions)
        sent.cap = min(positions, max(cap, self._needed(sent, self._start(sent))))
        return sent

    def _fit(self, sent: _Sentence, positions: int) -> None:
        """Drop forced occurrences, longest first, until the rest fits the output positions."""
        start = self._start(sent)
        while self._needed(sent, start) > positions:
            j = max((j for j, k in enumerate(sent.minimum) if k > 0), key=lambda j: sent.lengths[j])
            sent.minimum[j] -= 1
            sent.dropped[j] += 1

    def _start(self, sent: _Sentence) -> _Hyp:
        return _Hyp((), 0.0, "", 0, (0,) * len(sent.targets), False, ())

    def _ban_masks(self, sents: list[_Sentence]) -> tuple[Any, Any]:
        """Per sentence: ids that would spell a target it does not allow at all.

        Only a pre-filter for the top-k: the scanner decides.  A target that is part
        of a longer required target ("Putin" in "Vladimir Putin") is never masked.
        """
        import torch

        vsize = len(self.vocab.texts)
        inside = torch.zeros((len(sents), vsize), dtype=torch.bool)
        at_start = torch.zeros((len(sents), vsize), dtype=torch.bool)
        names = self.scanner.targets
        for b, sent in enumerate(sents):
            allowed = [names[t] for t in sent.targets]
            for bucket, mask in ((self.vocab.inside, inside), (self.vocab.at_start, at_start)):
                for tid, ids in bucket.items():
                    if tid in sent.by_target or any(names[tid] in a for a in allowed):
                        continue
                    mask[b, ids] = True
        inside[:, self.vocab.pad_id] = True
        return inside, at_start

    # -------------------------------------------------------------- bookkeeping
    def _effective(self, sent: _Sentence, hyp: _Hyp) -> list[int]:
        """Counts plus targets fully written whose tail the scanner has not settled yet."""
        eff = list(hyp.counts)
        for e in hyp.progress:
            if e.m == len(sent.spellings[e.j][e.alt]):
                eff[e.j] += 1
        return eff

    @staticmethod
    def _partial(sent: _Sentence, hyp: _Hyp, eff: list[int]) -> tuple[int, int]:
        """Of the furthest target being written: its tokens written, and tokens it saves.

        An occurrence under way owes the rest of its own spelling instead of a whole
        usual one (the spelling glued to a bracket may differ in length).
        """
        best = (0, 0)
        for e in hyp.progress:
            n = len(sent.spellings[e.j][e.alt])
            if e.m < n and eff[e.j] < sent.minimum[e.j]:
                best = max(best, (e.m, sent.lengths[e.j] - (n - e.m)))
        return best

    def _needed(self, sent: _Sentence, hyp: _Hyp) -> int:
        """Tokens still needed to finish: unmet target tokens plus EOS."""
        eff = self._effective(sent, hyp)
        owed = sum(
            max(0, k - c) * n for k, c, n in zip(sent.minimum, eff, sent.lengths, strict=True)
        )
        return owed - self._partial(sent, hyp, eff)[1] + 1

    def _met(self, sent: _Sentence, hyp: _Hyp) -> int:
        eff = self._effective(sent, hyp)
        done = sum(min(k, c) * n for k, c, n in zip(sent.minimum, eff, sent.lengths, strict=True))
        return done + self._partial(sent, hyp, eff)[0]

    def _all_met(self, sent: _Sentence, hyp: _Hyp) -> bool:
        eff = self._effective(sent, hyp)
        return all(c >= k for c, k in zip(eff, sent.minimum, strict=True))

    def _begins_word(self, token: int, text: str) -> bool:
        """``token`` written after ``text`` begins a new word."""
        piece = self.vocab.texts[token]
        if piece[:1] == " ":
            return _is_word(piece[1:2] or " ")
        return bool(piece) and _is_word(piece[0]) and (not text or not _is_word(text[-1]))

    @staticmethod
    def _start_alt(sent: _Sentence, j: int, text: str, short: bool) -> int:
        """The spelling to force here: glued after an opening bracket or quote.

        With ``short`` (the length budget is tight) only if it is no longer than the usual.
        """
        alts = sent.spellings[j]
        if len(alts) < 2 or not _tight_context(text):
            return 0
        return 1 if not short or len(alts[1]) <= len(alts[0]) else 0

    def _forced(
        self, sent: _Sentence, hyp: _Hyp, only_best: bool, due: frozenset[int] | None = None
    ) -> list[int]:
        """Constraint tokens for ``hyp``: continue the furthest target, else start one.

        EOS is forced only when the length budget leaves nothing else (``only_best``);
        otherwise the model decides when to stop, as in plain beam search.  With
        ``due`` (from the alignment), only those targets may be started.
        """
        if self._all_met(sent, hyp):
            return [self.vocab.eos_id] if only_best else []
        eff = self._effective(sent, hyp)
        going = [
            (e.m, sent.spellings[e.j][e.alt][e.m])
            for e in hyp.progress
            if eff[e.j] < sent.minimum[e.j] and e.m < len(sent.spellings[e.j][e.alt])
        ]
        going.sort(reverse=True)
        starts = [
            alts[self._start_alt(sent, j, hyp.text, only_best)][0]
            for j, (alts, k, c) in enumerate(zip(sent.spellings, sent.minimum, eff, strict=True))
            if alts
            and c < k
            and (due is None or (j in due and not self._bracket_first(sent, j, hyp.text)))
        ]
        if only_best:
            return [going[0][1]] if going else starts
        return list(dict.fromkeys([tok for _, tok in going] + starts))

    def _advance(
        self,
        sent: _Sentence,
        hyp: _Hyp,
        token: int,
        score: float,
        forced: bool,
        own: int,
        due: frozenset[int] | None = None,
    ) -> _Hyp | None:
        """``hyp`` extended by ``token`` (new total ``score``), or None if that breaks an allowance.

        ``own`` is the model's own best token for ``hyp`` at this step.  Scores are
        summed in float32, as transformers does, so plain sentences come out the same.
        With ``due`` (alignment), only those targets start being tracked where the model
        writes a name's first token itself: elsewhere it is just a token, not progress
        a bank would reward.  A forced token always starts its target.
        """
        vocab = self.vocab
        if token == vocab.eos_id:
            found, _ = self.scanner.scan(hyp.text, hyp.pos, final=True)
            counts = self._count(sent, hyp.counts, found)
            if counts is None or any(c < k for c, k in zip(counts, sent.minimum, strict=True)):
                return None
            produced = hyp.produced + self._produced(sent, hyp, found, (), forced)
            return replace(
                hyp, tokens=(*hyp.tokens, token), score=score, counts=counts,
                produced=produced, finished=True, avoid=(),
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
        progress: list[_Entry] = []
        written: list[_Entry] = []
        mine = (own,) if forced and own >= 0 and self._begins_word(own, hyp.text) else ()
        closing = hyp.closing
        for e in hyp.progress:
            seq = sent.spellings[e.j][e.alt]
            if e.m < len(seq) and seq[e.m] == token:
                step = e._replace(m=e.m + 1, forced=e.forced or forced, own=e.own + mine)
                (progress if step.m < len(seq) else written).append(step)
            elif e.m == len(seq) and (sent.targets[e.j], e.end) not in settled and e.end >= pos:
                progress.append(e)
        for j, alts in enumerate(sent.spellings):
            if counts[j] >= sent.required[j] or (due is not None and j not in due and not forced):
                continue
            for a, seq in enumerate(alts):
                if seq[0] != token or (a == 1 and not _glued(hyp.text)):
                    continue
                entry = _Entry(j, a, 1, forced, -1, mine)
                (progress if len(seq) > 1 else written).append(entry)
                closing = closing or (forced and own == vocab.eos_id)
        avoid = () if self._begins_word(token, hyp.text) else hyp.avoid
        written = [e._replace(end=n) for e in written]
        for e in written:
            if e.forced:
                avoid += e.own
            if (sent.targets[e.j], n) not in settled and pos < n:
                progress.append(e)
                need_boundary = True
        produced = hyp.produced
        if found:
            produced += self._produced(sent, hyp, found, written, forced)
        return _Hyp(
            (*hyp.tokens, token), score, text, pos, counts, need_boundary, tuple(progress),
            produced, avoid=avoid, closing=closing,
        )  # fmt: skip

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
        sent: _Sentence,
        hyp: _Hyp,
        found: list[tuple[int, int, int]],
        written: Sequence[_Entry],
        forced: bool,
    ) -> tuple[tuple[int, bool], ...]:
        """(required index, forced) for each occurrence the scanner just settled, in order."""
        out = []
        for target, _, end in found:
            j = sent.by_target[target]
            mine = [e for e in (*hyp.progress, *written) if e.j == j and e.end == end]
            if mine:
                was_forced = mine[0].forced
            else:  # spelled in other tokens than the target's own: forced if any of it was
                was_forced = forced or any(e.forced for e in hyp.progress if e.j == j)
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
        spans: Sequence[Sequence[tuple[str, int, int]]] | None = None,
    ) -> list[ConstrainedResult]:
        """Decode one padded batch; ``required[i]`` maps target -> exact count for sentence i.

        ``spans[i]`` (optional, see ``source_spans``) says where each name is in the
        source tokens: a target is then started where the model's alignment head
        reads its Arabic, not wherever the search finds room for it.
        No sentence runs past the model's output positions: occurrences that cannot
        fit are dropped (``ConstrainedResult.dropped``) and the result is not ``ok``.
        """
        import torch
        from transformers.modeling_outputs import BaseModelOutput

        k = num_beams
        positions = int(getattr(model.config, "max_position_embeddings", 0) or 512)
        generation = getattr(model, "generation_config", None)
        penalty = getattr(generation, "length_penalty", None)  # unset: generate's default
        lp = 1.0 if penalty is None else float(penalty)
        spans = spans if spans is not None else [()] * len(required)
        sents = [
            self._sentence(dict(r), c, positions, sp)
            for r, c, sp in zip(required, caps, spans, strict=True)
        ]
        for sent, ids, mask in zip(sents, input_ids.tolist(), attention_mask.tolist(), strict=True):
            if any(sent.spans):
                sent.tail = self._last_word(ids, mask)
                sent.opened = [
                    bool(sp) and all(self._opening(ids, a, b) for a, b in sp) for sp in sent.spans
                ]
        ban_inside, ban_start = self._ban_masks(sents)
        device = model.device
        with torch.inference_mode():
            encoder = model.get_encoder()(
                input_ids=input_ids.to(device), attention_mask=attention_mask.to(device)
            )
            hidden = encoder.last_hidden_state.repeat_interleave(k, dim=0)
            enc_mask = attention_mask.to(device).repeat_interleave(k, dim=0)
            guided = self.use_alignment and any(any(x) for s in sents for x in s.spans)
            align = _Alignment(model, hidden, enc_mask) if guided else None
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
                due, wants, gated = None, logp, None
                if align is not None:
                    weights = align.weights().cpu()
                    early = self._too_early(weights, sents, active, hyps, k, restricted)
                    if early:
                        scores[early, self.vocab.eos_id] = _NEG
                        wants = logp.clone()
                        wants[early, self.vocab.eos_id] = _NEG
                    due = self._due(weights, sents, active, hyps, k, wants)
                    gated = self._gate(scores, due, sents, active, hyps, restricted, k)
                picks = self._select(
                    scores, wants, cum, sents, active, hyps, step, restricted, k, lp, due, gated
                )
                # Keep the sentences that are still going; compact the batch when some end.
                for b in active:
                    beams[b] = [hyp for _, hyp in picks[b]]
                still = [b for b in active if not sents[b].done]
                if not still:
                    break
                src_rows: list[int] = []
                tokens: list[int] = []
                for b in still:
                    chosen = picks[b]
                    for h in range(k):
                        row, hyp = chosen[h] if h < len(chosen) else chosen[0]
                        src_rows.append(row)
                        tokens.append(hyp.tokens[-1])
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
                    if align is not None:
                        align.select(keep)
                last = torch.tensor(tokens, device=device)[:, None]
                active = still
                step += 1
        if align is not None:
            align.close()
        return [self._result(s, beams[b], lp) for b, s in enumerate(sents)]

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
                if c >= req and not sent.shielded[j]:
                    tid = sent.targets[j]
                    ids = vocab.inside.get(tid, []) + vocab.at_start.get(tid, [])
                    ban_r.extend([r] * len(ids))
                    ban_c.extend(ids)
            if not self._all_met(sent, hyp):
                ban_r.append(r)
                ban_c.append(vocab.eos_id)
            if _tight_context(hyp.text):  # "(" + "▁Putin" reads "( Putin": only "(Putin"
                spaced = [
                    alts[0][0]
                    for alts, c, q in zip(sent.spellings, hyp.counts, sent.required, strict=True)
                    if len(alts) > 1 and c < q
                ]
                ban_r.extend([r] * len(spaced))
                ban_c.extend(spaced)
            if hyp.avoid and self.avoid_own:
                ban_r.extend([r] * len(hyp.avoid))
                ban_c.extend(hyp.avoid)
            remaining = sent.cap - step
            if hyp.closing or self._needed(sent, hyp) >= remaining:
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
        cum: Any,
        sents: list[_Sentence],
        active: list[int],
        hyps: list[_Hyp | None],
        step: int,
        restricted: dict[int, list[int]],
        k: int,
        lp: float,
        due: list[frozenset[int] | None] | None = None,
        gated: dict[int, set[int]] | None = None,
    ) -> dict[int, list[tuple[int, _Hyp]]]:
        """Candidates as in dynamic beam allocation, then k survivors per sentence.

        Candidates: the sentence's top 2k continuations over all its hypotheses, each
        hypothesis's own best tokens, and each hypothesis's constraint tokens.  A
        candidate is the model's own (``ok``) only if it would have been one without
        constraints: on a row ``_gate`` penalized, only the tokens it lists.
        """
        import torch

        width = scores.shape[1]
        top_scores, top_index = scores.view(len(active), -1).topk(2 * k, dim=1)
        top_scores, top_index = top_scores.tolist(), top_index.tolist()
        own_scores, own_index = scores.topk(self.own_candidates, dim=1)
        own_scores, own_index = own_scores.tolist(), own_index.tolist()
        own = logp.argmax(dim=1).tolist()
        gated = gated or {}

        def natural(row: int, token: int) -> bool:
            return row not in restricted and (row not in gated or token in gated[row])

        # (row, token) -> (new score, natural, rank among the sentence's top 2k or None)
        cands: list[dict[tuple[int, int], tuple[float, bool, int | None]]] = [{} for _ in active]
        for i in range(len(active)):
            for rank, (s, flat) in enumerate(zip(top_scores[i], top_index[i], strict=True)):
                row = i * k + flat // width
                hyp = hyps[row]
                if s != _NEG and hyp is not None:  # a restricted row's top holds forced tokens
                    cands[i][(row, flat % width)] = (s, natural(row, flat % width), rank)
        forced_rc: list[tuple[int, int]] = []
        for r, hyp in enumerate(hyps):
            if hyp is None:
                continue
            here = cands[r // k]
            for s, t in zip(own_scores[r], own_index[r], strict=True):
                if s != _NEG and (r, t) not in here:
                    here[(r, t)] = (s, natural(r, t), None)
            sent = sents[active[r // k]]
            gate = None if due is None else due[r]
            ids = restricted.get(r) or self._forced(sent, hyp, only_best=False, due=gate)
            forced_rc.extend((r, t) for t in ids if (r, t) not in here)
        if forced_rc:
            rr = torch.tensor([r for r, _ in forced_rc])
            lps = (logp[rr, torch.tensor([t for _, t in forced_rc])] + cum[rr]).tolist()
            for (r, t), total in zip(forced_rc, lps, strict=True):
                if total != _NEG:
                    cands[r // k][(r, t)] = (total, False, None)
        picks: dict[int, list[tuple[int, _Hyp]]] = {}
        for i, b in enumerate(active):
            sent = sents[b]
            remaining = sent.cap - step - 1
            live: list[tuple[int, _Hyp]] = []
            for (row, tok), (total, natural, rank) in cands[i].items():
                hyp = hyps[row]
                assert hyp is not None
                gate = None if due is None else due[row]
                new = self._advance(sent, hyp, tok, total, not natural, own[row], gate)
                if new is None:
                    continue
                if new.finished:
                    # Plain beam search (transformers) lets only the top k candidates end.
                    if sent.constrained or (rank is not None and rank < k):
                        self._keep_finished(sent, new, k, lp)
                elif self._needed(sent, new) <= remaining:
                    live.append((row - i * k, new))
            chosen = self._allocate(sent, live, k)
            if not chosen or step + 1 >= sent.cap or self._can_stop(sent, chosen, step + 1, k, lp):
                sent.done = True
            picks[b] = [(i * k + h, hyp) for h, hyp in chosen]
        return picks

    @staticmethod
    def _bracket_first(sent: _Sentence, j: int, text: str) -> bool:
        """Every occurrence of target j opens a bracket in the Arabic, and the English has not."""
        return bool(sent.opened) and sent.opened[j] and not _tight_context(text)

    def _opening(self, ids: list[int], a: int, b: int) -> bool:
        """The source tokens ``a:b`` begin with an opening bracket or quote."""
        text = "".join(self.tokenizer.convert_ids_to_tokens(ids[a:b])).replace("▁", "")
        return text[:1] in _OPENING

    def _last_word(self, ids: list[int], mask: list[int]) -> int:
        """Source position of the first piece of the last word with a letter or digit."""
        pieces = self.tokenizer.convert_ids_to_tokens(ids)
        start, tail = -1, -1
        for i, (piece, m) in enumerate(zip(pieces, mask, strict=True)):
            if not m or ids[i] in self._source_special:
                continue
            if piece.startswith("▁") or start < 0:
                start = i
            if any(_is_word(c) for c in piece):
                tail = start
        return tail

    def _too_early(
        self,
        weights: Any,
        sents: list[_Sentence],
        active: list[int],
        hyps: list[_Hyp | None],
        k: int,
        restricted: dict[int, list[int]],
    ) -> list[int]:
        """Rows of sentences with names where the alignment head reads before the last word.

        A model that has just been made to write a name may take it for the end of
        the sentence ("... an Russia's" and stop): with names, the sentence ends only
        once the head reads its last word (or the end of the source).  Rows the length
        budget restricts are left alone.
        """
        peaks = weights.argmax(dim=1).tolist()
        out = []
        for r, hyp in enumerate(hyps):
            sent = sents[active[r // k]]
            if hyp is not None and sent.tail > 0 and r not in restricted and peaks[r] < sent.tail:
                out.append(r)
        return out

    def _due(
        self,
        weights: Any,
        sents: list[_Sentence],
        active: list[int],
        hyps: list[_Hyp | None],
        k: int,
        logp: Any,
    ) -> list[frozenset[int] | None]:
        """Per row: the targets whose Arabic the alignment head reads for the next token.

        Read means the head's peak is on the name's source tokens, or half its weight.

        None (any target may start) for sentences without spans, and for a hypothesis
        whose model would end here: a name it never read is better at the end than
        never written.
        """
        ending = (logp.argmax(dim=1) == self.vocab.eos_id).tolist()
        out: list[frozenset[int] | None] = []
        for r, hyp in enumerate(hyps):
            sent = sents[active[r // k]]
            if hyp is None or not any(sent.spans) or ending[r]:
                out.append(None)
                continue
            row = weights[r]
            peak = int(row.argmax())
            # A name just written whose Arabic the head still reads: the word after it is
            # next ("Moscow" + "'s" when وواشنطن follows موسكو).  A target's occurrences
            # are answered in the Arabic's order: the first ``eff[j]`` spans are written,
            # and only the others can make it due (one written "bwtyn" for بوتن does not
            # make the target due again while the head still reads بوتن).
            eff = self._effective(sent, hyp)
            ends = {
                b for j, spans in enumerate(sent.spans) for a, b in spans[: eff[j]] if a <= peak < b
            }
            out.append(
                frozenset(
                    j
                    for j, spans in enumerate(sent.spans)
                    if any(
                        a <= peak < b or a in ends or float(row[a:b].sum()) >= self.due_mass
                        for a, b in spans[eff[j] :]
                    )
                )
            )
        return out

    def _gate(
        self,
        scores: Any,
        due: list[frozenset[int] | None],
        sents: list[_Sentence],
        active: list[int],
        hyps: list[_Hyp | None],
        restricted: dict[int, list[int]],
        k: int,
    ) -> dict[int, set[int]]:
        """Where an owed name is due, anything but the name costs ``skip_penalty``.

        The model's own next word there is its own rendering of the name (``bwtyn``
        for بوتين: written beside the forced name, the sentence would have both), and
        a comma or a glued piece there is a way round the name that leaves it for the
        end of the sentence.  The names' tokens and an opening bracket or quote keep
        their scores.  (That names start only where due is ``_advance``'s rule.)

        Returns, per penalized row, the tokens that were candidates before the penalty
        (its sentence's top 2k, its own best): only these are the model's own choice there.
        """
        gated: dict[int, set[int]] = {}
        if not self.skip_penalty:
            return gated
        width = scores.shape[1]
        tops: dict[int, list[int]] = {}
        for r, d in enumerate(due):
            if not d or r in restricted:
                continue
            hyp = hyps[r]
            assert hyp is not None
            sent = sents[active[r // k]]
            eff = self._effective(sent, hyp)
            owed = [j for j in d if eff[j] < sent.required[j]]
            if not owed:
                continue  # the due names are written: the model moves on
            bracket = [j for j in owed if self._bracket_first(sent, j, hyp.text)]
            keep = [
                alts[0]
                for j in owed
                if j not in bracket
                for alts in [sent.spellings[j][self._start_alt(sent, j, hyp.text, False)]]
            ]
            keep += [
                sent.spellings[e.j][e.alt][e.m]
                for e in hyp.progress
                if e.m < len(sent.spellings[e.j][e.alt])
            ]
            if bracket:  # "(بوتين)": the bracket comes first, then the name glued to it
                keep += [o for o in self._bracketing if self._opens(o, hyp.text)]
            i = r // k
            if i not in tops:
                tops[i] = scores[i * k : (i + 1) * k].flatten().topk(2 * k).indices.tolist()
            gated[r] = {f % width for f in tops[i] if f // width == r % k}
            gated[r].update(scores[r].topk(self.own_candidates).indices.tolist())
            kept = scores[r, keep].clone()
            scores[r] -= self.skip_penalty
            scores[r, keep] = kept
        return gated

    def _opens(self, token: int, text: str) -> bool:
        """``token`` opens a bracket or quote after ``text`` ("Moscow'" + "s" does not)."""
        piece = self.vocab.texts[token]
        if piece.strip() in _OPENERS or piece.startswith(" "):
            return True
        return not text or text[-1].isspace() or text[-1] in _OPENERS

    @staticmethod
    def _norm(hyp: _Hyp, lp: float) -> float:
        """Length-normalized score, as transformers ranks finished beams."""
        return hyp.score / max(1, len(hyp.tokens)) ** lp

    def _keep_finished(self, sent: _Sentence, hyp: _Hyp, k: int, lp: float) -> None:
        sent.finished.append(hyp)
        sent.finished.sort(key=lambda h: self._norm(h, lp), reverse=True)
        del sent.finished[k:]

    def _can_stop(
        self, sent: _Sentence, chosen: list[tuple[int, _Hyp]], length: int, k: int, lp: float
    ) -> bool:
        """No live hypothesis can still beat what has finished (transformers' heuristic).

        The best a live hypothesis can hope for is its score now over its length now.
        Without constraints this is transformers' rule (k finished, none beatable), so
        such sentences decode exactly as ``generate`` does; with constraints the best
        finished hypothesis is the bar, and the search never stops merely because k
        hypotheses have finished.
        """
        if not sent.finished:
            return False
        bound = max(h.score for _, h in chosen) / length**lp
        if sent.constrained:
            return self._norm(sent.finished[0], lp) >= bound
        return len(sent.finished) >= k and self._norm(sent.finished[-1], lp) >= bound

    def _allocate(
        self, sent: _Sentence, live: list[tuple[int, _Hyp]], k: int
    ) -> list[tuple[int, _Hyp]]:
        """Pick k survivors: the best overall, then round-robin over banks, most-met first.

        A bank holds the hypotheses that have written the same number of constraint
        tokens (Post & Vilar 2018); taking the best of every bank before the second
        of any (Hu et al. 2019) keeps both the hypotheses that have just started a
        target and those that have not started it yet in the beam.
        """
        live.sort(key=lambda item: item[1].score, reverse=True)
        if len(live) <= k or not sent.constrained:
            return live[:k]
        banks: dict[int, list[tuple[int, _Hyp]]] = {}
        for item in live:
            banks.setdefault(self._met(sent, item[1]), []).append(item)
        chosen = [live[0]]
        taken = {id(live[0][1])}
        order = sorted(banks, reverse=True)
        for rank in range(k):
            for met in order:
                bank = banks[met]
                if len(chosen) < k and rank < len(bank) and id(bank[rank][1]) not in taken:
                    chosen.append(bank[rank])
                    taken.add(id(bank[rank][1]))
        return chosen

    def _result(self, sent: _Sentence, beam: list[_Hyp], lp: float) -> ConstrainedResult:
        names = self.scanner.targets
        if sent.finished:
            best = max(sent.finished, key=lambda h: self._norm(h, lp))
        else:
            best = max(beam, key=lambda h: h.score) if beam else self._start(sent)
        produced: dict[str, list[str]] = {}
        for j, forced in best.produced:
            produced.setdefault(names[sent.targets[j]], []).append("enforced" if forced else "ok")
        ok = best.finished and all(
            c >= k for c, k, alts in zip(best.counts, sent.required, sent.spellings, strict=True)
            if alts
        )  # fmt: skip
        dropped = {names[sent.targets[j]]: d for j, d in enumerate(sent.dropped) if d}
        return ConstrainedResult(list(best.tokens), produced, ok, dropped)
