"""The PyTorch backend (``--backend transformers``): ``generate`` on the MarianMT model.

``TorchPrefixModel`` implements ``translator.decoding.backend.Backend``, the same
operations ``Ct2Model`` gives with CTranslate2: free translation (exactly
``free_decoding.free_translate``), beam search with the alignment head's attention,
beam search on from a forced prefix with token sequences suppressed, the likeliest
tokens after a prefix, and the log-probability of a given output.  So both backends
place glossary names by the same algorithm and report the same statuses for the
same English.

The decoding is transformers' own (``decoder_input_ids`` carry the prefix,
``bad_words_ids`` the suppressed sequences, and the free pass is exactly
``free_decoding.free_translate``'s).  Hand-written here is only reading the
alignment head (``translator.decoding.alignment``) from one teacher-forced pass
over a finished output.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from translator.decoding.alignment import AlignmentHead
from translator.decoding.backend import Continuation, Decoded, suppressed_next
from translator.decoding.batching import padded
from translator.decoding.free_decoding import free_decode, free_translate
from translator.decoding.marian import load_tokenizer, load_torch_model, pick_device


def load(model_id: str, folder: Path, device: str, compute_type: str) -> TorchPrefixModel:
    """The backend registry's loader: the PyTorch model on ``device`` (``compute_type``
    is CTranslate2's and does not apply)."""
    resolved = pick_device(device)
    tokenizer = load_tokenizer(folder)
    return TorchPrefixModel(load_torch_model(folder, resolved), tokenizer)


class TorchPrefixModel:
    """A MarianMT model and its tokenizer, as a ``Backend``."""

    name = "transformers"
    replicas: int | None = None  # one decode at a time; torch threads each batch itself

    def __init__(self, model: Any, tokenizer: Any) -> None:
        self.model = model
        self.torch_model: Any = model  # the constrained last-resort decoder shares it
        self.tokenizer = tokenizer
        self.device: str = model.device.type
        self.eos_id: int = tokenizer.eos_token_id
        self.pad_id: int = tokenizer.pad_token_id
        self.start_id: int = model.config.decoder_start_token_id
        self.stats: Counter[str] = Counter()  # as ``Ct2Model.stats``

    def source_tokens(self, text: str) -> list[str]:
        """Source pieces with the final ``</s>``, as ``Ct2Model`` gives them."""
        return self.tokenizer.convert_ids_to_tokens(self.tokenizer(text).input_ids)

    def _ids(self, pieces: Sequence[str]) -> list[int]:
        return self.tokenizer.convert_tokens_to_ids(list(pieces))

    def decode(
        self,
        sources: Sequence[list[str]],
        *,
        num_beams: int,
        max_sentences: int = 16,
        attention: bool = False,
        progress: Callable[[int], None] | None = None,
        on_result: Callable[[int, Decoded], None] | None = None,
    ) -> list[Decoded]:
        """Free beam search, batch by batch as ``free_translate`` runs it, in input order."""
        encoded = [self._ids(p) for p in sources]
        results: list[Decoded] = [Decoded([]) for _ in sources]

        def batch_done(batch: list[int], outputs: list[list[int]]) -> None:
            rows = (
                self._alignment([encoded[i] for i in batch], outputs)
                if attention
                else [None] * len(batch)
            )
            for i, ids, row in zip(batch, outputs, rows, strict=True):
                results[i] = Decoded(ids, row)
                if on_result is not None:
                    on_result(i, results[i])
            if progress is not None:
                progress(len(batch))

        free_decode(
            self.model, self.tokenizer, encoded, num_beams=num_beams,
            batch_size=max_sentences, on_batch=batch_done,
        )  # fmt: skip
        return results

    def continue_from(
        self,
        source: list[str],
        prefix: Sequence[int],
        *,
        num_beams: int,
        max_tokens: int,
        suppress: Sequence[Sequence[int]] = (),
        alternatives: int = 1,
    ) -> Callable[[], list[Decoded]]:
        """Decode ``source`` on from ``prefix`` (kept as is); the result's call returns it.

        With ``alternatives`` > 1, each of the likeliest first tokens after the
        prefix is decoded on by its own beam search, best first (as CTranslate2's
        ``return_alternatives`` does).  ``suppress`` applies to the continuation.
        Decoding runs here, at once; the callable only mirrors ``Ct2Model``.
        """
        starts = [list(prefix)]
        if alternatives > 1:
            firsts = self.next_tokens(source, prefix, count=alternatives, suppress=suppress)
            starts = [[*prefix, t] for t in firsts]
        src = self._ids(source)
        outputs = [self._generate(src, p, num_beams, max_tokens, suppress) for p in starts]
        rows = self._alignment([src] * len(outputs), [ids for ids, _, _ in outputs])
        done = [
            Decoded(ids, row, score) for (ids, score, _), row in zip(outputs, rows, strict=True)
        ]
        return lambda: done

    def continue_batch(
        self, jobs: Sequence[Continuation], *, num_beams: int
    ) -> Callable[[], list[Decoded]]:
        """Every continuation of ``jobs``, as ``Ct2Model.continue_batch`` gives them.

        ``generate`` takes one prefix length per call, so each job is its own call;
        a prefix that fills its window or cap is returned as it is.  Each output
        stops at its own ``stop`` (or EOS, or ``cap``); the alignment rows of all
        outputs come from one teacher-forced pass.
        """
        outputs: list[tuple[list[int], float | None, bool]] = []
        for job in jobs:
            if job.filled:
                self.stats["filled"] += 1
                outputs.append((job.prefix[: job.cap], None, len(job.prefix) >= job.cap))
                continue
            stop = min(job.stop, job.cap)
            ids, score, eos = self._generate(
                self._ids(job.source), job.prefix, num_beams, stop, job.suppress
            )
            outputs.append((ids, score, eos or len(ids) >= job.cap))
        rows = self._alignment([self._ids(j.source) for j in jobs], [o[0] for o in outputs])
        done = [
            Decoded(ids, row, score, ended)
            for (ids, score, ended), row in zip(outputs, rows, strict=True)
        ]
        return lambda: done

    def next_tokens(
        self,
        source: list[str],
        prefix: Sequence[int],
        *,
        count: int,
        suppress: Sequence[Sequence[int]] = (),
    ) -> list[int]:
        """The model's ``count`` likeliest tokens right after ``prefix``, best first."""
        import torch

        logits, _ = self._forward([self._ids(source)], [list(prefix)], attention=False)
        last = logits[0, len(prefix)].clone()
        for token in {self.pad_id, *suppressed_next(prefix, suppress)}:
            last[token] = float("-inf")
        return torch.topk(last, min(count, last.numel())).indices.tolist()

    def log_probs(
        self, sources: Sequence[list[str]], outputs: Sequence[Sequence[int]]
    ) -> list[float]:
        """Mean log-probability per token (EOS included) of each output under the model."""
        import torch

        targets = [[*ids, self.eos_id] for ids in outputs]
        logits, _ = self._forward([self._ids(s) for s in sources], targets, attention=False)
        logp = torch.log_softmax(logits.float(), dim=-1)
        out = []
        for row, ids in enumerate(targets):
            picked = logp[row, torch.arange(len(ids)), torch.tensor(ids)]
            out.append(float(picked.mean()))
        return out

    def text(self, ids: Sequence[int]) -> str:
        return self.tokenizer.decode(list(ids), skip_special_tokens=True).strip()

    def translate(
        self,
        texts: list[str],
        *,
        num_beams: int,
        max_sentences: int = 16,
        progress: Callable[[int], None] | None = None,
        counts: list[int] | None = None,
    ) -> list[str]:
        """Free translation of ``texts``; ``counts`` collects the tokens of each output."""
        return free_translate(
            self.model, self.tokenizer, texts, num_beams=num_beams, batch_size=max_sentences,
            progress=progress, counts=counts,
        )  # fmt: skip

    # ------------------------------------------------------------------ internals
    def _generate(
        self,
        source: list[int],
        prefix: list[int],
        num_beams: int,
        max_tokens: int,
        suppress: Sequence[Sequence[int]],
    ) -> tuple[list[int], float | None, bool]:
        """Beam search from ``prefix``: the output's ids (prefix included, no EOS), its score
        and whether it ended with EOS."""
        import torch

        if len(prefix) >= max_tokens:
            return prefix[:max_tokens], None, False
        if prefix and prefix[-1] == self.eos_id:
            return prefix[:-1], None, True
        self.stats["calls"] += 1
        self.stats["sequences"] += 1
        self.stats["replayed"] += len(prefix)
        bad = [[self.pad_id], *[list(seq) for seq in suppress if seq]]
        device = self.model.device
        with torch.inference_mode():
            out = self.model.generate(
                input_ids=torch.tensor([source], device=device),
                attention_mask=torch.ones((1, len(source)), dtype=torch.long, device=device),
                decoder_input_ids=torch.tensor([[self.start_id, *prefix]], device=device),
                num_beams=num_beams,
                num_return_sequences=1,
                max_length=max_tokens + 2,  # the start token and EOS
                bad_words_ids=bad,
                return_dict_in_generate=True,
                output_scores=True,
            )
        row = out.sequences[0, 1:].tolist()
        ids = [t for t in row if t not in (self.pad_id, self.eos_id)][:max_tokens]
        self.stats["generated"] += max(0, len(ids) - len(prefix))
        scores = getattr(out, "sequences_scores", None)
        # An EOS at the stop may be the one ``generate`` forces there (Marian's
        # ``forced_eos_token_id``): only one before it ends the sentence.
        ended = self.eos_id in row and len(ids) < max_tokens
        return ids, (float(scores[0]) if scores is not None else None), ended

    def _forward(
        self, sources: Sequence[list[int]], outputs: Sequence[list[int]], *, attention: bool
    ) -> tuple[Any, list[list[list[float]]] | None]:
        """One teacher-forced pass: logits at every output position, and with ``attention``
        the alignment head's weights, per output token."""
        import torch

        model, device = self.model, self.model.device
        src, mask = padded(sources, self.pad_id)
        dec, _ = padded([[self.start_id, *o] for o in outputs], self.pad_id)
        head = AlignmentHead(model) if attention else None
        try:
            with torch.inference_mode():
                out = model(
                    input_ids=src.to(device),
                    attention_mask=mask.to(device),
                    decoder_input_ids=dec.to(device),
                )
                if head is None:
                    return out.logits, None
                keys = head.keys(out.encoder_last_hidden_state)
                weights = head.weights(head.query, keys, mask.to(device), float("-inf"))
        finally:
            if head is not None:
                head.close()
        rows = [
            weights[row, : len(o), : len(s)].tolist()
            for row, (s, o) in enumerate(zip(sources, outputs, strict=True))
        ]
        return out.logits, rows

    def _alignment(
        self, sources: Sequence[list[int]], outputs: Sequence[list[int]]
    ) -> list[list[list[float]] | None]:
        """Alignment rows for each finished output (none for an empty one)."""
        keep = [n for n, ids in enumerate(outputs) if ids]
        rows: list[list[list[float]] | None] = [[] for _ in outputs]
        if keep:
            _, found = self._forward(
                [sources[n] for n in keep], [list(outputs[n]) for n in keep], attention=True
            )
            for n, row in zip(keep, found or [], strict=True):
                rows[n] = row
        return rows
