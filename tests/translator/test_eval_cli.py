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
