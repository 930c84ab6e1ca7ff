"""The CTranslate2 backend: convert a Marian model once, cache it, decode in int8.

CTranslate2 runs OPUS-MT several times faster than PyTorch at a fraction of the
memory, but only from its own model format.  Conversion takes seconds and a
full PyTorch load, so it is done once per model revision and compute type into
``<cache>/tarjama/ct2/<key>``; later runs load the converted folder directly.

Sentences are decoded in length-sorted batches bounded by a token budget, one
CTranslate2 job per batch, so each batch gets its own length cap and the
replicas (one per physical core) never wait on each other.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from translator.decoding.backend import Continuation, Decoded, suppressed_next
from translator.decoding.batching import length_sorted_batches
from translator.decoding.lengths import output_token_cap
from translator.decoding.marian import load_tokenizer, physical_cores, quiet_transformers
from translator.errors import TranslatorError, first_line

WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
TOKENIZER_FILES = ("vocab.json", "source.spm", "target.spm")
# Padded source tokens per batch: large enough to fill the GEMMs, small enough
# that two batches in flight (KV caches of beam x cap rows) stay well under 1 GB.
MAX_BATCH_TOKENS = 1024


class ConversionError(Exception):
    """The model could not be converted (or the cache written); the message says why."""


def cache_root() -> Path:
    """``$XDG_CACHE_HOME/tarjama`` (``~/.cache/tarjama`` when unset)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tarjama"


def model_revision(folder: Path) -> str:
    """What identifies this copy of the model's files.

    A hub snapshot folder is named after its commit; a local folder is
    identified by its config plus the size and mtime of its weights and
    tokenizer files, so re-saving a model gets a fresh conversion.
    """
    if folder.parent.name == "snapshots" and len(folder.name) == 40:
        return folder.name
    digest = hashlib.sha256((folder / "config.json").read_bytes())
    for name in (*WEIGHT_FILES, *TOKENIZER_FILES):
        path = folder / name
        if path.is_file():
            info = path.stat()
            digest.update(f"{name}:{info.st_size}:{info.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def cache_key(model_id: str, folder: Path, compute_type: str) -> str:
    """Folder name for one conversion: model, revision, compute type and converter version."""
    import ctranslate2

    identity = os.path.abspath(model_id) if Path(model_id).expanduser().exists() else model_id
    payload = json.dumps(
        [identity, model_revision(folder), compute_type, ctranslate2.__version__]
    ).encode()
    slug = "".join(c if c.isalnum() else "-" for c in Path(model_id).name or "model")[:40]
    return f"{slug}-{compute_type}-{hashlib.sha256(payload).hexdigest()[:16]}"


def converted_model(
    model_id: str, folder: Path, compute_type: str, cache: Path | None = None
) -> Path:
    """The converted model folder, converting on first use.

    The conversion is written to a temporary folder beside its final place and
    renamed in, so an interrupted run or a concurrent one never leaves (or
    reads) half a model.
    """
    cache = cache or cache_root() / "ct2"
    try:
        target = cache / cache_key(model_id, folder, compute_type)
    except OSError as err:
        raise ConversionError(f"cannot read {folder}: {err.strerror}") from err
    if (target / "model.bin").is_file():
        return target
    from ctranslate2.converters import TransformersConverter

    quiet_transformers()
    try:
        cache.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=cache))
    except OSError as err:
        raise ConversionError(f"cannot write the cache folder {cache}: {err.strerror}") from err
    try:
        staged = work / "model"
        TransformersConverter(str(folder)).convert(str(staged), quantization=compute_type)
        try:
            os.rename(staged, target)
        except OSError:
            if not (target / "model.bin").is_file():  # not a concurrent run that won the race
                raise
    except Exception as err:
        detail = first_line(err) or type(err).__name__
        raise ConversionError(detail) from err
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def resolve_device(device: str) -> str:
    """``auto`` means CUDA when CTranslate2 sees a GPU (without importing torch)."""
    import ctranslate2

    if device == "auto":
        return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    return device


def load(model_id: str, folder: Path, device: str, compute_type: str) -> Ct2Model:
    """The backend registry's loader: convert (once, cached) and load for ``device``.

    An ``ImportError`` (CTranslate2 not installed) or a failed conversion tells
    ``load_model`` this backend cannot run here.
    """
    import ctranslate2

    resolved = resolve_device(device)
    if device == "cuda" and ctranslate2.get_cuda_device_count() == 0:
        raise TranslatorError(
            "--device cuda was asked for but no CUDA GPU is available; use --device cpu"
        )
    path = converted_model(model_id, folder, compute_type)
    return Ct2Model(path, load_tokenizer(folder), resolved, compute_type, physical_cores())


class Ct2Model:
    """A converted Marian model plus the tokenizer that feeds it, as a ``Backend``."""

    name = "ctranslate2"
    torch_model: Any = None  # the constrained last-resort decoder loads its own

    def __init__(
        self, path: Path, tokenizer: Any, device: str, compute_type: str, cores: int
    ) -> None:
        import ctranslate2

        supported = ctranslate2.get_supported_compute_types(device)
        if compute_type not in supported and compute_type != "default":
            raise TranslatorError(
                f"--compute-type {compute_type} is not supported on {device} "
                f"(supported: {', '.join(sorted(supported))})"
            )
        self.path = path
        self.tokenizer = tokenizer
        self.device = device
        self.compute_type = compute_type
        # One replica per physical core, one thread each: batches run side by side
        # and nothing spins waiting for a sibling thread on a busy machine.
        self.translator = ctranslate2.Translator(
            str(path),
            device=device,
            compute_type=compute_type,
            inter_threads=cores if device == "cpu" else 1,
            intra_threads=1 if device == "cpu" else 0,
        )
        self.replicas = cores if device == "cpu" else 1
        self.eos_id: int = tokenizer.eos_token_id
        self._vocab_ids: Any = None
        # Continuation work, for benchmarks: calls, sequences, prefix tokens replayed,
        # new tokens decoded, prefixes not decoded because they fill their cap.
        self.stats: Counter[str] = Counter()

    def source_tokens(self, text: str) -> list[str]:
        """Source pieces with the final ``</s>`` (CTranslate2 does not add it)."""
        return self.tokenizer.convert_ids_to_tokens(self.tokenizer(text).input_ids)

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
        """Beam-search ``sources`` (piece lists) in length-sorted batches, in input order.

        Each sentence stops at ``output_token_cap(len(source)) - 1`` tokens, the
        same cap as the transformers path (whose cap counts the forced EOS).
        ``on_result(i, decoded)`` is called for each sentence as its batch finishes.
        """
        if not sources:
            return []
        lengths = [len(s) for s in sources]
        caps = [output_token_cap(n) - 1 for n in lengths]
        # At least three batches per replica: the replicas then finish close together, and
        # smaller batches share closer length caps (measured ~10 % faster than two each).
        per_batch = max(8, min(MAX_BATCH_TOKENS, -(-sum(lengths) // (3 * self.replicas))))
        batches = length_sorted_batches(lengths, max_sentences, per_batch)
        jobs = [
            self.translator.translate_batch(
                [sources[i] for i in batch],
                beam_size=num_beams,
                max_decoding_length=max(caps[i] for i in batch),
                max_input_length=0,
                return_attention=attention,
                asynchronous=True,
            )
            for batch in batches
        ]
        results: list[Decoded] = [Decoded([]) for _ in sources]
        for batch, job in zip(batches, jobs, strict=True):
            for i, pending in zip(batch, job, strict=True):
                results[i] = self._decoded(pending.result(), caps[i], attention)
                if on_result is not None:
                    on_result(i, results[i])
            if progress is not None:
                progress(len(batch))
        return results

    def _decoded(self, result: Any, cap: int, attention: bool, n: int = 0) -> Decoded:
        ids = self.tokenizer.convert_tokens_to_ids(result.hypotheses[n])[:cap]
        rows = [list(r) for r in result.attention[n][: len(ids)]] if attention else None
        return Decoded(ids, rows, result.scores[n] if result.scores else None)

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
        """Start decoding ``source`` on from ``prefix`` (kept as is); call the result to wait.

        The prefix is replayed through the beam step by step (a plain
        ``target_prefix``).  ``return_alternatives`` would run it in one pass at a
        fraction of the cost, but in CTranslate2 4.8 the token it then expands
        is not the one greedy decoding of the same prefix gives (in 48 of 140
        positions on the trained test model; a replayed prefix and the PyTorch
        model agree in all 140), so continuations went on from the wrong word.
        With ``alternatives`` > 1, each of the likeliest first tokens after the
        prefix is decoded on by its own beam search, best first.
        ``suppress`` (token id sequences) applies to the continuations only: a
        prefix token is forced even where it is suppressed.  Each result holds
        the whole output, prefix included, with its attention and score.
        """
        if len(prefix) >= max_tokens:  # fills the cap: nothing to decode, nothing to replay
            kept = Continuation(source, list(prefix), max_tokens, max_tokens).as_is()
            return lambda: [kept]
        starts = [list(prefix)]
        if alternatives > 1:
            firsts = self.next_tokens(source, prefix, count=alternatives, suppress=suppress)
            starts = [[*prefix, t] for t in firsts if t != self.eos_id]
        jobs = [
            self._submit(
                [source], [start], num_beams=num_beams, stop=max_tokens, suppress=suppress
            )[0]
            for start in starts
        ]

        def wait() -> list[Decoded]:
            out = [self._decoded(job.result(), max_tokens, True) for job in jobs]
            self.stats["generated"] += sum(
                max(0, len(d.ids) - len(start)) for d, start in zip(out, starts, strict=True)
            )
            return out

        return wait

    def continue_batch(
        self, jobs: Sequence[Continuation], *, num_beams: int
    ) -> Callable[[], list[Decoded]]:
        """Start every continuation of ``jobs``, batched; call the result to wait for them.

        ``suppress_sequences`` and ``max_decoding_length`` are one per
        ``translate_batch`` call, so jobs are grouped by their suppress list and
        window size (stop minus prefix), sorted by prefix length and split into one
        call per replica; each call decodes to
        its longest ``stop`` and every output is cut to its own ``stop`` (as
        ``generate`` stops it on PyTorch).  A prefix that fills its window or cap is
        returned as it is, never replayed.
        """
        done: list[Decoded | None] = [job.as_is() if job.filled else None for job in jobs]
        groups: dict[tuple[Any, ...], list[int]] = {}
        for k, job in enumerate(jobs):
            if done[k] is None:  # one call decodes to its longest stop: group by window size
                size = min(job.stop, job.cap) - len(job.prefix)
                groups.setdefault((tuple(sorted(set(job.suppress))), size), []).append(k)
        self.stats["filled"] += sum(d is not None for d in done)
        calls: list[tuple[list[int], int, Any]] = []
        for (suppress, _), members in groups.items():
            members.sort(key=lambda k: len(jobs[k].prefix))
            parts = min(self.replicas, len(members))
            size = -(-len(members) // parts)
            for start in range(0, len(members), size):
                chunk = members[start : start + size]
                stop = max(min(jobs[k].stop, jobs[k].cap) for k in chunk)
                pending = self._submit(
                    [jobs[k].source for k in chunk],
                    [jobs[k].prefix for k in chunk],
                    num_beams=num_beams,
                    stop=stop,
                    suppress=suppress,
                )
                calls.append((chunk, stop, pending))

        def wait() -> list[Decoded]:
            for chunk, stop, pending in calls:
                for k, job in zip(chunk, pending, strict=True):
                    result = job.result()
                    written = len(result.hypotheses[0])
                    own = min(jobs[k].stop, jobs[k].cap)
                    # Cut to the job's own stop, as ``generate`` stops it on PyTorch.
                    out = self._decoded(result, own, True)
                    out.ended = (written < stop and written <= own) or len(out.ids) >= jobs[k].cap
                    self.stats["generated"] += max(0, written - len(jobs[k].prefix))
                    done[k] = out
            return [d if d is not None else Decoded([]) for d in done]

        return wait

    def _submit(
        self,
        sources: list[list[str]],
        prefixes: list[list[int]],
        *,
        num_beams: int,
        stop: int,
        suppress: Sequence[Sequence[int]],
    ) -> Any:
        """Start one ``translate_batch`` on from forced ``prefixes``, decoding to ``stop``
        tokens with ``suppress`` banned, attention and scores returned; one async result
        per source."""
        tok = self.tokenizer
        banned = [tok.convert_ids_to_tokens(list(seq)) for seq in suppress if seq] or None
        self.stats["calls"] += 1
        self.stats["sequences"] += len(sources)
        self.stats["replayed"] += sum(len(prefix) for prefix in prefixes)
        return self.translator.translate_batch(
            sources,
            target_prefix=[tok.convert_ids_to_tokens(prefix) for prefix in prefixes],
            beam_size=num_beams,
            max_decoding_length=stop,
            max_input_length=0,
            suppress_sequences=banned,
            return_attention=True,
            return_scores=True,
            asynchronous=True,
        )

    def next_tokens(
        self,
        source: list[str],
        prefix: Sequence[int],
        *,
        count: int,
        suppress: Sequence[Sequence[int]] = (),
    ) -> list[int]:
        """The model's ``count`` likeliest tokens right after ``prefix``, best first.

        Read from the logits of one greedy step after the replayed prefix (see
        ``continue_from`` for why not ``return_alternatives``).
        """
        import numpy as np

        tok = self.tokenizer
        (result,) = self.translator.translate_batch(
            [source],
            target_prefix=[tok.convert_ids_to_tokens(list(prefix))],
            beam_size=1,
            max_decoding_length=len(prefix) + 1,
            max_input_length=0,
            return_logits_vocab=True,
        )
        logits = np.asarray(result.logits[0][len(prefix)], dtype=np.float32).copy()
        ids = self._vocabulary_ids()
        for token in suppressed_next(prefix, suppress):
            logits[ids == token] = -np.inf
        order = np.argsort(-logits, kind="stable")[:count]
        return [int(ids[k]) for k in order]

    def _vocabulary_ids(self) -> Any:
        """Tokenizer id of each entry of the converted model's target vocabulary."""
        if self._vocab_ids is None:
            import numpy as np

            names = ("target_vocabulary.json", "shared_vocabulary.json")
            path = next(self.path / n for n in names if (self.path / n).is_file())
            tokens = json.loads(path.read_text(encoding="utf-8"))
            self._vocab_ids = np.asarray(self.tokenizer.convert_tokens_to_ids(tokens))
        return self._vocab_ids

    def log_probs(
        self, sources: Sequence[list[str]], outputs: Sequence[Sequence[int]]
    ) -> list[float]:
        """Mean log-probability per token (EOS included) of each output under the model."""
        tok = self.tokenizer
        scored = self.translator.score_batch(
            list(sources), [tok.convert_ids_to_tokens(list(ids)) for ids in outputs]
        )
        return [sum(r.log_probs) / max(1, len(r.log_probs)) for r in scored]

    def text(self, ids: Sequence[int]) -> str:
        return self.tokenizer.decode(list(ids), skip_special_tokens=True).strip()

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
        decoded = self.decode(
            [self.source_tokens(t) for t in texts],
            num_beams=num_beams,
            max_sentences=max_sentences,
            progress=progress,
        )
        if counts is not None:
            counts.extend(len(d.ids) for d in decoded)
        return [self.text(d.ids) for d in decoded]
