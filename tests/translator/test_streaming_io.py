"""Streamed input and output: the same paragraphs and the same bytes as the whole-text path.

No model here: sentences get made-up English, so these pin the mechanics
(line splitting across chunks, byte offsets of bad UTF-8, the writers' pieces
joined equal to ``render``) for every format.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translator import engine, source_text
from translator.enforcement.terms import TermStatus
from translator.engine import Block, SentenceTranslation
from translator.errors import TranslatorError
from translator.output_formats import FORMATS, render, stream_writer
from translator.segment import paragraphs, segment
from translator.source_text import decode_utf8, iter_paragraphs, read_chunks, scan_source

ARTICLE = Path(__file__).resolve().parents[2] / "seeds" / "000_33cab2cb41f507af.txt"

# Line ends of every kind str.splitlines knows, blanks, spaces and Arabic text.
PIECES = st.sampled_from(
    ["قال", " ", "بوتين.", "\n", "\r\n", "\r", "\u2028", "\x0c", "\x1c", "\x85", "\t", "  ", "هنا؟"]
)


def chunked(text: str, cuts: list[int]) -> list[str]:
    points = sorted({c % (len(text) + 1) for c in cuts})
    edges = [0, *points, len(text)]
    return [text[a:b] for a, b in itertools.pairwise(edges)]


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join), st.lists(st.integers(0, 500), max_size=8))
def test_paragraphs_from_chunks_are_the_whole_texts(text: str, cuts: list[int]) -> None:
    found = list(iter_paragraphs(chunked(text, cuts)))
    assert [(p.start, p.end) for p in found] == paragraphs(text)
    assert [p.text for p in found] == [text[a:b] for a, b in paragraphs(text)]
    assert [p.index for p in found] == list(range(len(found)))


def test_a_crlf_split_between_chunks_is_one_break() -> None:
    found = list(iter_paragraphs(["أ\r", "\nب\r\n\r\nج"]))
    assert [p.breaks_before for p in found] == [0, 1, 2]
    assert [p.text for p in found] == ["أ", "ب", "ج"]


def test_file_chunks_keep_bom_rule_and_bad_byte_offsets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(source_text, "CHUNK_BYTES", 7)  # cut inside multi-byte letters
    text = "\ufeffقال بوتين\nهنا"
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode("utf-8"))
    assert "".join(read_chunks(str(path))) == decode_utf8(text.encode("utf-8"), "x")
    bad = "قال بوتين".encode() + b"\xff" + b"abc"
    path.write_bytes(bad)
    with pytest.raises(TranslatorError) as streamed:
        list(read_chunks(str(path), "'a.txt'"))
    with pytest.raises(TranslatorError) as whole:
        decode_utf8(bad, "'a.txt'")
    assert str(streamed.value) == str(whole.value)
    assert "byte offset 17" in str(streamed.value)


def test_scan_hashes_the_text_and_counts_sentences(tmp_path: Path) -> None:
    import hashlib

    data = ARTICLE.read_bytes()
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbf" + data)
    scan = scan_source(read_chunks(str(path)))
    text = data.decode("utf-8")
    assert scan.sha256 == hashlib.sha256(data).hexdigest()
    assert scan.sentences == len(segment(text))
    assert scan.paragraphs == len(paragraphs(text))
    assert not scan.mostly_not_arabic and not scan.empty


def fake_translations(text: str, size: int) -> list[Block]:
    """The engine's blocks of ``text`` with made-up English (some empty, some with terms)."""
    blocks = []
    index = 0
    for paras, sentences, ends in engine._blocks(iter_paragraphs([text]), size):
        done = []
        for s in sentences:
            terms = [TermStatus(s.text[:3], 0, 3, "Putin", "ok")] if index % 3 == 0 else []
            target = "" if index % 7 == 5 else f"English {index} <&> \x01"
            done.append(
                SentenceTranslation(
                    s.text,
                    target,
                    terms,
                    ["w"] if index % 5 == 0 else [],
                    [],
                    s.paragraph,
                    index,
                    s.start,
                    s.end,
                )
            )
            index += 1
        blocks.append(Block(paras, done, ends))
    return blocks


def streamed(fmt: str, text: str, blocks: list[Block], version: str) -> str:
    import hashlib

    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    writer = stream_writer(
        fmt, True, name="dir/story.txt", model="m", glossary="g.tsv", xliff_version=version,
        sha256=sha,
    )  # fmt: skip
    return writer.begin() + "".join(writer.block(b) for b in blocks) + writer.end()


DOCUMENTS = [
    ARTICLE.read_text("utf-8"),
    "\n\n  أ. ب. ج.\r\n\r\nد\u2029\u2029هـ.  و.\n",
    "",
    "   \n\n",
]


FORMAT_CASES = [(fmt, "2.1") for fmt in FORMATS] + [("xliff", "1.2")]


@pytest.mark.parametrize(("fmt", "version"), FORMAT_CASES)
@pytest.mark.parametrize("size", [1, 2, 5, 1000])
@pytest.mark.parametrize("doc", range(len(DOCUMENTS)))
def test_writers_in_pieces_equal_render(fmt: str, version: str, size: int, doc: int) -> None:
    text = DOCUMENTS[doc]
    blocks = fake_translations(text, size)
    whole = [s for b in blocks for s in b.sentences]
    expected = render(fmt, text, whole, True, name="dir/story.txt", model="m",
                      glossary="g.tsv", xliff_version=version)  # fmt: skip
    assert streamed(fmt, text, blocks, version) == expected


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_paragraph_longer_than_blocks_is_cut_and_still_written_whole(
    fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "LONG_PARAGRAPH_BLOCKS", 1)
    text = "مقدمة.\n" + " ".join(f"جملة {i}." for i in range(11)) + "\n\nخاتمة."
    blocks = fake_translations(text, 3)
    assert any(not b.ends_paragraph for b in blocks)  # the long paragraph was cut
    assert max(len(b.sentences) for b in blocks) <= 2 * 3
    whole = [s for b in blocks for s in b.sentences]
    expected = render(fmt, text, whole, True, name="dir/story.txt", model="m", glossary="g.tsv")
    assert streamed(fmt, text, blocks, "2.1") == expected


def test_blocks_end_at_paragraph_ends_and_pull_input_lazily() -> None:
    pulled: list[int] = []

    def source():
        for para in iter_paragraphs([ARTICLE.read_text("utf-8")]):
            pulled.append(para.index)
            yield para

    blocks = engine._blocks(source(), 4)
    paras, sentences, ends = next(blocks)
    assert ends and len(sentences) >= 4
    # read no further than the paragraph that filled the block
    assert pulled == [p.index for p in paras]
    rest = list(blocks)
    total = sum(len(s) for _, s, _ in rest) + len(sentences)
    assert total == len(segment(ARTICLE.read_text("utf-8")))


def test_tallies_survive_the_checkpoint_round_trip() -> None:
    import json

    from translator.resumable import Tally

    blocks = fake_translations(ARTICLE.read_text("utf-8"), 5)
    tally = Tally()
    for block in blocks[:3]:
        tally.add(block)
    tally.last_resort["split-to-fit"] += 2
    again = Tally.from_json(json.loads(json.dumps(tally.as_json())))
    assert again == tally
    assert again.statuses["ok"] == sum(
        1 for b in blocks[:3] for s in b.sentences for t in s.terms if t.status == "ok"
    )
