"""Length-sorted batches: padding costs compute, so similar lengths travel together.

``padded`` is the one place a batch of token id rows becomes a right-padded tensor
and its attention mask (free decoding, the PyTorch backend's teacher-forced pass
and the constrained decoder all feed ``generate`` or the model this way).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def length_sorted_batches(
    lengths: list[int], max_sentences: int, max_tokens: int
) -> list[list[int]]:
    """Indexes grouped into batches, longest first, bounded by count and padded tokens."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i], reverse=True)
    batches: list[list[int]] = []
    current: list[int] = []
    for index in order:
        longest = lengths[current[0]] if current else lengths[index]
        if current and (len(current) >= max_sentences or longest * (len(current) + 1) > max_tokens):
            batches.append(current)
            current = []
        current.append(index)
    if current:
        batches.append(current)
    return batches


def padded(rows: Sequence[Sequence[int]], pad_id: int) -> tuple[Any, Any]:
    """``rows`` as one right-padded ``torch.long`` batch, and its attention mask."""
    import torch

    width = max(len(row) for row in rows)
    ids = torch.full((len(rows), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for n, row in enumerate(rows):
        ids[n, : len(row)] = torch.tensor(row)
        mask[n, : len(row)] = 1
    return ids, mask
