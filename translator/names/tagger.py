"""The CRF name tagger: BIO tags (PERS, LOC, ORG) for a sentence's tokens.

A linear-chain CRF (python-crfsuite) over the features of ``features``; the model file
is small (``data/tagger/names.crfsuite``, 4 MB, trained by
``python -m translator.names.train_tagger`` on ANERcorp and AQMAR, see
``data/tagger/README.md``) and tags thousands of tokens a second on one core.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from translator.names.features import GROUPS, token_features
from translator.names.tokens import Word

DATA = Path(__file__).resolve().parent / "data" / "tagger"
DEFAULT_MODEL = DATA / "names.crfsuite"


@dataclass(frozen=True)
class Tagged:
    """Tags of one sentence and, per token, the probability of its tag."""

    tags: list[str]
    confidence: list[float]


class NameTagger:
    """A loaded CRF model and the feature groups it was trained with."""

    def __init__(self, path: Path) -> None:
        import pycrfsuite

        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))
        recipe = path.with_suffix(".json")
        self.groups: tuple[str, ...] = GROUPS
        if recipe.exists():
            self.groups = tuple(json.loads(recipe.read_text(encoding="utf-8"))["groups"])

    @classmethod
    def load_default(cls) -> NameTagger | None:
        """The shipped model, or None when the package was installed without it."""
        return _default() if DEFAULT_MODEL.exists() else None

    def tag(self, words: Sequence[Word]) -> Tagged:
        if not words:
            return Tagged([], [])
        self._tagger.set(token_features(words, self.groups))
        tags = list(self._tagger.tag())
        confidence = [self._tagger.marginal(t, i) for i, t in enumerate(tags)]
        return Tagged(tags, confidence)


@lru_cache(maxsize=1)
def _default() -> NameTagger:
    return NameTagger(DEFAULT_MODEL)
