"""Translate documents sentence by sentence, with the glossary enforced.

The engine owns the steps between a raw document and its English: segmenting,
splitting sentences the model cannot take whole, batching, the glossary, and
putting everything back in input order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from translator.decoding.free_decoding import free_translate
from translator.long_input import split_long
from translator.model_loading import DEFAULT_MODEL, LoadedModel, load_model
from translator.segment import segment

if TYPE_CHECKING:
    from glossary.termbase import Glossary
    from translator.enforcement.terms import Requirement, TermStatus

Progress = Callable[[int, int], None]  # (done, total) in model inputs


@dataclass
class Translation:
    """The English for one source text, with the glossary terms it was held to."""

    source: str
    target: str
    terms: list[TermStatus] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class SentenceTranslation(Translation):
    """A translated sentence and where it sits in the document."""

    paragraph: int = 0
    index: int = 0
    start: int = 0
    end: int = 0


@dataclass
class _Unit:
    """A piece of a source text small enough for the model."""

    owner: int
    offset: int
    text: str


class Translator:
    """A loaded model plus the settings it translates with."""

    def __init__(
        self,
        loaded: LoadedModel,
        *,
        beam: int = 4,
        batch_size: int = 16,
        glossary: Glossary | None = None,
        enforce: str = "strict",
        max_input_tokens: int = 512,
    ) -> None:
        self.loaded = loaded
        self.beam = beam
        self.batch_size = batch_size
        self.max_input_tokens = max_input_tokens
        self.glossary = glossary
        self.enforce = enforce if glossary is not None else "off"
        self._enforcer: Any = None
        self._fast_glossary: Any = None
        # Tokens in the outputs of every translate() so far (what ``tarjama bench`` counts);
        # exact where the decoder's ids are at hand, else the English re-encoded.
        self.output_tokens = 0
        if glossary is not None:
            from translator.enforcement.enforce import Enforcer

            self._enforcer = Enforcer(glossary, loaded.tokenizer, mode=self.enforce)
            if loaded.ct2 is not None:
                from translator.enforcement.ct2_glossary import Ct2Glossary

                self._fast_glossary = Ct2Glossary(
                    self._enforcer, loaded.ct2, loaded.vocab_size, lambda: loaded.model
                )

    @classmethod
    def load(
        cls,
        model_id: str = DEFAULT_MODEL,
        device: str = "auto",
        *,
        backend: str = "auto",
        compute_type: str = "int8",
        **options: Any,
    ) -> Translator:
        """Load the model for ``backend`` (auto: CTranslate2 when it works) and wrap it."""
        return cls(load_model(model_id, device, backend, compute_type), **options)

    @property
    def backend(self) -> str:
        return self.loaded.backend

    @property
    def model_id(self) -> str:
        return self.loaded.model_id

    def _count_tokens(self, text: str) -> int:
        return len(self.loaded.tokenizer(text).input_ids)

    def _units(self, texts: list[str]) -> list[_Unit]:
        units: list[_Unit] = []
        for owner, text in enumerate(texts):
            for offset, piece in split_long(text, self._count_tokens, self.max_input_tokens):
                units.append(_Unit(owner, offset, piece))
        return units

    def requirements(
        self, texts: Sequence[str], documents: Sequence[int] | None = None
    ) -> list[list[Requirement]] | None:
        """Glossary requirements of each text, matched document by document.

        ``documents[i]`` names the document text ``i`` belongs to (texts of one
        document in reading order); without it all texts are one document.
        None when no glossary is enforced.
        """
        if self._enforcer is None:
            return None
        from translator.enforcement.terms import document_requirements

        owners = list(documents) if documents is not None else [0] * len(texts)
        if len(owners) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(owners)} document ids")
        groups: dict[int, list[int]] = {}
        for i, owner in enumerate(owners):
            groups.setdefault(owner, []).append(i)
        out: list[list[Requirement]] = [[] for _ in texts]
        for members in groups.values():
            found = document_requirements([texts[i] for i in members], self._enforcer.matcher)
            for i, reqs in zip(members, found, strict=True):
                out[i] = reqs
        return out

    def translate(
        self,
        texts: list[str],
        progress: Progress | None = None,
        *,
        documents: Sequence[int] | None = None,
        requirements: list[list[Requirement]] | None = None,
    ) -> list[Translation]:
        """Translate each text (a sentence, usually), in order.

        ``documents`` groups the texts into documents for the glossary's document
        rules (see ``requirements``); by default they are one document.  A caller
        that translates a few sentences of a larger document (the review UI) passes
        their ``requirements``, computed over the whole document, instead.
        """
        units = self._units(texts)
        reqs = requirements if requirements is not None else self.requirements(texts, documents)
        if self._enforcer is None:
            reqs = None
        unit_reqs = None
        if reqs is not None:
            unit_reqs = [
                [
                    replace(r, start=r.start - unit.offset, end=r.end - unit.offset)
                    for r in reqs[unit.owner]
                    if r.start >= unit.offset and r.end <= unit.offset + len(unit.text)
                ]
                for unit in units
            ]
        done = 0

        def advance(count: int) -> None:
            nonlocal done
            done += count
            if progress is not None:
                progress(done, len(units))

        if progress is not None:
            progress(0, len(units))
        pieces = self._translate_units([unit.text for unit in units], advance, unit_reqs)
        results = [Translation(source=text, target="") for text in texts]
        parts: list[list[str]] = [[] for _ in texts]
        for unit, piece in zip(units, pieces, strict=True):
            result = results[unit.owner]
            parts[unit.owner].append(piece.target)
            result.terms.extend(
                replace(term, start=term.start + unit.offset, end=term.end + unit.offset)
                for term in piece.terms
            )
            result.warnings.extend(w for w in piece.warnings if w not in result.warnings)
        for result, texts_of in zip(results, parts, strict=True):
            result.target = " ".join(part for part in texts_of if part)
        return results

    def _free(self, texts: list[str], progress: Callable[[int], None] | None = None) -> list[str]:
        counts: list[int] = []
        if self.loaded.ct2 is not None:
            out = self.loaded.ct2.translate(
                texts,
                num_beams=self.beam,
                max_sentences=self.batch_size,
                progress=progress,
                counts=counts,
            )
        else:
            out = free_translate(
                self.loaded.model,
                self.loaded.tokenizer,
                texts,
                num_beams=self.beam,
                batch_size=self.batch_size,
                progress=progress,
                counts=counts,
            )
        self.output_tokens += sum(counts)
        return out

    def _translate_units(
        self,
        texts: list[str],
        advance: Callable[[int], None],
        reqs: list[list[Requirement]] | None,
    ) -> list[Translation]:
        if self._enforcer is None:
            return [
                Translation(text, target)
                for text, target in zip(texts, self._free(texts, advance), strict=True)
            ]
        if self._fast_glossary is not None:
            counts: list[int] = []
            enforced = self._fast_glossary.translate(
                texts, num_beams=self.beam, batch_size=self.batch_size, progress=advance,
                counts=counts, requirements=reqs,
            )  # fmt: skip
            self.output_tokens += sum(counts)
        else:
            before = self.output_tokens
            enforced = self._enforcer.translate(
                self.loaded.model,
                texts,
                self._free,
                num_beams=self.beam,
                batch_size=self.batch_size,
                progress=advance,
                requirements=reqs,
            )
            # The constrained decoder's ids stay inside the Enforcer: on this path every
            # output is counted from its English (the slow decoder dwarfs the tokenizing).
            tok = self.loaded.tokenizer
            self.output_tokens = before + sum(
                len(tok(text_target=item.target).input_ids) - 1 for item in enforced
            )
        return [
            Translation(text, item.target, list(item.terms), list(item.warnings))
            for text, item in zip(texts, enforced, strict=True)
        ]

    def translate_document(
        self, text: str, progress: Progress | None = None
    ) -> list[SentenceTranslation]:
        """Segment ``text`` and translate every sentence, keeping document order."""
        return self.translate_documents([text], progress)[0]

    def translate_documents(
        self, texts: Sequence[str], progress: Progress | None = None
    ) -> list[list[SentenceTranslation]]:
        """Segment each document and translate all their sentences in shared batches.

        The glossary's document rules apply within each document only, so each
        document's result is the same as translating it alone.
        """
        split = [segment(text) for text in texts]
        flat = [s for sentences in split for s in sentences]
        owners = [d for d, sentences in enumerate(split) for _ in sentences]
        translated = self.translate([s.text for s in flat], progress, documents=owners)
        out: list[list[SentenceTranslation]] = []
        cursor = 0
        for sentences in split:
            done = translated[cursor : cursor + len(sentences)]
            cursor += len(sentences)
            out.append(
                [
                    SentenceTranslation(
                        source=s.text,
                        target=t.target,
                        terms=t.terms,
                        warnings=t.warnings,
                        paragraph=s.paragraph,
                        index=i,
                        start=s.start,
                        end=s.end,
                    )
                    for i, (s, t) in enumerate(zip(sentences, done, strict=True))
                ]
            )
        return out
