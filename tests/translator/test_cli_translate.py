"""End-to-end: the real ``tarjama`` command on the seed article and the tiny model."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from tests_support import TARJAMA

from translator.segment import paragraphs, segment


def run(
    *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [TARJAMA, *args],
        input=stdin,
        capture_output=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


def assert_one_line_error(result: subprocess.CompletedProcess, *needles: str) -> str:
    err = result.stderr.decode()
    assert result.returncode != 0
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    for needle in needles:
        assert needle in err, err
    return err


@pytest.fixture(scope="module")
def jsonl_run(tiny_model_dir: Path, article_path: Path) -> list[dict]:
    result = run(
        "translate", str(article_path), "--model", str(tiny_model_dir), "--format", "jsonl"
    )
    assert result.returncode == 0, result.stderr.decode()
    return [json.loads(line) for line in result.stdout.decode().splitlines()]


def test_jsonl_has_every_sentence_in_order(jsonl_run: list[dict], article_path: Path) -> None:
    text = article_path.read_text("utf-8")
    expected = segment(text)
    assert [r["source"] for r in jsonl_run] == [s.text for s in expected]
    assert [r["index"] for r in jsonl_run] == list(range(len(expected)))
    assert [r["paragraph"] for r in jsonl_run] == [s.paragraph for s in expected]
    for record in jsonl_run:
        assert text[record["start"] : record["end"]] == record["source"]
        assert isinstance(record["target"], str) and record["target"].strip()


def test_text_output_mirrors_paragraphs(
    tiny_model_dir: Path, article_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "article.en.txt"
    result = run(
        "translate", str(article_path), "--model", str(tiny_model_dir), "-o", str(out), "-q"
    )
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout == b""
    source_lines = article_path.read_text("utf-8").splitlines()
    english_lines = out.read_text("utf-8").splitlines()
    assert len(english_lines) == len(source_lines) == len(paragraphs("\n".join(source_lines)))
    assert all(line.strip() for line in english_lines)
    assert not list(tmp_path.glob(".*tmp*")), "no temp files left behind"


def test_blank_lines_and_stdin_kept(tiny_model_dir: Path) -> None:
    text = "عنوان الخبر\n\nقال الرئيس إن الوضع جيد. وأضاف أنه سيزور موسكو؟\n\n\nانتهى الاجتماع.\n"
    result = run("translate", "-", "--model", str(tiny_model_dir), stdin=text.encode())
    assert result.returncode == 0, result.stderr.decode()
    lines = result.stdout.decode().split("\n")
    assert len(lines) == len(text.split("\n"))
    assert [bool(line.strip()) for line in lines] == [
        bool(line.strip()) for line in text.split("\n")
    ]


def test_tsv_is_source_tab_target(tiny_model_dir: Path) -> None:
    text = "قال الرئيس إن الوضع جيد. وأضاف أنه سيزور موسكو؟"
    result = run(
        "translate", "-", "--model", str(tiny_model_dir), "--format", "tsv", stdin=text.encode()
    )
    assert result.returncode == 0, result.stderr.decode()
    rows = [line.split("\t") for line in result.stdout.decode().splitlines()]
    assert [row[0] for row in rows] == ["قال الرئيس إن الوضع جيد.", "وأضاف أنه سيزور موسكو؟"]
    assert all(len(row) == 2 and row[1] for row in rows)


def test_sentence_over_model_limit_is_split_not_truncated(tiny_model_dir: Path) -> None:
    clause = "قال الرئيس الروسي إن المصالح المشتركة ستؤدي إلى تطبيع العلاقات بين الدولتين"
    long_sentence = "، ".join([clause] * 60) + "."
    result = run(
        "translate",
        "-",
        "--model",
        str(tiny_model_dir),
        "--format",
        "jsonl",
        stdin=long_sentence.encode(),
    )
    assert result.returncode == 0, result.stderr.decode()
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(records) == 1 and records[0]["source"] == long_sentence
    assert records[0]["target"]


def test_empty_input_gives_empty_output(tiny_model_dir: Path) -> None:
    result = run("translate", "-", "--model", str(tiny_model_dir), stdin=b"  \n\n")
    assert result.returncode == 0
    assert result.stdout == b""


def test_mostly_latin_input_warns_but_translates(tiny_model_dir: Path) -> None:
    result = run(
        "translate", "-", "--model", str(tiny_model_dir), stdin=b"This is English text only."
    )
    assert result.returncode == 0
    assert "mostly not Arabic" in result.stderr.decode()
    assert result.stdout.strip()


def test_missing_input_file() -> None:
    assert_one_line_error(
        run("translate", "no/such/file.txt"), "no/such/file.txt", "does not exist"
    )


def test_input_not_utf8(tmp_path: Path) -> None:
    bad = tmp_path / "cp1256.txt"
    bad.write_bytes("قال".encode() + "الرئيس".encode("cp1256"))
    err = assert_one_line_error(
        run("translate", str(bad)), "cp1256.txt", "not UTF-8", "byte offset 6"
    )
    assert "iconv" in err


def test_unknown_option() -> None:
    result = run("translate", "x.txt", "--bogus")
    assert result.returncode == 2
    assert_one_line_error(result, "--bogus")


def test_missing_model_folder(article_path: Path, tmp_path: Path) -> None:
    missing = tmp_path / "no-model"
    assert_one_line_error(
        run("translate", str(article_path), "--model", str(missing)), "does not exist"
    )


def test_folder_that_is_not_a_model(article_path: Path, tmp_path: Path) -> None:
    assert_one_line_error(
        run("translate", str(article_path), "--model", str(tmp_path)),
        "not a MarianMT model folder",
        "config.json",
    )


def test_hub_model_offline_says_how_to_fix(article_path: Path, tmp_path: Path) -> None:
    env = {"HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")}
    err = assert_one_line_error(
        run("translate", str(article_path), env=env), "Helsinki-NLP/opus-mt-ar-en"
    )
    assert "--model DIR" in err


def test_segment_command(article_path: Path) -> None:
    result = run("segment", str(article_path))
    assert result.returncode == 0
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    text = article_path.read_text("utf-8")
    assert len(records) == len(segment(text))
    assert set(records[0]) == {"paragraph", "start", "end", "text"}
    assert all(text[r["start"] : r["end"]] == r["text"] for r in records)
