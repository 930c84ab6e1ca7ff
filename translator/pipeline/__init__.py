"""One sentence, one record, one pipeline.

Modules:

* ``record`` — SentenceRecord (one sentence: place, source, requirements, memory
  match, English, origin, term statuses, warnings, last-resort marks, names),
  ReusedSentence and the ``Origin`` enum;
* ``stages`` — segment, match, decode+enforce and assemble (the memory stage is
  ``translator.memory.reuse.ExactReuse``);
* ``pipeline`` — Pipeline: the stages in order, fed whole documents (``run``),
  a stream of paragraphs (``stream``) or matched records (``translate``).

See docs/design/architecture.md, "One sentence, one record, one pipeline".
"""

from translator.pipeline.pipeline import Block, Pipeline, StreamState
from translator.pipeline.record import Origin, ReusedSentence, SentenceRecord
from translator.pipeline.stages import Decode, Match

__all__ = [
    "Block",
    "Decode",
    "Match",
    "Origin",
    "Pipeline",
    "ReusedSentence",
    "SentenceRecord",
    "StreamState",
]
