"""The MarianMT pieces every backend starts from: tokenizer, PyTorch model, threads.

Below both the backends and ``translator.model_loading`` (which finds the model's
folder and picks the backend), so a backend's loader needs nothing above it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from translator.errors import TranslatorError, first_line


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
