"""first_line: one line of an exception for a user, safe on an empty message."""

from __future__ import annotations

from pathlib import Path

import pytest

from translator.errors import TranslatorError, first_line


def test_first_line_keeps_only_the_first_line() -> None:
    err = RuntimeError("  bad weights\nTraceback (most recent call last):\n  File ...")
    assert first_line(err) == "bad weights"


@pytest.mark.parametrize("err", [OSError(), RuntimeError(""), ValueError("  \n\t ")])
def test_first_line_of_an_empty_message_is_empty(err: BaseException) -> None:
    assert first_line(err) == ""
    assert (first_line(err) or type(err).__name__) == type(err).__name__


def test_first_line_is_cut_to_the_limit() -> None:
    err = ValueError("x" * 500 + "\nsecond")
    assert first_line(err) == "x" * 200
    assert first_line(err, limit=10) == "x" * 10
    assert first_line(err, limit=None) == "x" * 500


@pytest.mark.parametrize("loader", ["load_tokenizer", "load_torch_model"])
def test_a_model_error_without_a_message_is_one_line_not_a_traceback(
    loader: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """_load_error used to index splitlines() of "" and raise IndexError instead."""
    import transformers

    from translator import model_loading

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError()

    monkeypatch.setattr(transformers.MarianTokenizer, "from_pretrained", refuse)
    monkeypatch.setattr(transformers.MarianMTModel, "from_pretrained", refuse)
    call = getattr(model_loading, loader)
    with pytest.raises(TranslatorError) as caught:
        call(tmp_path, "cpu") if loader == "load_torch_model" else call(tmp_path)
    message = str(caught.value)
    assert message == f"could not load the MarianMT model in {str(tmp_path)!r}: OSError"
    assert isinstance(caught.value.__cause__, OSError)
