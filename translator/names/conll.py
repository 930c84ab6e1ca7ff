"""Reading labelled Arabic NER data (CoNLL layout: ``token TAG`` a line, blank between sentences).

Tags are mapped to the three types the glossary knows: ``PER``/``PERS`` → ``PERS``,
``LOC``/``GPE`` → ``LOC``, ``ORG`` → ``ORG``; every other tag (AQMAR's ``MIS0``–``MIS3``,
ANERcorp's ``MISC``) is ``O``.  Each sentence is rebuilt as text (tokens joined by
spaces) and re-tokenized the way tarjama tokenizes documents (``tokens.words_of``), so
the tagger trains on exactly the tokens it will see; a gold token that becomes several
tokens passes its tag on (``B-X`` then ``I-X``).

Splits are by document (file), never by sentence, so no article's names are in both
training and test data: ``split_files`` puts every ``test_every``-th file of the sorted
list in the test set.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from translator.names.tokens import Word, words_of

LABELS = ("PERS", "LOC", "ORG")
_MAP = {"PER": "PERS", "PERS": "PERS", "PERSON": "PERS", "LOC": "LOC", "GPE": "LOC", "ORG": "ORG"}


@dataclass
class Sentence:
    """One labelled sentence: its text, tarjama's tokens of it and a BIO tag per token."""

    text: str
    words: list[Word]
    tags: list[str]
    document: str


def map_tag(tag: str) -> str:
    """A corpus tag as ``B-PERS``/``I-LOC``/``O``."""
    if "-" not in tag:
        return "O"
    head, _, kind = tag.partition("-")
    mapped = _MAP.get(kind.strip("-").upper())
    if head.upper() not in ("B", "I") or mapped is None:
        return "O"
    return f"{head.upper()}-{mapped}"


def _sentence(tokens: list[tuple[str, str]], document: str) -> Sentence:
    spans = []
    at = 0
    for token, _ in tokens:
        spans.append((at, at + len(token)))
        at += len(token) + 1
    text = " ".join(t for t, _ in tokens)
    words = words_of(text)
    tags = []
    g = 0
    for w in words:
        while g < len(spans) - 1 and w.start >= spans[g][1]:
            g += 1
        tag = tokens[g][1]
        if tag.startswith("B-") and w.start > spans[g][0]:
            tag = "I-" + tag[2:]
        tags.append(tag)
    # A tag sequence that opens with I- (a corpus quirk) starts its entity there.
    for i, tag in enumerate(tags):
        if tag.startswith("I-") and (i == 0 or tags[i - 1][2:] != tag[2:]):
            tags[i] = "B-" + tag[2:]
    return Sentence(text, words, tags, document)


def read_file(path: Path) -> Iterator[Sentence]:
    """The sentences of one CoNLL file."""
    tokens: list[tuple[str, str]] = []
    with path.open(encoding="utf-8-sig") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) < 2:
                if tokens:
                    yield _sentence(tokens, path.name)
                    tokens = []
                continue
            tokens.append((parts[0], map_tag(parts[-1] if len(parts) == 2 else parts[1])))
    if tokens:
        yield _sentence(tokens, path.name)


def corpus_files(directory: Path) -> list[Path]:
    """The data files of a corpus folder, sorted (``*.txt``, ``*.conll``, ``*.tsv``)."""
    files = [p for p in directory.rglob("*") if p.suffix in (".txt", ".conll", ".tsv")]
    return sorted(files, key=lambda p: str(p.relative_to(directory)))


def split_files(files: list[Path], test_every: int) -> tuple[list[Path], list[Path]]:
    """(train, test): every ``test_every``-th file (1-based) goes to the test set."""
    test = [f for i, f in enumerate(files, start=1) if i % test_every == 0]
    train = [f for f in files if f not in test]
    return train, test
