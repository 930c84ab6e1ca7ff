"""Load a MarianMT model and tokenizer from a hub id or a local folder.

Offline, ``from_pretrained`` retries the hub for half a minute and then raises a
message about internet connections.  Users deserve one line that says what to
do, at once, so the cache is tried first and the hub is probed with a short
timeout before any download is attempted.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from translator.errors import TranslatorError

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-ar-en"
MARIAN_FILES = ("config.json", "source.spm", "target.spm", "vocab.json")


@dataclass
class LoadedModel:
    """A Marian model ready to translate, with what identifies it."""

    model_id: str
    model: Any  # transformers.MarianMTModel
    tokenizer: Any  # transformers.MarianTokenizer
    device: str
    folder: Path  # where the files are on disk (the hub cache for hub ids)


def pick_device(device: str) -> str:
    """Resolve ``auto`` and refuse ``cuda`` where there is none."""
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise TranslatorError("--device cuda was asked for but no CUDA GPU is available; use --device cpu")
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
            f"model folder {model_id!r} does not exist; pass --model with a MarianMT folder or a hub id"
        )
    missing = [name for name in MARIAN_FILES if not (folder / name).is_file()]
    if missing:
        raise TranslatorError(
            f"{model_id!r} is not a MarianMT model folder (missing {', '.join(missing)}); "
            "pass --model with a folder saved by save_pretrained or a hub id"
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
        return Path(snapshot_download(model_id, allow_patterns=patterns, local_files_only=True))
    except HFValidationError as err:
        raise TranslatorError(
            f"model {model_id!r} is neither a folder nor a valid hub id; pass --model DIR or an id like "
            f"{DEFAULT_MODEL}"
        ) from err
    except Exception:  # not cached: fall through to a download
        pass
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in {"1", "true", "yes", "on"}:
        raise TranslatorError(
            f"model {model_id!r} is not in the local cache and HF_HUB_OFFLINE is set; unset it and "
            "connect once to download the model, or pass --model DIR with a local copy"
        )
    if not hub_reachable():
        raise _offline_error(model_id)
    try:
        return Path(snapshot_download(model_id, allow_patterns=patterns))
    except Exception as err:
        raise TranslatorError(
            f"could not download model {model_id!r} ({type(err).__name__}); check the id, or pass "
            "--model DIR with a local copy"
        ) from err


def load_marian(model_id: str = DEFAULT_MODEL, device: str = "auto") -> LoadedModel:
    """Load model and tokenizer through ``from_pretrained``, errors as TranslatorError."""
    folder = resolve_model_folder(model_id)
    resolved_device = pick_device(device)
    from transformers import MarianMTModel, MarianTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        tokenizer = MarianTokenizer.from_pretrained(folder)
        model = MarianMTModel.from_pretrained(folder)
    except Exception as err:
        raise TranslatorError(
            f"could not load the MarianMT model in {str(folder)!r}: {str(err).splitlines()[0][:200]}"
        ) from err
    model.to(resolved_device)
    model.eval()
    return LoadedModel(model_id, model, tokenizer, resolved_device, folder)


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
