"""A model-translated sentence keeps its last-resort marks when a translation memory is present.

Before the one pipeline, the memory's own copy of the translation flow rebuilt each
model-translated sentence without ``last_resort``, so with a memory (the default
once one exists) the JSON lines field and the summary's "last resort" part were
silently lost.  These tests run the real command on a document whose first
sentence is in the memory and whose second has more glossary names than the
model's output can hold in one piece (split at clauses: ``split-to-fit``), for
``tarjama translate FILE`` and for a corpus run; the review queue's side is in
tests/tui/test_translation_queue_memory.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from glossary.entry import Entry
from glossary.storage import save_glossary
from glossary.termbase import Glossary
from translator.manifest import MANIFEST_NAME
from translator.memory.store import TranslationMemory

SYLLABLES = ["با", "تو", "ري", "سا", "كو", "مي", "نا", "لو", "دي", "فا"]
LONG = "Edinburgh Evening News of the European Medicines Agency"  # ~20 tokens each
SUFFIXES = "Alpha Bravo Charlie Delta Echo Foxtrot Golf Hotel India Juliet Kilo Mike November "
SUFFIXES += "Oscar Papa Romeo Sierra Tango Uniform Victor Whiskey Zulu North South East West "
SUFFIXES += "Red Blue Green White"
NAMES = [f"{SYLLABLES[i % 10]}{SYLLABLES[i // 10]}كاف" for i in range(30)]
BEFORE = "وقال بوتين إن الحوار مستمر."  # in the memory
LISTING = "وشارك في الاجتماع " + "، ".join(NAMES) + "."  # split to fit, by the model
AFTER = "وأشار بيسكوف إلى أن الاجتماع انتهى."  # by the model, nothing to mark
SPLIT = ["split-to-fit"]


@pytest.fixture
def setup(tmp_path: Path) -> dict[str, Path]:
    entries = [Entry(f"{LONG} {s}", [n]) for s, n in zip(SUFFIXES.split(), NAMES, strict=True)]
    entries += [Entry("Putin", ["بوتين"]), Entry("Peskov", ["بيسكوف"])]
    glossary = tmp_path / "names.tsv"
    save_glossary(Glossary(entries), glossary)
    memory = tmp_path / "memory.sqlite3"
    with TranslationMemory(memory) as store:
        store.add(BEFORE, "Putin said the dialogue continues.", origin="review:x.txt")
    story = tmp_path / "in" / "story.txt"
    story.parent.mkdir()
    story.write_text(f"{BEFORE} {LISTING} {AFTER}\n", encoding="utf-8")
    return {"glossary": glossary, "memory": memory, "story": story}


def _options(model: Path, files: dict[str, Path]) -> list[str]:
    return ["--model", str(model), "--glossary", str(files["glossary"]), "--beam", "1",
            "--memory", str(files["memory"]), "--format", "jsonl"]  # fmt: skip


def _check(records: list[dict]) -> None:
    assert [r["status"] for r in records] == ["tm", "mt", "mt"]  # the memory was used
    assert records[1]["last_resort"] == SPLIT
    assert any("split at clause boundaries" in w for w in records[1]["warnings"])
    assert "last_resort" not in records[0] and "last_resort" not in records[2]


def test_translate_file_keeps_the_marks_with_a_memory(
    tiny_model_dir: Path, setup: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import main

    assert main(["translate", str(setup["story"]), *_options(tiny_model_dir, setup)]) == 0
    done = capsys.readouterr()
    _check([json.loads(line) for line in done.out.splitlines()])
    assert "; last resort: 1 sentence(s) split-to-fit" in done.err
    assert "translation memory: 1 of 3 sentences reused" in done.err


def test_a_corpus_run_keeps_the_marks_with_a_memory(
    tiny_model_dir: Path, setup: dict[str, Path], tmp_path: Path
) -> None:
    from tui.cli import main

    out = tmp_path / "out"
    inputs = str(setup["story"].parent)
    assert main(["translate", inputs, "-o", str(out), "-q", *_options(tiny_model_dir, setup)]) == 0
    [written] = [path for path in out.glob("*.jsonl") if path.name != MANIFEST_NAME]
    _check([json.loads(line) for line in written.read_text("utf-8").splitlines()])
    manifest = (out / MANIFEST_NAME).read_text("utf-8").splitlines()
    assert [json.loads(line)["memory_reused"] for line in manifest] == [1]
