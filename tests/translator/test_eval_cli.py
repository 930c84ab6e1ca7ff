"""``tarjama eval``: sacrebleu scores with signatures, and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.cli import main


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_eval_json_matches_sacrebleu(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import sacrebleu

    hyps = ["Putin praised his relations with Biden.", "Nuland is in Moscow now."]
    refs = ["Putin praised his relations with Joe Biden.", "Nuland is in Moscow now."]
    code = main(
        [
            "eval",
            "--hyp",
            str(write(tmp_path / "h.txt", hyps)),
            "--ref",
            str(write(tmp_path / "r.txt", refs)),
            "--json",
        ]
    )
    assert code == 0
    result = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert result["bleu"] == round(sacrebleu.corpus_bleu(hyps, [refs]).score, 2)
    assert result["chrf"] == round(sacrebleu.corpus_chrf(hyps, [refs]).score, 2)
    assert result["ter"] == round(sacrebleu.corpus_ter(hyps, [refs]).score, 2)
    assert result["bleu_signature"].startswith("nrefs:1")


def test_eval_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hyp = write(tmp_path / "h.txt", ["a b c d"])
    assert main(["eval", "--hyp", str(hyp), "--ref", str(hyp)]) == 0
    out = capsys.readouterr().out
    assert "BLEU" in out and "chrF2" in out and "TER" in out


def test_eval_refuses_misaligned_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hyp = write(tmp_path / "h.txt", ["a", "b"])
    ref = write(tmp_path / "r.txt", ["a"])
    assert main(["eval", "--hyp", str(hyp), "--ref", str(ref)]) == 1
    assert "line-aligned" in capsys.readouterr().err


# sacrebleu's README example: two references give 48.53, the second one alone 28.33
README_SYS = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."]
README_REF_A = ["The dog bit the man.", "It was not unexpected.", "The man bit him first."]
README_REF_B = ["The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."]


def test_eval_scores_several_references_as_sacrebleu_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hyp = str(write(tmp_path / "sys.txt", README_SYS))
    ref_a = str(write(tmp_path / "a.txt", README_REF_A))
    ref_b = str(write(tmp_path / "b.txt", README_REF_B))
    for refs in (["--ref", ref_a, "--ref", ref_b], ["--ref", ref_a, ref_b]):
        assert main(["eval", "--hyp", hyp, *refs, "--json"]) == 0
        result = json.loads(capsys.readouterr().out.splitlines()[-1])
        assert result["bleu"] == 48.53
        assert result["bleu_signature"].startswith("nrefs:2")
    assert main(["eval", "--hyp", hyp, "--ref", ref_b, "--json"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["bleu"] == 28.33


def test_eval_splits_lines_at_newline_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """U+2028, NEL and form feed stay inside a line, as in sacrebleu's own reading."""
    import sacrebleu

    inside = ["one line\u2028still the same line", "two\x85same", "three\x0csame"]
    hyp = tmp_path / "h.txt"
    hyp.write_text("\n".join(inside) + "\n", "utf-8")
    assert main(["eval", "--hyp", str(hyp), "--ref", str(hyp), "--json"]) == 0
    result = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert result["bleu"] == round(sacrebleu.corpus_bleu(inside, [inside]).score, 2) == 100.0
    other = write(tmp_path / "r.txt", ["a", "b", "c", "d"])
    assert main(["eval", "--hyp", str(hyp), "--ref", str(other)]) == 1
    assert "has 3 lines but" in capsys.readouterr().err


def test_eval_reads_the_hypothesis_from_standard_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    ref = str(write(tmp_path / "r.txt", README_REF_A))
    data = ("\n".join(README_SYS) + "\n").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert (
        main(["eval", "--hyp", "-", "--ref", ref, "--ref", str(tmp_path / "r.txt"), "--json"]) == 0
    )
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["bleu_signature"].startswith(
        "nrefs:2"
    )
    assert main(["eval", "--hyp", "-", "--ref", "-"]) == 1
    assert "only one of --hyp, --ref and --src can be -" in capsys.readouterr().err
