"""Length-sorted batches: padding costs compute, so similar lengths travel together."""

from __future__ import annotations


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
