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
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from translator.errors import TranslatorError, first_line

if TYPE_CHECKING:
    from translator.decoding.ct2_backend import Ct2Model

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-ar-en"
BACKENDS = ("auto", "transformers", "ctranslate2")
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
    """A Marian model ready to translate, with what identifies it.

    On the CTranslate2 backend the PyTorch model is loaded only if something
    asks for ``model`` (the glossary's last-resort decoder): it would double the
    memory of a run that usually never touches it.
    """

    def __init__(
        self,
        model_id: str,
        model: Any,  # transformers.MarianMTModel, or None to load it on first use
        tokenizer: Any,  # transformers.MarianTokenizer
        device: str,
        folder: Path,  # where the files are on disk (the hub cache for hub ids)
        ct2: Ct2Model | None = None,
    ) -> None:
        self.model_id = model_id
        self._model = model
        self.tokenizer = tokenizer
        self.device = device
        self.folder = folder
        self.ct2 = ct2

    @property
    def model(self) -> Any:
        if self._model is None:
            self._model = load_torch_model(self.folder, self.device)
        return self._model

    @property
    def backend(self) -> str:
        return "ctranslate2" if self.ct2 is not None else "transformers"

    @property
    def vocab_size(self) -> int:
        if self._model is not None:
            return int(self._model.config.vocab_size)
        return int(json.loads((self.folder / "config.json").read_text("utf-8"))["vocab_size"])


def pick_device(device: str) -> str:
    """Resolve ``auto`` and refuse ``cuda`` where there is none."""
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise TranslatorError(
            "--device cuda was asked for but no CUDA GPU is available; use --device cpu"
        )
    if device not in {"cpu", "cuda"}:
        raise TranslatorError(f"unknown device {device!r}; use cpu, cuda or auto")
    return device


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


def quiet_transformers() -> None:
    """No progress bars or info chatter from transformers on the user's terminal."""
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


def _load_error(folder: Path, err: Exception) -> TranslatorError:
    return TranslatorError(
        f"could not load the MarianMT model in {str(folder)!r}: "
        f"{first_line(err) or type(err).__name__}"
    )


def load_tokenizer(folder: Path) -> Any:
    from transformers import MarianTokenizer

    quiet_transformers()
    try:
        return MarianTokenizer.from_pretrained(folder)
    except Exception as err:
        raise _load_error(folder, err) from err


def load_torch_model(folder: Path, device: str) -> Any:
    """The PyTorch model in eval mode, torch using one thread per physical core."""
    configure_threads()
    from transformers import MarianMTModel

    quiet_transformers()
    try:
        model = MarianMTModel.from_pretrained(folder)
    except Exception as err:
        raise _load_error(folder, err) from err
    model.to(device)
    model.eval()
    return model


def load_marian(model_id: str = DEFAULT_MODEL, device: str = "auto") -> LoadedModel:
    """Load model and tokenizer through ``from_pretrained``, errors as TranslatorError."""
    folder = resolve_model_folder(model_id)
    resolved_device = pick_device(device)
    tokenizer = load_tokenizer(folder)
    return LoadedModel(
        model_id, load_torch_model(folder, resolved_device), tokenizer, resolved_device, folder
    )


def load_model(
    model_id: str = DEFAULT_MODEL,
    device: str = "auto",
    backend: str = "auto",
    compute_type: str = "int8",
) -> LoadedModel:
    """Load for ``backend``: CTranslate2 (converted once, cached) or transformers.

    ``auto`` takes CTranslate2 when it is installed and the conversion works,
    else warns once on stderr and uses transformers.
    """
    if backend not in BACKENDS:
        raise TranslatorError(f"unknown backend {backend!r}; use {', '.join(BACKENDS)}")
    if device not in {"cpu", "cuda", "auto"}:
        raise TranslatorError(f"unknown device {device!r}; use cpu, cuda or auto")
    if backend == "transformers":
        return load_marian(model_id, device)
    folder = resolve_model_folder(model_id)
    try:
        ct2 = _load_ct2(model_id, folder, device, compute_type)
    except TranslatorError:
        raise
    except Exception as err:
        reason = first_line(err, limit=None) or type(err).__name__
        if backend == "ctranslate2":
            raise TranslatorError(f"the CTranslate2 backend is not available: {reason}") from err
        print(
            f"tarjama: warning: CTranslate2 backend unavailable ({reason}); "
            "using transformers, which is slower",
            file=sys.stderr,
        )
        return load_marian(model_id, device)
    return LoadedModel(model_id, None, ct2.tokenizer, _ct2_device(device), folder, ct2=ct2)


def _ct2_device(device: str) -> str:
    from translator.decoding.ct2_backend import resolve_device

    return resolve_device(device)


def _load_ct2(model_id: str, folder: Path, device: str, compute_type: str) -> Ct2Model:
    import ctranslate2  # ImportError: not installed, the caller falls back

    from translator.decoding.ct2_backend import Ct2Model, converted_model

    resolved = _ct2_device(device)
    if device == "cuda" and ctranslate2.get_cuda_device_count() == 0:
        raise TranslatorError(
            "--device cuda was asked for but no CUDA GPU is available; use --device cpu"
        )
    path = converted_model(model_id, folder, compute_type)
    return Ct2Model(path, load_tokenizer(folder), resolved, compute_type, physical_cores())


def configure_threads() -> int:
    """Use one torch thread per physical core; hyperthreads only add contention."""
    import torch

    cores = physical_cores()
    torch.set_num_threads(cores)
    return cores


def physical_cores() -> int:
    try:
        import psutil

        return psutil.cpu_count(logical=False) or os.cpu_count() or 1
    except ImportError:
        return os.cpu_count() or 1
