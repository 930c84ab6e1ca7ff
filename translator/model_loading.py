"""Load a MarianMT model and tokenizer from a hub id or a local folder.

Offline, ``from_pretrained`` retries the hub for half a minute and then raises a
message about internet connections.  Users deserve one line that says what to
do, at once, so the cache is tried first and the hub is probed with a short
timeout before any download is attempted.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from translator.decoding.backend import (
    BACKENDS,
    Backend,
    backend_chain,
    backend_label,
    backend_loader,
)
from translator.decoding.marian import (  # re-exported: callers load pieces from here
    configure_threads,
    load_tokenizer,
    load_torch_model,
    physical_cores,
    pick_device,
    quiet_transformers,
)
from translator.errors import TranslatorError, first_line

__all__ = [
    "BACKENDS",
    "COMPUTE_TYPES",
    "DEFAULT_MODEL",
    "LoadedModel",
    "configure_threads",
    "load_model",
    "load_tokenizer",
    "load_torch_model",
    "physical_cores",
    "pick_device",
    "quiet_transformers",
    "resolve_model_folder",
]

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-ar-en"
COMPUTE_TYPES = (
    "int8",
    "int8_float32",
    "int8_float16",
    "int8_bfloat16",
    "int16",
    "float16",
    "bfloat16",
    "float32",
)
MARIAN_FILES = ("config.json", "source.spm", "target.spm", "vocab.json")
# Any one of these holds the weights ``from_pretrained`` reads (sharded ones via the index).
WEIGHT_FILES = (
    "model.safetensors",
    "pytorch_model.bin",
    "model.safetensors.index.json",
    "pytorch_model.bin.index.json",
)


class LoadedModel:
    """A Marian model ready to translate: its decoder (``Backend``) and what identifies it.

    The PyTorch model is loaded only if something asks for ``model`` (the
    glossary's last-resort decoder) and the backend does not already hold it: on
    CTranslate2 it would double the memory of a run that usually never touches it.
    """

    def __init__(self, model_id: str, decoder: Backend, folder: Path) -> None:
        self.model_id = model_id
        self.decoder = decoder
        self.tokenizer: Any = decoder.tokenizer  # transformers.MarianTokenizer
        self.device = decoder.device
        self.folder = folder  # where the files are on disk (the hub cache for hub ids)
        self._model: Any = decoder.torch_model

    @property
    def model(self) -> Any:
        """The PyTorch ``MarianMTModel``, loaded on first use where the backend has none."""
        if self._model is None:
            self._model = load_torch_model(self.folder, self.device)
        return self._model

    @property
    def backend(self) -> str:
        """The backend's user-facing name (``ctranslate2``, ``transformers``)."""
        return self.decoder.name

    @property
    def vocab_size(self) -> int:
        if self._model is not None:
            return int(self._model.config.vocab_size)
        return int(json.loads((self.folder / "config.json").read_text("utf-8"))["vocab_size"])


def _looks_like_path(model_id: str) -> bool:
    return (
        model_id.startswith((".", "/", "~"))
        or model_id.count("/") > 1
        or Path(model_id).expanduser().exists()
    )


def _check_folder(folder: Path, model_id: str) -> None:
    if not folder.is_dir():
        raise TranslatorError(
            f"model folder {model_id!r} does not exist; "
            "pass --model with a MarianMT folder or a hub id"
        )
    missing = [name for name in MARIAN_FILES if not (folder / name).is_file()]
    if missing:
        raise TranslatorError(
            f"{model_id!r} is not a MarianMT model folder (missing {', '.join(missing)}); "
            "pass --model with a folder saved by save_pretrained or a hub id"
        )
    _check_weights(folder, model_id)


def _check_weights(folder: Path, model_id: str) -> None:
    """A folder without weights fails here, at once, before any conversion or load is tried."""
    if not any((folder / name).is_file() for name in WEIGHT_FILES):
        raise TranslatorError(
            f"model {model_id!r} has no weights in {str(folder)!r} (no model.safetensors or "
            "pytorch_model.bin); copy them in, or pass --model with a complete folder saved by "
            "save_pretrained"
        )


def hub_reachable(timeout: float = 3.0) -> bool:
    """Whether the model hub answers a TCP connect within ``timeout`` seconds."""
    endpoint = os.environ.get("HF_ENDPOINT", "https://huggingface.co")
    parsed = urlparse(endpoint)
    host = parsed.hostname or "huggingface.co"
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _offline_error(model_id: str) -> TranslatorError:
    return TranslatorError(
        f"model {model_id!r} is not in the local cache and the model hub cannot be reached; "
        "connect to the internet once to download it, or pass --model DIR with a local copy "
        "(HF_HUB_OFFLINE=1 uses only the cache)"
    )


def resolve_model_folder(model_id: str) -> Path:
    """Find (or download) the model's files and return their folder."""
    if _looks_like_path(model_id):
        folder = Path(model_id).expanduser()
        _check_folder(folder, model_id)
        return folder
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import HFValidationError

    patterns = [*MARIAN_FILES, "*.safetensors", "pytorch_model.bin", "*.json"]
    try:
        cached = Path(snapshot_download(model_id, allow_patterns=patterns, local_files_only=True))
    except HFValidationError as err:
        raise TranslatorError(
            f"model {model_id!r} is neither a folder nor a valid hub id; "
            f"pass --model DIR or an id like {DEFAULT_MODEL}"
        ) from err
    except Exception:  # not cached: fall through to a download
        pass
    else:
        _check_weights(cached, model_id)
        return cached
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in {"1", "true", "yes", "on"}:
        raise TranslatorError(
            f"model {model_id!r} is not in the local cache and HF_HUB_OFFLINE is set; unset it and "
            "connect once to download the model, or pass --model DIR with a local copy"
        )
    if not hub_reachable():
        raise _offline_error(model_id)
    try:
        downloaded = Path(snapshot_download(model_id, allow_patterns=patterns))
    except Exception as err:
        raise TranslatorError(
            f"could not download model {model_id!r} ({type(err).__name__}); check the id, or pass "
            "--model DIR with a local copy"
        ) from err
    _check_weights(downloaded, model_id)
    return downloaded


def load_model(
    model_id: str = DEFAULT_MODEL,
    device: str = "auto",
    backend: str = "auto",
    compute_type: str = "int8",
) -> LoadedModel:
    """Load for ``backend``, a name in ``translator.decoding.backend``'s table.

    ``auto`` takes CTranslate2 when it is installed and the conversion works,
    else warns once on stderr and uses transformers (``FALLBACKS``).
    """
    if backend not in BACKENDS:
        raise TranslatorError(f"unknown backend {backend!r}; use {', '.join(BACKENDS)}")
    if device not in {"cpu", "cuda", "auto"}:
        raise TranslatorError(f"unknown device {device!r}; use cpu, cuda or auto")
    folder = resolve_model_folder(model_id)
    chain = backend_chain(backend)
    for name, after in zip(chain, (*chain[1:], None), strict=True):
        try:
            decoder = backend_loader(name)(model_id, folder, device, compute_type)
        except TranslatorError:
            raise
        except Exception as err:
            reason = first_line(err, limit=None) or type(err).__name__
            if after is None:
                raise TranslatorError(
                    f"the {backend_label(name)} backend is not available: {reason}"
                ) from err
            print(
                f"tarjama: warning: {backend_label(name)} backend unavailable ({reason}); "
                f"using {backend_label(after)}, which is slower",
                file=sys.stderr,
            )
            continue
        return LoadedModel(model_id, decoder, folder)
    raise AssertionError("unreachable: a backend chain ends by returning or raising")
