"""Unconstrained batched beam search with transformers ``generate``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from translator.decoding.batching import length_sorted_batches, padded
from translator.decoding.lengths import output_token_cap


class RowLengthCap:
    """Logits processor that ends each row at its own length cap.

    ``max_new_tokens`` is one number per batch; sentences sorted together still
    differ, and a short sentence must not be allowed to loop up to a long
    neighbour's cap.
    """

    def __init__(self, caps: list[int], num_beams: int, eos_id: int, start_len: int = 1) -> None:
        import torch

        self.caps = torch.tensor(caps).repeat_interleave(num_beams)
        self.eos_id = eos_id
        self.start_len = start_len

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        generated = input_ids.shape[1] - self.start_len
        done = self.caps.to(scores.device) <= generated + 1
        if bool(done.any()):
            eos_scores = scores[done, self.eos_id].clone()
            scores[done] = float("-inf")
            scores[done, self.eos_id] = eos_scores.clamp(min=-1e4)
        return scores


def free_translate(
    model: Any,
    tokenizer: Any,
    texts: list[str],
    *,
    num_beams: int,
    batch_size: int,
    max_batch_tokens: int = 4096,
    progress: Callable[[int], None] | None = None,
    counts: list[int] | None = None,
) -> list[str]:
    """Translate ``texts`` (each within the model's input limit), in input order.

    ``counts``, when given, gets the number of tokens in each output (no EOS, no padding).
    """
    if not texts:
        return []

    def batch_done(batch: list[int], outputs: list[list[int]]) -> None:
        if progress is not None:
            progress(len(batch))

    outputs = free_decode(
        model, tokenizer, [tokenizer(text).input_ids for text in texts], num_beams=num_beams,
        batch_size=batch_size, max_batch_tokens=max_batch_tokens, on_batch=batch_done,
    )  # fmt: skip
    if counts is not None:
        counts.extend(len(ids) for ids in outputs)
    return [tokenizer.decode(ids, skip_special_tokens=True).strip() for ids in outputs]


def free_decode(
    model: Any,
    tokenizer: Any,
    encoded: list[list[int]],
    *,
    num_beams: int,
    batch_size: int,
    max_batch_tokens: int = 4096,
    on_batch: Callable[[list[int], list[list[int]]], None] | None = None,
) -> list[list[int]]:
    """Beam-search the source ids ``encoded`` in length-sorted batches, in input order.

    Each output is its token ids without the start token, EOS or padding;
    ``on_batch(indices, outputs)`` is called as each batch finishes.
    """
    import torch
    from transformers import LogitsProcessorList

    lengths = [len(ids) for ids in encoded]
    results: list[list[int]] = [[] for _ in encoded]
    pad_id = tokenizer.pad_token_id
    specials = {pad_id, tokenizer.eos_token_id}
    for batch in length_sorted_batches(lengths, batch_size, max_batch_tokens):
        input_ids, mask = padded([encoded[i] for i in batch], pad_id)
        caps = [output_token_cap(lengths[i]) for i in batch]
        processor = RowLengthCap(caps, num_beams, model.config.eos_token_id)
        with torch.inference_mode():
            output = model.generate(
                input_ids=input_ids.to(model.device),
                attention_mask=mask.to(model.device),
                num_beams=num_beams,
                max_new_tokens=max(caps),
                logits_processor=LogitsProcessorList([processor]),
            )
        done = [
            [t for t in output[row, 1:].tolist() if t not in specials] for row in range(len(batch))
        ]
        for index, ids in zip(batch, done, strict=True):
            results[index] = ids
        if on_batch is not None:
            on_batch(batch, done)
    return results
