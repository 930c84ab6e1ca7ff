"""Output length caps: OPUS-MT models can loop on odd input, so output is bounded."""


def output_token_cap(source_tokens: int, limit: int = 512) -> int:
    """Most target tokens allowed for a source of ``source_tokens`` tokens."""
    return min(limit, 2 * source_tokens + 10)
