"""Unconstrained batched beam search with transformers ``generate``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from translator.decoding.batching import length_sorted_batches
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
    import torch
    from transformers import LogitsProcessorList

    if not texts:
        return []
    encoded = [tokenizer(text).input_ids for text in texts]
    lengths = [len(ids) for ids in encoded]
    results: list[str] = [""] * len(texts)
    lengths_out: list[int] = [0] * len(texts)
    pad_id = tokenizer.pad_token_id
    specials = {pad_id, tokenizer.eos_token_id}
    for batch in length_sorted_batches(lengths, batch_size, max_batch_tokens):
        width = max(lengths[i] for i in batch)
        input_ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        for row, index in enumerate(batch):
            input_ids[row, : lengths[index]] = torch.tensor(encoded[index])
            mask[row, : lengths[index]] = 1
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
        decoded = tokenizer.batch_decode(output, skip_special_tokens=True)
        for row, index in enumerate(batch):
            results[index] = decoded[row].strip()
            lengths_out[index] = sum(1 for t in output[row, 1:].tolist() if t not in specials)
        if progress is not None:
            progress(len(batch))
    if counts is not None:
        counts.extend(lengths_out)
    return results
