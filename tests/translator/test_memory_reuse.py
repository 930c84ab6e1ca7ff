"""Exact reuse before the model: counted model calls on the real tiny model, and the CLI."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from tests_support import TARJAMA

from glossary.matcher import Matcher, TargetFinder
from glossary.storage import load_glossary
from translator.enforcement.terms import sentence_requirements
from translator.engine import Translator
from translator.formats.xliff_read import parse_xliff
from translator.memory.options import open_for_reuse
from translator.memory.reuse import MemoryReuse, check_names
from translator.memory.reused import ReusedSentence
from translator.memory.store import TranslationMemory
from translator.model_loading import load_model
from translator.output_formats import render
from translator.segment import segment

PESKOV = "قال ديمتري بيسكوف للصحفيين إن موسكو مستعدة للحوار."
OLD_ENGLISH = "Dmitri Peskov told reporters Moscow is ready for dialogue."


class CountingTranslator(Translator):
    """The real engine, counting every text that reaches the model."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.model_texts: list[str] = []

    def _translate_units(self, texts, advance, reqs):
        self.model_texts.extend(texts)
        return super()._translate_units(texts, advance, reqs)


@pytest.fixture(scope="module")
def loaded(tiny_model_dir: Path):
    return load_model(str(tiny_model_dir), "cpu", "auto", "int8")


@pytest.fixture
def memory(tmp_path: Path):
    with TranslationMemory(tmp_path / "memory.sqlite3") as tm:
        yield tm


def test_second_translation_reuses_every_approved_sentence_without_the_model(
    loaded, memory: TranslationMemory, article_path: Path, seed_glossary_path: Path
) -> None:
    text = article_path.read_text(encoding="utf-8")
    # extras removed, as a desk would before approving: the random model can write a glossary
    # name the Arabic lacks, and the memory rightly holds such English back from reuse
    translator = CountingTranslator(
        loaded, beam=1, glossary=load_glossary(seed_glossary_path), remove_extras=True
    )
    reuse = MemoryReuse(translator, memory)
    first = reuse.translate_document(text)
    sentences = [s.text for s in segment(text)]
    assert translator.model_texts == sentences  # an empty memory: everything to the model
    assert reuse.report.reused == 0
    for result in first:  # the desk approves the whole article
        memory.add(result.source, result.target, origin="review:article.txt", user="huda")

    translator.model_texts.clear()
    second = reuse.translate_document(text)
    assert translator.model_texts == []  # no model call at all
    assert reuse.report.reused == reuse.report.sentences == len(sentences)
    assert all(isinstance(s, ReusedSentence) for s in second)
    assert [s.target for s in second] == [s.target for s in first]
    assert [(s.paragraph, s.index, s.start, s.end) for s in second] == [
        (s.paragraph, s.index, s.start, s.end) for s in first
    ]
    assert {s.origin for s in second} == {"review:article.txt"}
    # the same names, now kept by the reused English
    assert [[(t.target, t.start) for t in s.terms] for s in second] == [
        [(t.target, t.start) for t in s.terms] for s in first
    ]
    assert {t.status for s in second for t in s.terms} == {"tm"}

    translator.model_texts.clear()
    extra = "وأضاف المتحدث أن الاجتماع سيعقد غدا."
    third = reuse.translate_document(text + "\n" + extra + "\n")
    assert translator.model_texts == [extra]  # only the new sentence
    assert not isinstance(third[-1], ReusedSentence)


def test_a_glossary_change_since_the_approval_is_reported_not_reused_silently(
    loaded, memory: TranslationMemory, tmp_path: Path
) -> None:
    glossary_path = tmp_path / "names.tsv"
    glossary_path.write_text(
        "# tarjama glossary v1\nDmitry Peskov\tديمتري بيسكوف\tperson\n"
        "Peskov\tبيسكوف\tperson\nMoscow\tموسكو\tplace\n",
        encoding="utf-8",
    )
    glossary = load_glossary(glossary_path)
    entry_id = memory.add(PESKOV, OLD_ENGLISH, origin="review:old.txt")
    translator = CountingTranslator(loaded, beam=1, glossary=glossary)
    reuse = MemoryReuse(translator, memory)
    [result] = reuse.translate_document(PESKOV)
    assert translator.model_texts == [PESKOV]  # held back, so the model translated it
    assert not isinstance(result, ReusedSentence)
    assert reuse.report.reused == 0 and len(reuse.report.held_back) == 1
    assert result.warnings[0] == (
        f"translation memory entry {entry_id} (review:old.txt) was not reused: its English "
        "spells 'Dmitri Peskov' where the glossary now has 'Dmitry Peskov'; translated by the "
        "model instead"
    )
    assert result.target.count("Dmitry Peskov") == 1  # strict enforcement, as without a memory
    # the check the review UI will show beside a match: the term's own status
    reqs = sentence_requirements(PESKOV, Matcher(glossary))
    assert [r.target for r in reqs] == ["Dmitry Peskov", "Moscow"]
    check = check_names(OLD_ENGLISH, reqs, TargetFinder(glossary.targets()))
    assert [t.status for t in check.terms] == ["tm-missing", "tm"]
    # one problem: the old spelling (its "Peskov" is part of it, not a stray name)
    assert not check.keeps_glossary and len(check.problems) == 1
    # a name the English lacks with nothing like it: said as lacking
    check = check_names("Moscow is ready.", reqs, TargetFinder(glossary.targets()))
    assert check.problems == [
        "its English lacks 'Dmitry Peskov', which the glossary now requires for this sentence"
    ]


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [TARJAMA, *args], capture_output=True, timeout=300, env={**os.environ, **env}
    )


def test_translate_cli_reuses_the_default_memory_and_says_so(
    tiny_model_dir: Path,
    article_path: Path,
    seed_glossary_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tui.cli import main

    env = {"XDG_DATA_HOME": str(tmp_path / "data")}
    monkeypatch.setenv("XDG_DATA_HOME", env["XDG_DATA_HOME"])
    story = tmp_path / "story.txt"  # the article's first paragraphs: four sentences with names
    story.write_text("\n".join(article_path.read_text("utf-8").splitlines()[:4]) + "\n", "utf-8")
    article_path = story
    common = ["--model", str(tiny_model_dir), "--glossary", str(seed_glossary_path), "--beam", "1"]
    common += ["--remove-extras"]  # approved English without a name the Arabic lacks (see above)
    assert main(["translate", str(article_path), *common, "--format", "jsonl"]) == 0
    first = capsys.readouterr()
    records = [json.loads(line) for line in first.out.splitlines()]
    assert {r["status"] for r in records} == {"mt"}
    assert "translation memory" not in first.err  # no memory yet: nothing said, none made
    assert not (tmp_path / "data").exists()

    with TranslationMemory(tmp_path / "data" / "tarjama" / "memory.sqlite3") as tm:
        for r in records[:-1]:  # every sentence but the last was approved
            tm.add(r["source"], r["target"], origin="review:article.txt")

    # the real command, in its own process, as a user runs it
    second = run("translate", str(article_path), *common, "--format", "jsonl", env=env)
    assert second.returncode == 0, second.stderr.decode()
    again = [json.loads(line) for line in second.stdout.decode().splitlines()]
    assert [r["status"] for r in again] == ["tm"] * (len(records) - 1) + ["mt"]
    assert {r["origin"] for r in again[:-1]} == {"review:article.txt"}
    assert all(t["status"] == "tm" for r in again[:-1] for t in r["terms"])
    err = second.stderr.decode()
    assert (
        f"translation memory: {len(records) - 1} of {len(records)} sentences reused (exact "
        "match), 1 translated by the model" in err
    )
    assert "kept from the translation memory" in err

    # a memory named but not there yet: a warning, every sentence from the model, as XLIFF 1.2
    missing = tmp_path / "none.sqlite3"
    assert main(["translate", str(article_path), *common, "--memory", str(missing),
                 "--format", "xliff", "--xliff-version", "1.2"]) == 0  # fmt: skip
    xliff = capsys.readouterr()
    assert "does not exist yet; nothing to reuse" in xliff.err
    assert not missing.exists()
    doc = parse_xliff(xliff.out.encode())
    assert [s.source for s in doc.segments] == [r["source"] for r in records]
    assert {s.status for s in doc.segments} == {"machine"}


def test_reused_sentences_are_tm_units_in_xliff(
    loaded, memory: TranslationMemory, seed_glossary_path: Path
) -> None:
    text = "وقال بوتين إن العلاقات بناءة.\nوصل الوفد إلى جنيف اليوم.\n"
    memory.add(
        "وقال بوتين إن العلاقات بناءة.", "Putin said relations were constructive.", origin="o"
    )
    translator = CountingTranslator(loaded, beam=1, glossary=load_glossary(seed_glossary_path))
    sentences = MemoryReuse(translator, memory).translate_document(text)
    assert translator.model_texts == ["وصل الوفد إلى جنيف اليوم."]
    for version in ("2.1", "1.2"):
        rendered = render("xliff", text, sentences, True, name="s.txt", xliff_version=version)
        doc = parse_xliff(rendered.encode())
        assert [s.status for s in doc.segments] == ["tm", "machine"]
        assert (doc.segments[0].memory_origin, doc.segments[0].memory_id) == ("o", 1)
        assert doc.segments[0].terms == [
            {"source": "بوتين", "start": 5, "end": 10, "target": "Putin", "status": "tm"}
        ]
    records = [json.loads(line) for line in render("jsonl", text, sentences, True).splitlines()]
    assert [(r["status"], r.get("origin"), r.get("memory_id")) for r in records] == [
        ("tm", "o", 1),
        ("mt", None, None),
    ]
    assert open_for_reuse(str(memory.path), True, print) is None  # --no-memory


def test_translate_cli_says_when_the_glossary_now_spells_a_stored_name_otherwise(
    tiny_model_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A glossary change after a match was stored is reported by ``tarjama translate``."""
    from tui.cli import main

    glossary = tmp_path / "names.tsv"
    glossary.write_text(
        "Dmitry Peskov\tديمتري بيسكوف\tperson\nPeskov\tبيسكوف\tperson\nMoscow\tموسكو\tplace\n",
        encoding="utf-8",
    )
    story = tmp_path / "peskov.txt"
    story.write_text(PESKOV + "\n", encoding="utf-8")
    memory_path = tmp_path / "desk.sqlite3"
    with TranslationMemory(memory_path) as tm:  # approved when the desk wrote "Dmitri"
        entry_id = tm.add(PESKOV, OLD_ENGLISH, origin="tmx:old.tmx", user="huda")
    args = ["translate", str(story), "--model", str(tiny_model_dir), "--beam", "1"]
    args += ["--glossary", str(glossary), "--memory", str(memory_path), "--format", "jsonl"]
    assert main(args) == 0
    done = capsys.readouterr()
    [record] = [json.loads(line) for line in done.out.splitlines()]
    assert record["status"] == "mt" and record["target"].count("Dmitry Peskov") == 1
    said = (
        f"translation memory entry {entry_id} (tmx:old.tmx) was not reused: its English spells "
        "'Dmitri Peskov' where the glossary now has 'Dmitry Peskov'; translated by the model"
    )
    assert said in record["warnings"][0] and said in done.err
    assert (
        "translation memory: 0 of 1 sentences reused (exact match), 1 translated by the model; "
        "1 match(es) held back: their English no longer keeps the glossary" in done.err
    )
