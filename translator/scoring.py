"""Corpus scores through sacrebleu's API, with its reproducibility signatures."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Score:
    key: str  # stable name for JSON output
    name: str
    score: float
    signature: str


def corpus_scores(hypotheses: list[str], references: list[str]) -> list[Score]:
    """BLEU, chrF and TER of line-aligned hypotheses against one reference set."""
    from sacrebleu.metrics import BLEU, CHRF, TER

    scores = []
    for key, metric in (("bleu", BLEU()), ("chrf", CHRF()), ("ter", TER())):
        result = metric.corpus_score(hypotheses, [references])
        scores.append(Score(key, result.name, round(result.score, 2), str(metric.get_signature())))
    return scores


def sentence_ter(hypothesis: str, reference: str) -> float:
    """TER of one sentence: post-editing effort between machine output and final text."""
    from sacrebleu.metrics import TER

    return round(TER().sentence_score(hypothesis, [reference]).score, 2)
