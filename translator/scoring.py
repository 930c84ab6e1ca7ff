"""Corpus scores through sacrebleu's API, with its reproducibility signatures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Score:
    key: str  # stable name for JSON output
    name: str
    score: float
    signature: str


def split_lines(text: str) -> list[str]:
    """The lines of a file as ``sacrebleu``'s command reads them.

    It opens files with ``newline="\\n"`` (so only ``\\n`` ends a line; U+2028, NEL,
    form feed and a lone CR stay inside it) and ``rstrip``s each line.
    """
    if not text:
        return []
    pieces = text.split("\n")
    if text.endswith("\n"):
        pieces.pop()  # iterating a file gives no empty line after the last newline
    return [line.rstrip() for line in pieces]


def corpus_scores(hypotheses: list[str], references: Sequence[list[str]]) -> list[Score]:
    """BLEU, chrF and TER of line-aligned hypotheses against one or more reference sets.

    ``references`` holds one list per reference translation, each line-aligned
    with ``hypotheses`` (sacrebleu's own layout), so several references are
    scored together exactly as sacrebleu scores them.
    """
    from sacrebleu.metrics import BLEU, CHRF, TER

    refs = [list(r) for r in references]
    scores = []
    for key, metric in (("bleu", BLEU()), ("chrf", CHRF()), ("ter", TER())):
        result = metric.corpus_score(hypotheses, refs)
        scores.append(Score(key, result.name, round(result.score, 2), str(metric.get_signature())))
    return scores


def sentence_ter(hypothesis: str, reference: str) -> float:
    """TER of one sentence: post-editing effort between machine output and final text."""
    from sacrebleu.metrics import TER

    return round(TER().sentence_score(hypothesis, [reference]).score, 2)
