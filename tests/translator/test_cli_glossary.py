"""End-to-end: ``tarjama translate --glossary`` on the seed article with the tiny model.

The tiny model has random weights, so every owed glossary name in its English was
put there by enforcement (targets it writes on its own are reported as extras):
the test checks the guarantee, not translation quality.
"""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from tests_support import TARJAMA

from glossary.matcher import Matcher, TargetFinder
from glossary.storage import load_glossary
from translator.enforcement.enforce import LAST_RESORTS

SUMMARY_PREFIX = "glossary terms:"


def translate(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [TARJAMA, "translate", *args], input=stdin, capture_output=True, timeout=600
    )


@pytest.fixture(scope="module")
def strict_run(tiny_model_dir: Path, article_path: Path, seed_glossary_path: Path):
    result = translate(
        str(article_path),
        "--glossary",
        str(seed_glossary_path),
        "--model",
        str(tiny_model_dir),
        "--format",
        "jsonl",
    )
    assert result.returncode == 0, result.stderr.decode()
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    return records, result.stderr.decode()


def test_every_name_once_per_occurrence_and_nothing_else(
    strict_run, seed_glossary_path: Path
) -> None:
    records, _ = strict_run
    glossary = load_glossary(seed_glossary_path)
    matcher, finder = Matcher(glossary), TargetFinder(glossary.targets())
    names_seen = set()
    for record in records:
        required = Counter(match.target for match in matcher.find(record["source"]))
        names = [t for t in record["terms"] if t["status"] != "extra"]
        extras = Counter(t["target"] for t in record["terms"] if t["status"] == "extra")
        assert finder.count(record["target"]) == required + extras, record
        assert [t["target"] for t in names] == [m.target for m in matcher.find(record["source"])]
        for term in names:
            assert term["status"] in {"ok", "enforced"}
            assert record["source"][term["start"] : term["end"]] == term["source"]
        names_seen.update(required)
    assert len(names_seen) == len(glossary.entries), "the seed glossary covers the article"


def test_summary_line_on_stderr(strict_run) -> None:
    records, stderr = strict_run
    summary = [line for line in stderr.splitlines() if line.startswith(SUMMARY_PREFIX)]
    statuses = Counter(t["status"] for r in records for t in r["terms"])
    names = sum(statuses.values()) - statuses["extra"]
    resorts = Counter(kind for r in records for kind in r.get("last_resort", []))
    expected = (
        f"{SUMMARY_PREFIX} {names} found, {statuses['ok']} ok, {statuses['enforced']} enforced, "
        f"0 missing, 0 suggested; {statuses['extra']} extra"
    )
    flagged = Counter(f for r in records for t in r["terms"] for f in t.get("flags", []))
    if flagged:  # what enforcement could not keep around enforced names
        expected += "; flagged: " + ", ".join(f"{n} {f}" for f, n in sorted(flagged.items()))
    if resorts:  # shown whenever a sentence took a last-resort path
        expected += "; last resort: " + ", ".join(
            f"{resorts[kind]} sentence(s) {kind}" for kind in LAST_RESORTS if resorts[kind]
        )
    assert summary == [expected]


def test_term_accuracy_of_text_output_is_one(
    tiny_model_dir: Path, article_path: Path, seed_glossary_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "en.txt"
    result = translate(
        str(article_path),
        "--glossary",
        str(seed_glossary_path),
        "--model",
        str(tiny_model_dir),
        "-o",
        str(out),
        "-q",
    )
    assert result.returncode == 0, result.stderr.decode()
    scored = subprocess.run(
        [
            TARJAMA,
            "eval",
            "--hyp",
            str(out),
            "--ref",
            str(article_path.with_suffix(".en.txt")),
            "--src",
            str(article_path),
            "--glossary",
            str(seed_glossary_path),
            "--json",
        ],
        capture_output=True,
        timeout=120,
    )
    assert scored.returncode == 0, scored.stderr.decode()
    report = json.loads(scored.stdout.decode().splitlines()[-1])
    assert report["term_accuracy"] == 1.0
    assert report["term_extras"] >= 0  # the random model's own glossary strings, kept
    assert report["terms_total"] > 50
    assert {"bleu", "chrf", "ter"} <= set(report)


def test_check_mode_reports_missing_names(tiny_model_dir: Path, seed_glossary_path: Path) -> None:
    text = "وقال بوتين إن نولاند في موسكو."
    result = translate(
        "-",
        "--glossary",
        str(seed_glossary_path),
        "--model",
        str(tiny_model_dir),
        "--enforce",
        "check",
        "--format",
        "jsonl",
        stdin=text.encode(),
    )
    assert result.returncode == 0, result.stderr.decode()
    (record,) = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [t["target"] for t in record["terms"]] == ["Putin", "Nuland", "Moscow"]
    finder = TargetFinder(["Putin", "Nuland", "Moscow"])
    for term in record["terms"]:
        if term["status"] == "extra":
            continue
        present = finder.count(record["target"])[term["target"]] > 0
        assert term["status"] == ("ok" if present else "missing")


def test_unspellable_target_is_reported(tiny_model_dir: Path, tmp_path: Path) -> None:
    glossary = tmp_path / "g.tsv"
    glossary.write_text("Łódź Ōsaka 北京\tلودز\tplace\nMoscow\tموسكو\tplace\n", "utf-8")
    result = translate(
        "-",
        "--glossary",
        str(glossary),
        "--model",
        str(tiny_model_dir),
        "--format",
        "jsonl",
        stdin="وصل الوفد من لودز إلى موسكو.".encode(),
    )
    assert result.returncode == 0, result.stderr.decode()
    (record,) = [json.loads(line) for line in result.stdout.decode().splitlines()]
    statuses = {t["target"]: t["status"] for t in record["terms"]}
    assert statuses["Łódź Ōsaka 北京"] == "missing"
    assert statuses["Moscow"] in {"ok", "enforced"}
    assert "cannot be spelled" in result.stderr.decode()


def test_enforce_without_glossary_is_refused(tiny_model_dir: Path) -> None:
    result = translate(
        "-", "--model", str(tiny_model_dir), "--enforce", "strict", stdin="قال".encode()
    )
    assert result.returncode == 1
    assert result.stderr.decode().strip() == "tarjama: error: --enforce needs --glossary FILE"


def test_malformed_glossary_is_refused_before_the_model_loads(tmp_path: Path) -> None:
    glossary = tmp_path / "bad.tsv"
    glossary.write_text("Putin\t\tperson\n", "utf-8")
    result = translate(
        "-", "--glossary", str(glossary), "--model", str(tmp_path / "nope"), stdin="قال".encode()
    )
    assert result.returncode == 1
    err = result.stderr.decode()
    assert "bad.tsv:1" in err and "Traceback" not in err
