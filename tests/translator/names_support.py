"""Inputs for the names tests: the seed article's sentences and its reference English."""

from __future__ import annotations

import json
from pathlib import Path

from translator.segment import segment

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "seeds" / "000_33cab2cb41f507af.txt"
ENGLISH = ROOT / "seeds" / "000_33cab2cb41f507af.en.txt"


def sentence_english(arabic: str, english: str) -> dict[int, str]:
    """Each sentence's English: the reference paragraph it belongs to (line-aligned files).

    The seed's reference translation is aligned by paragraph, not sentence; a sentence's
    English is therefore its paragraph's, which holds the sentence's names and others.
    """
    paragraphs = [line for line in english.splitlines() if line.strip()]
    return {i: paragraphs[s.paragraph] for i, s in enumerate(segment(arabic))}


def translations_jsonl(arabic: str, english: str) -> str:
    """The seed as ``tarjama translate --format jsonl`` would give it, with reference English."""
    by_sentence = sentence_english(arabic, english)
    lines = []
    for i, s in enumerate(segment(arabic)):
        record = {"paragraph": s.paragraph, "index": i, "source": s.text, "target": by_sentence[i]}
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return "".join(lines)
