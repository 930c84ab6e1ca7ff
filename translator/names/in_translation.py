"""Unknown names of a translated document, attached to its sentences.

``translate`` calls ``attach_names`` once per document after translating it: every
sentence gets the unknown names found in it (span in the sentence, Arabic form, type,
confidence) with the top proposed spelling, read from the English just written for the
sentences the name occurs in, the translation memory and the transliterator.  The
``jsonl`` format writes them (``names``), the run summary and the corpus manifest count
them.  The finder and the matcher are built once per glossary and kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from glossary.matcher import Matcher
from translator.names.candidates import NameFinder, SentenceText
from translator.names.proposals import Proposer, load_transliterator

if TYPE_CHECKING:
    from glossary.termbase import Glossary
    from translator.engine import SentenceTranslation

_FINDERS: dict[int, tuple[Glossary | None, NameFinder]] = {}
_TRANSLITERATOR: list[Any] = []


def _finder(glossary: Glossary | None) -> NameFinder:
    held = _FINDERS.get(id(glossary))
    if held is not None and held[0] is glossary:
        return held[1]
    finder = NameFinder(Matcher(glossary) if glossary is not None else None)
    _FINDERS.clear()
    _FINDERS[id(glossary)] = (glossary, finder)
    return finder


def _transliterator() -> Any:
    if not _TRANSLITERATOR:
        _TRANSLITERATOR.append(load_transliterator())
    return _TRANSLITERATOR[0]


def attach_names(
    sentences: Sequence[SentenceTranslation],
    glossary: Glossary | None,
    memory: object = None,
    name: str = "-",
) -> int:
    """Set each sentence's ``names``; returns how many distinct unknown names were found."""
    if not sentences:
        return 0
    finder = _finder(glossary)
    texts = [SentenceText(i, s.source) for i, s in enumerate(sentences)]
    candidates = finder.document(name, texts)
    reader: Any = memory if hasattr(memory, "candidates") and hasattr(memory, "by_ids") else None

    def english(_document: str, position: int) -> str | None:
        return sentences[position].target

    proposer = Proposer(reader, _transliterator(), english)
    proposals = proposer.propose(candidates, n=3)
    per_sentence: list[list[dict[str, Any]]] = [[] for _ in sentences]
    for candidate, ranked in zip(candidates, proposals, strict=True):
        top = ranked[0].as_dict() if ranked else None
        for o in candidate.occurrences:
            per_sentence[o.sentence].append(
                {
                    "source": o.text,
                    "start": o.start,
                    "end": o.end,
                    "arabic": candidate.forms[0] if candidate.forms else candidate.key,
                    "type": candidate.type.value if candidate.type else None,
                    "confidence": candidate.confidence,
                    "proposal": top,
                }
            )
    for sentence, found in zip(sentences, per_sentence, strict=True):
        found.sort(key=lambda n: n["start"])
        sentence.names = found
    return len(candidates)
