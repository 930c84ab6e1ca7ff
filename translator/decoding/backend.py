"""The decoder seam: what a translation backend does, and the table of backends.

``Backend`` declares every operation the engine and the glossary enforcement use
from a decoder, so they never ask which one they hold: free beam search (with the
alignment head's attention), decoding on from a forced prefix (one, or a batch of
``Continuation`` windows), the likeliest tokens after a prefix, the log-probability
of a given output, and turning ids back into text.  ``Ct2Model`` (CTranslate2) and
``TorchPrefixModel`` (transformers ``generate``) implement it.

Backends are found by name in ``_LOADERS``, resolved lazily in ``backend_loader``
as sacrebleu's ``_TOKENIZERS`` are: a backend's module (and its library, CTranslate2
or torch) is imported only when that backend is loaded.  Adding a backend is one
module with a ``load`` function plus one line in ``_LOADERS``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any, Protocol, runtime_checkable


@dataclass
class Decoded:
    """One decoded sentence: target token ids (no EOS) and, if asked, its attention rows."""

    ids: list[int]
    attention: list[list[float]] | None = None
    score: float | None = None  # the decoder's score, when asked for
    # False only for a window that stopped at its ``stop`` before EOS and the cap:
    # decoding could go on from it.
    ended: bool = True


@dataclass
class Continuation:
    """One forced-prefix continuation: decode ``source`` on from ``prefix`` up to ``stop``.

    ``stop`` counts the prefix (as CTranslate2's ``max_decoding_length`` does): a
    short window after a forced name, or ``cap`` to decode to the end.  No output is
    longer than ``cap``.  ``attention`` holds the rows already known for the prefix
    (a prefix that fills ``stop`` is not decoded at all; its output is the prefix with
    these rows, zero rows for the rest).  ``suppress`` applies to the new tokens only.
    """

    source: list[str]
    prefix: list[int]
    stop: int
    cap: int
    suppress: tuple[tuple[int, ...], ...] = ()
    attention: list[list[float]] = field(default_factory=list)

    @property
    def filled(self) -> bool:
        """Whether the prefix already fills the window or the cap: nothing to decode."""
        return len(self.prefix) >= min(self.stop, self.cap)

    def as_is(self) -> Decoded:
        """The prefix as the output, without a decoder call."""
        ids = self.prefix[: self.cap]
        width = len(self.source)
        rows = [list(r) for r in self.attention[: len(ids)]]
        rows += [[0.0] * width for _ in range(len(ids) - len(rows))]
        return Decoded(list(ids), rows, None, len(ids) >= self.cap)


def suppressed_next(prefix: Sequence[int], suppress: Sequence[Sequence[int]]) -> set[int]:
    """Tokens that would complete a suppressed sequence right after ``prefix``.

    The rule of CTranslate2's ``suppress_sequences`` and transformers'
    ``bad_words_ids``, for reading a model's likeliest next tokens by hand.
    """
    banned: set[int] = set()
    for seq in suppress:
        head = list(seq[:-1])
        if seq and (not head or list(prefix[-len(head) :]) == head):
            banned.add(seq[-1])
    return banned


@runtime_checkable
class Backend(Protocol):
    """A loaded MarianMT model that decodes: what the engine and the enforcement call.

    Sources are SentencePiece pieces with the final ``</s>`` (``source_tokens``);
    outputs are target token ids without EOS.  Every decode is deterministic for a
    given input, so the same English gets the same glossary statuses on any backend.
    """

    # Capabilities, read-only: what the callers may plan around.
    @property
    def name(self) -> str:
        """The user-facing backend name (``--backend``)."""
        ...

    @property
    def device(self) -> str:
        """``cpu`` or ``cuda``, resolved."""
        ...

    @property
    def replicas(self) -> int | None:
        """Decoders that run side by side, one per core (files are handed out to them);
        None where one decode uses every core itself (PyTorch threads each batch)."""
        ...

    @property
    def torch_model(self) -> Any:
        """The PyTorch MarianMT model when this backend decodes with one (the last-resort
        constrained decoder then shares it); None where it is loaded apart, on demand."""
        ...

    @property
    def tokenizer(self) -> Any:
        """The ``transformers.MarianTokenizer`` the model was trained with."""
        ...

    @property
    def eos_id(self) -> int: ...

    @property
    def stats(self) -> Counter[str]:
        """Continuation work, for benchmarks: calls, sequences, prefix tokens replayed,
        new tokens decoded, prefixes not decoded because they fill their cap."""
        ...

    def source_tokens(self, text: str) -> list[str]:
        """Source pieces of ``text`` with the final ``</s>``."""
        ...

    def text(self, ids: Sequence[int]) -> str:
        """Detokenize: the English of target ids, special tokens dropped."""
        ...

    def translate(
        self,
        texts: list[str],
        *,
        num_beams: int,
        max_sentences: int = 16,
        progress: Callable[[int], None] | None = None,
        counts: list[int] | None = None,
    ) -> list[str]:
        """Free translation of ``texts``; ``counts`` collects the tokens of each output."""
        ...

    def decode(
        self,
        sources: Sequence[list[str]],
        *,
        num_beams: int,
        max_sentences: int = 16,
        attention: bool = False,
        progress: Callable[[int], None] | None = None,
        on_result: Callable[[int, Decoded], None] | None = None,
    ) -> list[Decoded]:
        """Free beam search of ``sources``, in input order, with attention rows if asked."""
        ...

    def continue_from(
        self,
        source: list[str],
        prefix: Sequence[int],
        *,
        num_beams: int,
        max_tokens: int,
        suppress: Sequence[Sequence[int]] = (),
        alternatives: int = 1,
    ) -> Callable[[], list[Decoded]]:
        """Start decoding ``source`` on from ``prefix``; call the result to wait for it."""
        ...

    def continue_batch(
        self, jobs: Sequence[Continuation], *, num_beams: int
    ) -> Callable[[], list[Decoded]]:
        """Start every continuation of ``jobs``; call the result to wait for them."""
        ...

    def next_tokens(
        self,
        source: list[str],
        prefix: Sequence[int],
        *,
        count: int,
        suppress: Sequence[Sequence[int]] = (),
    ) -> list[int]:
        """The model's ``count`` likeliest tokens right after ``prefix``, best first."""
        ...

    def log_probs(
        self, sources: Sequence[list[str]], outputs: Sequence[Sequence[int]]
    ) -> list[float]:
        """Mean log-probability per token (EOS included) of each output under the model."""
        ...


# A loader builds its backend from a resolved model folder:
# ``load(model_id, folder, device, compute_type)``.  It raises ``TranslatorError`` for a
# user's mistake and anything else when the backend cannot run here.
Loader = Callable[[str, Path, str, str], Backend]


@dataclass(frozen=True)
class _Entry:
    loader: str  # "module:function", imported on first use
    label: str  # the name users read in messages


# name -> its loader, in the order ``--backend`` lists them.
_LOADERS: dict[str, _Entry] = {
    "transformers": _Entry("translator.decoding.torch_prefix:load", "transformers"),
    "ctranslate2": _Entry("translator.decoding.ct2_backend:load", "CTranslate2"),
}
# A name that tries backends in turn, fastest first: each failure but the last is a
# warning and the next one is used.
FALLBACKS: dict[str, tuple[str, ...]] = {"auto": ("ctranslate2", "transformers")}
BACKENDS: tuple[str, ...] = (*FALLBACKS, *_LOADERS)


def backend_chain(name: str) -> tuple[str, ...]:
    """The backends ``name`` tries, in order (one, unless ``name`` is a fallback chain)."""
    return FALLBACKS.get(name, (name,))


def backend_label(name: str) -> str:
    """How messages name backend ``name`` ("CTranslate2")."""
    return _LOADERS[name].label


def backend_loader(name: str) -> Loader:
    """The loader of backend ``name``, its module imported now (and only now).

    Imported by name here, in this one place, so that choosing a backend never
    imports another's library (ctranslate2 or torch) and this module imports none.
    """
    module, function = _LOADERS[name].loader.split(":")
    loader: Loader = getattr(import_module(module), function)
    return loader
