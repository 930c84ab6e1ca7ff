"""The block engine on the real tiny model: lazy, the same as the whole-document call, resumable.

What is pinned is the mechanism that keeps memory flat (a block at a time, input
pulled lazily, output written as it goes) and that a resumed run gives the bytes
of an uninterrupted one; the RSS figures themselves are a benchmark
(``benchmarks/bench_memory_rss.py``), not a timed test.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from glossary.storage import load_glossary
from translator.corpus import JobOptions
from translator.engine import Translator
from translator.memory.reuse import MemoryReuse
from translator.memory.store import TranslationMemory
from translator.model_loading import load_model
from translator.output_formats import render, stream_writer
from translator.resumable import PartialFile, StringSink, run_document
from translator.segment import segment
from translator.source_text import iter_paragraphs

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def loaded(tiny_model_dir: Path):
    return load_model(str(tiny_model_dir), "cpu", "auto", "int8")


@pytest.fixture(scope="module")
def plain(loaded) -> Translator:
    return Translator(loaded, beam=1)


@pytest.fixture(scope="module")
def article(article_path: Path) -> str:
    return article_path.read_text("utf-8")


def test_requirements_carried_across_blocks_equal_the_whole_documents(loaded) -> None:
    """A gated short name (سلام after نواف سلام) counts in a later block as in the whole."""
    translator = Translator(loaded, glossary=load_glossary(DATA / "names_glossary.tsv"))
    sources = [s.text for s in segment((DATA / "names_document.txt").read_text("utf-8"))]
    whole = translator.requirements(sources)
    assert whole is not None and any(whole)
    for size in (1, 2, 3):
        opened: set[str] = set()
        pieces = []
        for at in range(0, len(sources), size):
            pieces.extend(translator.requirements(sources[at : at + size], opened=opened) or [])
        assert pieces == whole
    cold = [r for s in sources for r in (translator.requirements([s]) or [[]])[0]]
    assert cold != [r for reqs in whole for r in reqs]  # the carried gates mattered here


def test_a_one_block_stream_is_the_whole_document_call(plain: Translator, article: str) -> None:
    whole = plain.translate_documents([article])[0]
    blocks = list(plain.translate_stream(iter_paragraphs([article]), block_sentences=10_000))
    assert len(blocks) == 1
    assert blocks[0].sentences == whole
    for fmt in ("text", "jsonl", "tsv", "xliff"):
        options = JobOptions("m", "cpu", "auto", "int8", 1, 16, None, fmt)
        writer = options.writer("a.txt", False, hashlib.sha256(article.encode()).hexdigest())
        pieces = writer.begin() + writer.block(blocks[0]) + writer.end()
        assert pieces == render(fmt, article, whole, False, name="a.txt", model="m")


def test_the_engine_pulls_no_more_than_one_block_ahead(plain: Translator, article: str) -> None:
    pulled: list[int] = []

    def source():
        for para in iter_paragraphs([article]):
            pulled.append(para.index)
            yield para

    stream = plain.translate_stream(source(), block_sentences=6)
    seen = 0
    for block in stream:
        seen += len(block.paragraphs)
        assert len(pulled) == seen  # nothing read beyond the block just handed back
    assert seen == len(pulled) == len(list(iter_paragraphs([article])))


def test_the_memory_path_of_a_one_block_stream_is_memory_reuse(
    loaded, article: str, seed_glossary_path: Path, tmp_path: Path
) -> None:
    translator = Translator(loaded, beam=1, glossary=load_glossary(seed_glossary_path))
    with TranslationMemory(tmp_path / "m.sqlite3") as memory:
        sentences = segment(article)
        for s in sentences[::3]:
            memory.add(s.text, f"Approved {s.start}.", origin="review:a.txt", user="huda")
        expected = MemoryReuse(translator, memory).translate_document(article)
        got = list(translator.translate_stream(iter_paragraphs([article]), memory=memory))
    assert [s for b in got for s in b.sentences] == expected
    assert any(type(s).__name__ == "ReusedSentence" for s in expected)


class Interrupting(PartialFile):
    """Ctrl-C after ``after`` checkpoints, with a half-written block left on disk."""

    def __init__(self, output: str, key: dict[str, Any], after: int) -> None:
        super().__init__(output, key)
        self.after = after

    def checkpoint(self, record: dict[str, Any]) -> None:
        super().checkpoint(record)
        self.after -= 1
        if self.after == 0:
            self.write("half a block that no checkpoint vouches for")  # as kill -9 leaves it
            assert self.handle is not None
            self.handle.flush()
            raise KeyboardInterrupt


@pytest.mark.parametrize("fmt", ["text", "xliff"])
def test_a_resumed_run_gives_the_bytes_of_an_uninterrupted_one(
    plain: Translator, article: str, tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TARJAMA_BLOCK_SENTENCES", "5")
    text = article + "\n" + article  # 68 sentences: 13 blocks
    sha = hashlib.sha256(text.encode()).hexdigest()
    options = JobOptions("m", "cpu", "auto", "int8", 1, 16, None, fmt)

    whole = StringSink()
    run_document(plain, iter_paragraphs([text]), options.writer("a.txt", False, sha), whole)

    out = tmp_path / f"out.{fmt}"
    key = {"input_sha256": sha, "fmt": fmt}
    first = Interrupting(str(out), key, after=3)
    assert first.resume() is None
    with pytest.raises(KeyboardInterrupt):
        run_document(plain, iter_paragraphs([text]), options.writer("a.txt", False, sha), first)
    first.close()
    assert not out.exists()  # the output appears only when it is whole
    assert first.partial.stat().st_size > 0  # but what was done is on disk
    assert "interrupted after 15 of" in first.interrupted(99, 136)

    done: list[int] = []
    again = PartialFile(str(out), key)
    record = again.resume()
    assert record is not None and record["state"]["sentences"] == 15
    writer = options.writer("a.txt", False, sha)
    run_document(plain, iter_paragraphs([text]), writer, again, record=record, progress=done.append)
    assert out.read_text("utf-8") == whole.text()
    assert not again.partial.exists() and not again.record_path.exists()
    assert min(done) >= 15  # the finished blocks were not translated again


def test_output_is_on_disk_before_the_end(
    plain: Translator, article: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TARJAMA_BLOCK_SENTENCES", "5")
    out = tmp_path / "out.jsonl"
    sink = PartialFile(str(out), {"k": 1})
    sink.resume()
    sizes: list[int] = []
    writer = stream_writer("jsonl", False)

    def progress(done: int) -> None:
        sizes.append(sink.partial.stat().st_size)

    run_document(plain, iter_paragraphs([article]), writer, sink, progress=progress)
    assert sizes[0] == 0
    assert 0 < max(sizes) < out.stat().st_size  # written while later blocks were translated
    assert len({s for s in sizes if s}) >= 5  # grew block by block, not once at the end


def test_a_checkpoint_for_other_input_is_not_used(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out.txt"
    sink = PartialFile(str(out), {"input_sha256": "a"})
    sink.resume()
    sink.write("old English\n")
    sink.checkpoint({"state": {"paragraphs": 1, "sentences": 1, "opened": []}})
    sink.close()
    other = PartialFile(str(out), {"input_sha256": "b"})
    assert other.resume() is None
    assert "other input or options" in capsys.readouterr().err
    assert other.partial.stat().st_size == 0
    other.close()
