"""The sample article ``tarjama bench`` translates, shipped inside the package.

``data/`` holds copies of ``seeds/000_33cab2cb41f507af*`` (the Arabic article, its
English reference and its glossary): read through ``importlib.resources`` so that the
command works from an installed wheel, which has no ``seeds/`` folder.  The random
model's SentencePiece models are trained on all three, as they were from ``seeds/``, so
its vocabulary (and so the token counts the benchmark compares) is the same.
``tests/translator/test_bench.py`` checks the copies still equal ``seeds/``.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

from translator.segment import segment

ARTICLE = "000_33cab2cb41f507af.txt"
SENTENCES = 34  # the article's sentences: the default run reads it once


def seed_folder() -> Traversable:
    """The packaged seed files (a real folder for a normal install)."""
    return files("translator.bench") / "data"


def bench_sentences(count: int) -> list[str]:
    """``count`` sentences of the seed article, repeating it as needed."""
    text = (seed_folder() / ARTICLE).read_text("utf-8")
    found = [s.text for s in segment(text)]
    return [found[i % len(found)] for i in range(count)]
