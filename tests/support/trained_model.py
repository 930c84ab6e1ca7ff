"""Train a small MarianMT model whose right output is known exactly: Arabic romanization.

Random-weight models never stop, never align and never write a word on their
own, so they cannot show what glossary enforcement does to the English around a
name.  This module trains a real ``MarianMTModel`` on a task with an exact
answer: the word-by-word romanization of ``translator.romanization`` (بوتين →
``bwtyn``).  A glossary that spells names differently (``Putin``) then forces
names the model would not write, and the right English for the rest of the
sentence is still known word for word (``tests.support.names_reference``).

What it builds, like opus-mt:

* SentencePiece models for each side (``source.spm``, ``target.spm``), a shared
  ``vocab.json`` whose last entry is ``<pad>`` (``build_vocab`` of
  ``translator.bench.random_model``, as CTranslate2's converter expects),
  ``tokenizer_config.json``; the weights via ``save_pretrained``.
  ``MarianTokenizer``, ``model_loading.load_model`` and
  ``ctranslate2.converters.TransformersConverter`` all load the folder.  The
  target pieces are the source pieces romanized (``romanized_spm``), so most
  words split alike on both sides; the seeds' English is in the SentencePiece
  training too, so names such as ``Putin`` are one piece, as in opus-mt.
* Guided alignment: opus-mt models are trained with an alignment head, and
  CTranslate2's ``return_attention`` returns head 0 of the last decoder layer
  (its spec's ``alignment_layer=-1``, ``alignment_heads=1``; the Marian
  converter keeps the defaults).  The task is monotone, so the alignment is
  known exactly: a cross-entropy term pulls that head's attention, for every
  target piece, onto the source piece it spells (the whole source word where
  the two sides split a word differently), and the final ``</s>`` onto the
  source ``</s>``.
* Names it would not write: in a share of the training sentences one Arabic
  word's English is a random capitalized name from the seeds' English
  (``Encoder.encode``), so that, like a real model after a glossary name,
  it goes on with the next word.  The names are drawn at random, never for
  their Arabic, so free decoding stays the romanization.  Recipe fields make
  the names realistic (``SentenceSampler.named``): a name for 1-3 consecutive
  Arabic words, several names in a sentence, a clitic written as its own word
  ("w Name" for و + word, as ``names_reference`` writes it), and
  names from ``NamePool`` with exactly their Arabic's word count, and
  SentencePiece-sampled target pieces (so that the model cannot keep its
  place by counting pieces).  The glossary's own words are among the random
  names too, never for their Arabic, so that their pieces are trained.
  ``benchmarks/romanizer_recipes.md`` records what each did.

Training data are made-up sentences, sampled afresh at every step, of real
words: every word of the Arabic in ``seeds/`` plus wordfreq's Arabic list
(drawn by a flattened frequency), with Latin words (the seeds' English),
numbers and attached punctuation mixed in.  No real sentence is ever a
training sentence, so the seed article's sentences are held out
(``held_out_sentences``).  The run is deterministic given the recipe, the
seed and the thread count; the learning rate does not depend on the total
step count, so the checkpoint saved at step N of a longer run is the one a
run of N steps writes.

    python -m tests.support.trained_model build DIR [--steps N] [--threads 1] [--save-every 250]

Hand-written training loop: transformers' ``Seq2SeqTrainer`` would need the
``accelerate``/``datasets`` stack and still could not add the alignment loss
without a subclass of the same size.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translator.bench.random_model import (
    ModelSize,
    _train_spm,
    marian_config,
    seed_corpus,
    write_tokenizer,
)
from translator.romanization import romanize, romanize_word

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
ARTICLE = SEEDS / "000_33cab2cb41f507af.txt"
CHECKPOINT = ROOT / "tests" / "data" / "romanizer"

_LETTERS_RUN = re.compile(r"[a-z'`]+")
TRAILING = ("،", "،", "،", ".", ".", ":", "؟", "!", "؛", "”", "»", ")", '"')
LEADING = ("“", "«", "(", '"')


@dataclass(frozen=True)
class Recipe:
    """Everything that decides the trained model (the seed included)."""

    seed: int = 0
    steps: int = 5000
    batch_tokens: int = 1600  # source pieces per batch, padding included
    lr: float = 2e-3
    warmup: int = 200
    alignment_weight: float = 1.0
    label_smoothing: float = 0.1
    dropout: float = 0.0
    english_weight: int = 20  # copies of the seeds' English in the SentencePiece training
    name_share: float = 0.5  # sentences whose English has random Latin names
    d_model: int = 192
    layers: int = 3
    heads: int = 4
    ffn_dim: int = 768
    spm_vocab: int = 800
    wordfreq_words: int = 25000
    spm_sentences: int = 20000
    long_share: float = 0.15  # sentences of short_max..long_max words; the rest 1..short_max
    short_max: int = 12
    long_max: int = 75
    # Realistic names (issue 9's yardstick); the defaults are the committed
    # checkpoint's recipe (benchmarks/romanizer_recipes.md has the others tried).
    # A glossary name often spans several Arabic words ("Vladimir Putin" for
    # فلاديمير بوتين, "United States" for الولايات المتحدة الأمريكية), carries a
    # clitic (وبوتين -> "w Putin") and shares its sentence with other names; a model
    # that never saw those goes on reading the name's Arabic after a forced name.
    name_span_max: int = 3  # Arabic words one name stands for: 1..name_span_max
    names_max: int = 3  # names in a sentence that gets names: 1..names_max
    name_clitic_share: float = 0.3  # names with a clitic (و ب ل ...) written as its own word
    name_pool: str = "english"  # "seeds": the seeds' capitalized English; "english": see NamePool
    # With name_pool "english": share of name words drawn from the seeds' capitalized
    # words (one SentencePiece piece each, as "Putin" or "Moscow" are) rather than
    # wordfreq's (spelt in letters): a model that only saw names spelt in letters
    # goes back to the source after a one-piece name.  0 keeps the uniform draw.
    name_seed_share: float = 0.5
    # With name_pool "english": 1 leaves the seeds' glossary words out of the names.  0
    # keeps them: drawn at random, never for their Arabic, they teach no mapping, but
    # their target pieces ("▁Naryshkin") get trained embeddings, as a real model's
    # vocabulary has; left out, a forced "Naryshkin" is a vector the decoder never saw.
    name_exclude_glossary: int = 0
    # SentencePiece sampling (subword regularization, Kudo 2018) of the target pieces,
    # alpha; 0 = the one best segmentation.  The romanizer's target pieces mirror the
    # source's one for one, so a model can track its place in the Arabic by counting
    # pieces, not by reading it; a forced name of eight letter pieces for two Arabic
    # words then sends it six words ahead.  Sampled segmentations break that count.
    target_sampling: float = 1.0
    # With name_pool "english": share of names with exactly as many words as their Arabic
    # (the rest 1-3 words): below 1, a model cannot tell where a forced name ends.
    name_same_count: float = 1.0


def is_arabic_word(word: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in word)


def seed_words(seeds_dir: Path = SEEDS) -> tuple[list[str], list[str], list[str]]:
    """Arabic chunks (punctuation attached), Latin words and capitalized names from ``seeds/``."""
    source, target = seed_corpus(seeds_dir)
    arabic = sorted({w for line in source for w in line.split() if romanize(w)})
    latin = sorted({w for line in target for w in line.split() if w.isascii()})
    short = {line for line in target if line.isascii() and 1 <= len(line.split()) <= 3}
    names = {n for n in short if all(w[:1].isupper() for w in n.split())}
    names |= {w.strip(".,;:()\"'") for w in latin if w[:1].isupper()}
    return arabic, latin, sorted(n for n in names if n)


# Clitics written before a name, as the glossary matcher strips them (glossary.clitics):
# conjunction و/ف, preposition ب/ل/ك, both, and the contracted article لل.
CLITICS = ("و", "و", "و", "و", "ب", "ل", "ل", "ف", "ك", "وب", "ول", "لل", "لل")
_ARABIC_START = re.compile(r"^[\u0621-\u064a]")
_PLAIN_END = re.compile(r"[\u0621-\u064a]$")


class NamePool:
    """Latin names of 1-3 capitalized words, drawn at random, never for their Arabic.

    The words are the capitalized words of the seeds' English and wordfreq's
    common English words, capitalized.  With ``exclude_glossary`` every word of
    the seeds' glossary targets is left out (the held-out names.tsv has the same
    names), at the cost of those target pieces never being trained (see
    ``Recipe.name_exclude_glossary``).  ``same_count`` is the share of names with
    exactly as many words as their Arabic.
    """

    def __init__(
        self,
        rng: random.Random,
        seeds_dir: Path = SEEDS,
        seed_share: float = 0.0,
        exclude_glossary: bool = True,
        same_count: float = 0.6,
    ) -> None:
        import wordfreq

        self.rng = rng
        self.seed_share = seed_share
        self.same_count = same_count
        held_out: set[str] = set()
        for path in sorted(seeds_dir.glob("*.glossary.tsv")) if exclude_glossary else []:
            for line in path.read_text("utf-8").splitlines():
                if line and not line.startswith("#"):
                    held_out.update(line.split("\t")[0].split())
        _, target = seed_corpus(seeds_dir)
        words = {w.strip(".,;:()\"'“”’") for line in target for w in line.split()}
        seed_caps = {w for w in words if w[:1].isupper() and w.isalpha() and w.isascii()}
        english = {
            w.capitalize()
            for w in wordfreq.top_n_list("en", 5000)
            if w.isalpha() and w.isascii() and len(w) >= 3
        }
        self.words = sorted((seed_caps | english) - held_out)
        self.seed_words = sorted(seed_caps - held_out)

    def name(self, arabic_words: int) -> str:
        """A name for a span of ``arabic_words`` words: as many words (``same_count``
        of the time), else 1-3."""
        rng = self.rng
        count = arabic_words if rng.random() < self.same_count else rng.randint(1, 3)
        return " ".join(self._word() for _ in range(count))

    def _word(self) -> str:
        rng = self.rng
        if self.seed_share and rng.random() < self.seed_share:
            return rng.choice(self.seed_words)
        return rng.choice(self.words)


def frequency_words(count: int) -> tuple[list[str], list[float]]:
    """The ``count`` most frequent Arabic words of wordfreq, with sampling weights."""
    import wordfreq

    words = [w for w in wordfreq.top_n_list("ar", count) if is_arabic_word(w) and romanize(w)]
    # Flattened: the rare half of the list still turns up often enough to be learnt.
    weights = [wordfreq.word_frequency(w, "ar") ** 0.3 for w in words]
    return words, weights


class SentenceSampler:
    """Made-up training sentences of real words, drawn from one seeded generator."""

    def __init__(self, recipe: Recipe, seeds_dir: Path = SEEDS) -> None:
        self.recipe = recipe
        self.rng = random.Random(recipe.seed)
        self.seed_arabic, self.latin, self.names = seed_words(seeds_dir)
        self.freq_words, freq_weights = frequency_words(recipe.wordfreq_words)
        self.freq_cum = list(_cumulative(freq_weights))
        self.name_pool = (
            NamePool(
                self.rng,
                seeds_dir,
                recipe.name_seed_share,
                bool(recipe.name_exclude_glossary),
                recipe.name_same_count,
            )
            if recipe.name_pool == "english"
            else None
        )

    @property
    def realistic_names(self) -> bool:
        """False for the committed checkpoint's recipe (its draws stay as they were)."""
        r = self.recipe
        return (r.name_span_max, r.names_max, r.name_clitic_share, r.name_pool) != (
            1,
            1,
            0.0,
            "seeds",
        )

    def word(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.30:
            word = rng.choice(self.seed_arabic)
        elif roll < 0.92:
            word = rng.choices(self.freq_words, cum_weights=self.freq_cum)[0]
        elif roll < 0.96:
            word = rng.choice(self.latin)
        else:
            word = self._number()
        if rng.random() < 0.12:
            word += rng.choice(TRAILING)
        if rng.random() < 0.04:
            word = rng.choice(LEADING) + word
        return word

    def _number(self) -> str:
        rng = self.rng
        choices = [rng.randint(0, 100), rng.randint(1900, 2030), rng.randint(0, 10**6)]
        value = str(rng.choice(choices))
        if rng.random() < 0.3:
            value = value.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
        return value + ("%" if rng.random() < 0.1 else "")

    def length(self) -> int:
        """Words in a sentence: mostly news-sized, some long ones like the seed's."""
        rng, r = self.rng, self.recipe
        if rng.random() < r.long_share:
            return rng.randint(r.short_max, r.long_max)
        return rng.randint(1, r.short_max)

    def sentence(self, words: int | None = None) -> str:
        count = words if words is not None else self.length()
        return " ".join(self.word() for _ in range(count))

    def substitution(self, arabic: str) -> dict[int, str]:
        """Sometimes one Arabic word's English is a random Latin name (see ``Encoder``)."""
        rng = self.rng
        words = arabic.split()
        if not self.recipe.name_share or rng.random() >= self.recipe.name_share:
            return {}
        k = rng.randrange(len(words))
        return {k: rng.choice(self.names)} if is_arabic_word(words[k]) else {}

    def named(self, arabic: str) -> tuple[str, dict[int, NameSpan]]:
        """The sentence (clitics added) and its names: start word -> (words, name, clitic).

        Up to ``names_max`` names, each for 1..``name_span_max`` consecutive Arabic
        words that no punctuation splits, some with a clitic attached to the
        Arabic and written as its own romanized word before the name ("w Name").
        """
        if not self.realistic_names:
            found = self.substitution(arabic)
            return arabic, {k: NameSpan(1, name, "") for k, name in found.items()}
        rng, r = self.rng, self.recipe
        words = arabic.split()
        if not r.name_share or rng.random() >= r.name_share:
            return arabic, {}
        spans: dict[int, NameSpan] = {}
        taken: set[int] = set()
        for _ in range(rng.randint(1, r.names_max)):
            size = rng.randint(1, r.name_span_max)
            k = rng.randrange(len(words))
            span = range(k, k + size)
            if span.stop > len(words) or taken & set(span):
                continue
            if not all(is_arabic_word(words[i]) for i in span):
                continue
            if any(not _PLAIN_END.search(words[i]) for i in span[:-1]) or any(
                not _ARABIC_START.match(words[i]) for i in span[1:]
            ):
                continue  # punctuation inside the span: not one name
            if self.name_pool is not None:
                name = self.name_pool.name(size)
            else:
                name = rng.choice(self.names)
            clitic = ""
            if rng.random() < r.name_clitic_share and _ARABIC_START.match(words[k]):
                prefix = rng.choice(CLITICS)
                words[k] = prefix + words[k]
                clitic = romanize_word(prefix)
            spans[k] = NameSpan(size, name, clitic)
            taken.update(span)
        return " ".join(words), spans


@dataclass(frozen=True)
class NameSpan:
    """A Latin name written for ``words`` Arabic words, after its romanized ``clitic``."""

    words: int
    name: str
    clitic: str = ""


def _cumulative(weights: Sequence[float]) -> Iterator[float]:
    total = 0.0
    for weight in weights:
        total += weight
        yield total


def held_out_sentences(article: Path = ARTICLE) -> list[str]:
    """Real news sentences the model never saw as sentences: the seed article, segmented."""
    from translator.segment import segment

    return [s.text for s in segment(article.read_text("utf-8"))]


def word_index(pieces: Sequence[str]) -> list[int]:
    """For each SentencePiece piece, the index of the whitespace word it belongs to."""
    out: list[int] = []
    word = -1
    for piece in pieces:
        if piece.startswith("\u2581") or word < 0:
            word += 1
        out.append(word)
    return out


def piece_alignment(source_words: list[int], target_words: list[int]) -> list[tuple[int, int]]:
    """For each target piece, the source span it spells (see ``Example.alignment``)."""
    spans: dict[int, list[int]] = {}
    for position, word in enumerate(source_words):
        spans.setdefault(word, []).append(position)
    ranks: dict[int, int] = {}
    counts: dict[int, int] = {}
    for word in target_words:
        counts[word] = counts.get(word, 0) + 1
    out: list[tuple[int, int]] = []
    for word in target_words:
        positions = spans[word]
        rank = ranks.get(word, 0)
        ranks[word] = rank + 1
        if counts[word] == len(positions):
            out.append((positions[rank], positions[rank] + 1))
        else:
            out.append((positions[0], positions[-1] + 1))
    return out


def span_alignment(
    source_words: list[int], target_spans: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """``piece_alignment`` where a target piece may spell several source words.

    ``target_spans`` holds, per target piece, the source words [a, b) it spells:
    a name for several Arabic words (and its clitic) attends to the whole span.
    """
    if all(b == a + 1 for a, b in target_spans):
        return piece_alignment(source_words, [a for a, _ in target_spans])
    positions: dict[int, list[int]] = {}
    for position, word in enumerate(source_words):
        positions.setdefault(word, []).append(position)
    single = [(i, a) for i, (a, b) in enumerate(target_spans) if b == a + 1]
    out = [(positions[a][0], positions[b - 1][-1] + 1) for a, b in target_spans]
    words = [a for _, a in single]
    for (i, _), aligned in zip(single, piece_alignment(source_words, words), strict=True):
        out[i] = aligned
    return out


@dataclass
class Example:
    source_ids: list[int]  # ends with </s>
    target_ids: list[int]  # ends with </s>
    # Per target id, the source positions [start, end) it romanizes: the piece of the same
    # rank in its word where both sides split the word alike, else the whole word.
    alignment: list[tuple[int, int]]
    source_words: list[int]  # per source id: its word (-1: </s>)


class Encoder:
    """Sentence pairs to ids plus the gold word alignment."""

    def __init__(self, tokenizer: Any, target_sampling: float = 0.0) -> None:
        self.tokenizer = tokenizer
        self.vocab: dict[str, int] = tokenizer.get_vocab()
        self.unk = self.vocab["<unk>"]
        self.eos = self.vocab["</s>"]
        self.target_sampling = target_sampling

    def _target_pieces(self, text: str) -> list[str]:
        spm = self.tokenizer.spm_target
        if not self.target_sampling:
            return spm.encode(text, out_type=str)
        return spm.encode(
            text, out_type=str, enable_sampling=True, alpha=self.target_sampling, nbest_size=-1
        )

    def encode(
        self, arabic: str, names: dict[int, str] | dict[int, NameSpan] | None = None
    ) -> Example | None:
        """The training pair for ``arabic``; None when the words do not line up one to one.

        ``names`` maps word k to a Latin name written instead of its romanization
        (attached punctuation kept): the model then learns to go on with word k + 1
        after a name it would not have written itself, as a real model goes on
        after a glossary name that enforcement forced.  Names are drawn at random,
        never for their Arabic, so free decoding stays the romanization.  A
        ``NameSpan`` stands for several words and may carry a clitic written as
        its own word first ("w Name"); its pieces align with the whole span.
        """
        tok = self.tokenizer
        words = [w for w in (romanize_word(c) for c in arabic.split()) if w]
        source = tok.spm_source.encode(arabic, out_type=str)
        spans = {
            k: v if isinstance(v, NameSpan) else NameSpan(1, v) for k, v in (names or {}).items()
        }
        target: list[str] = []
        tgt_words: list[tuple[int, int]] = []
        k = 0
        while k < len(words):
            size = 1
            text = words[k]
            if k in spans:
                span = spans[k]
                size = min(span.words, len(words) - k)
                text = " ".join(words[k : k + size])
                if size == 1 and not span.clitic:
                    text = _LETTERS_RUN.sub(span.name, text, count=1)
                else:
                    text = text[len(span.clitic) :]
                    runs = list(_LETTERS_RUN.finditer(text))
                    if runs:
                        text = text[: runs[0].start()] + span.name + text[runs[-1].end() :]
                    text = f"{span.clitic} {text}" if span.clitic else text
            pieces = self._target_pieces(text)
            target.extend(pieces)
            tgt_words.extend([(k, k + size)] * len(pieces))
            k += size
        src_ids = [self.vocab.get(p, self.unk) for p in source]
        tgt_ids = [self.vocab.get(p, self.unk) for p in target]
        src_words = word_index(source)
        if (
            not source
            or not target
            or src_words[-1] != len(words) - 1
            or self.unk in src_ids
            or self.unk in tgt_ids
        ):
            return None
        return Example(
            source_ids=[*src_ids, self.eos],
            target_ids=[*tgt_ids, self.eos],
            alignment=[*span_alignment(src_words, tgt_words), (len(source), len(source) + 1)],
            source_words=[*src_words, -1],
        )


def _batch_tensors(examples: list[Example], pad: int) -> dict[str, Any]:
    import torch

    n = len(examples)
    src_len = max(len(e.source_ids) for e in examples)
    tgt_len = max(len(e.target_ids) for e in examples)
    input_ids = torch.full((n, src_len), pad, dtype=torch.long)
    mask = torch.zeros((n, src_len), dtype=torch.long)
    decoder_input = torch.full((n, tgt_len), pad, dtype=torch.long)
    labels = torch.full((n, tgt_len), -100, dtype=torch.long)
    gold = torch.zeros((n, tgt_len, src_len))
    for i, e in enumerate(examples):
        s, t = len(e.source_ids), len(e.target_ids)
        input_ids[i, :s] = torch.tensor(e.source_ids)
        mask[i, :s] = 1
        labels[i, :t] = torch.tensor(e.target_ids)
        decoder_input[i, 1:t] = torch.tensor(e.target_ids[:-1])  # starts with <pad>, as Marian
        for j, (start, end) in enumerate(e.alignment):
            gold[i, j, start:end] = 1.0 / (end - start)
    return {
        "input_ids": input_ids,
        "attention_mask": mask,
        "decoder_input_ids": decoder_input,
        "labels": labels,
        "gold": gold,
    }


def _config(recipe: Recipe, vocab: dict[str, int]) -> Any:
    size = ModelSize(
        d_model=recipe.d_model,
        layers=recipe.layers,
        heads=recipe.heads,
        ffn_dim=recipe.ffn_dim,
        vocab_size=None,
        spm_vocab=recipe.spm_vocab,
    )
    return marian_config(vocab, size, dropout=recipe.dropout)


def romanized_spm(source_spm: bytes, extra_chars: set[str]) -> bytes:
    """A target SentencePiece model whose pieces are the source pieces, romanized.

    Most Arabic words then split into the same number of pieces on both sides
    (piece k of the English spells piece k of the Arabic), which a model this
    small learns in minutes; separately trained vocabularies agree on a third
    of the words.  Each piece keeps the best score of the source pieces that
    romanize to it; ``extra_chars`` (capitals, digits, ...) are added as
    single-character pieces so that every glossary target can be spelt.
    """
    from sentencepiece import sentencepiece_model_pb2 as model_pb2

    source = model_pb2.ModelProto()
    source.ParseFromString(source_spm)
    normal = model_pb2.ModelProto.SentencePiece.Type.NORMAL
    scores: dict[str, float] = {}
    for piece in source.pieces:
        if piece.type != normal:
            continue
        lead = "\u2581" if piece.piece.startswith("\u2581") else ""
        romanized = lead + romanize_word(piece.piece[len(lead) :])
        if romanized:
            scores[romanized] = max(scores.get(romanized, piece.score), piece.score)
    lowest = min(scores.values()) - 1.0
    for char in sorted(extra_chars - {" "}):
        scores.setdefault(char, lowest)
    target = model_pb2.ModelProto()
    target.CopyFrom(source)
    del target.pieces[:]
    target.pieces.extend(p for p in source.pieces if p.type != normal)
    for text, score in scores.items():
        target.pieces.append(model_pb2.ModelProto.SentencePiece(piece=text, score=score))
    return target.SerializeToString()


def _write_tokenizer(out_dir: Path, recipe: Recipe, sampler: SentenceSampler) -> Any:
    """SentencePiece models (sampled sentences plus the seeds' English), vocab, tokenizer."""
    arabic = [sampler.sentence() for _ in range(recipe.spm_sentences)]
    _, english = seed_corpus(SEEDS)  # glossary targets and the reference: names, capitals
    # The English repeated: Latin names get pieces of their own, not letters.
    source_spm = _train_spm(arabic + english * recipe.english_weight, recipe.spm_vocab)
    chars = {c for line in english for c in line} | {c for s in arabic for c in romanize(s)}
    target_spm = romanized_spm(source_spm, chars)
    tokenizer, _ = write_tokenizer(out_dir, source_spm, target_spm, None)
    return tokenizer


def _batches(sampler: SentenceSampler, encoder: Encoder, budget: int) -> Iterator[list[Example]]:
    """Batches of sentences of about one length, ``budget`` padded source pieces each."""
    while True:
        words = sampler.length()
        examples: list[Example] = []
        longest = 0
        while True:
            arabic = sampler.sentence(max(1, words + sampler.rng.randint(-2, 2)))
            arabic, names = sampler.named(arabic)
            example = encoder.encode(arabic, names)
            if example is None:
                continue
            longest = max(longest, len(example.source_ids))
            if examples and longest * (len(examples) + 1) > budget:
                break
            examples.append(example)
        yield examples


def _save(model: Any, out_dir: Path) -> None:
    model.config._attn_implementation = "sdpa"
    model.save_pretrained(out_dir)
    model.config._attn_implementation = "eager"


def _snapshot(out_dir: Path, step: int) -> None:
    """Copy the folder's files (weights, tokenizer) to ``out_dir/step-N``."""
    import shutil

    folder = out_dir / f"step-{step}"
    folder.mkdir(exist_ok=True)
    for path in out_dir.iterdir():
        if path.is_file():
            shutil.copy2(path, folder / path.name)


def _sample(model: Any, tokenizer: Any, sentences: list[str]) -> list[str]:
    import torch

    model.eval()
    with torch.no_grad():
        batch = tokenizer(sentences, return_tensors="pt", padding=True)
        out = model.generate(**batch, num_beams=1, max_new_tokens=300)
    model.train()
    return tokenizer.batch_decode(out, skip_special_tokens=True)


def train(
    out_dir: Path,
    recipe: Recipe = Recipe(),
    threads: int = 2,
    log: Any = None,
    save_every: int = 0,
    snapshots: bool = False,
) -> Path:
    """Build the model folder ``out_dir``; returns it.  Prints progress to ``log``."""
    import torch
    from torch.nn import functional as F
    from transformers import MarianMTModel
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    log = log if log is not None else sys.stderr
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(threads)
    torch.manual_seed(recipe.seed)
    sampler = SentenceSampler(recipe)
    tokenizer = _write_tokenizer(out_dir, recipe, sampler)
    if recipe.target_sampling:
        import sentencepiece

        sentencepiece.set_random_generator_seed(recipe.seed)
    encoder = Encoder(tokenizer, recipe.target_sampling)
    vocab = tokenizer.get_vocab()
    pad = vocab["<pad>"]
    config = _config(recipe, vocab)
    config._attn_implementation = "eager"  # attention weights are needed for the alignment loss
    model = MarianMTModel(config)
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=recipe.lr, betas=(0.9, 0.98), eps=1e-9)

    def rate(step: int) -> float:  # linear warm-up, then inverse square root
        return min((step + 1) / recipe.warmup, math.sqrt(recipe.warmup / (step + 1)))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, rate)
    started = time.monotonic()
    batches = _batches(sampler, encoder, recipe.batch_tokens)
    for step in range(recipe.steps):
        batch = _batch_tensors(next(batches), pad)
        out = model(
            input_ids=batch["input_ids"],
            attention_mask=batch["attention_mask"],
            decoder_input_ids=batch["decoder_input_ids"],
            output_attentions=True,
        )
        labels = batch["labels"]
        valid = labels != -100
        ce = F.cross_entropy(
            out.logits.transpose(1, 2), labels, ignore_index=-100,
            label_smoothing=recipe.label_smoothing,
        )  # fmt: skip
        attention = out.cross_attentions[-1][:, 0]  # the head CTranslate2 returns
        align = -(batch["gold"] * torch.log(attention + 1e-9)).sum(-1)
        align = align[valid].mean()
        loss = ce + recipe.alignment_weight * align
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        if step % 50 == 0 or step == recipe.steps - 1:
            print(
                f"step {step:5d}  ce {ce.item():.3f}  align {align.item():.3f}  "
                f"lr {scheduler.get_last_lr()[0]:.2e}  {time.monotonic() - started:6.0f} s",
                file=log,
                flush=True,
            )
        if save_every and step and step % save_every == 0:
            _save(model, out_dir)
            if snapshots:  # a whole model folder per save: learning curves from one run
                _snapshot(out_dir, step)
            for text in _sample(model, tokenizer, held_out_sentences()[:2]):
                print("   ", text, file=log, flush=True)
    model.eval()
    _save(model, out_dir)
    (out_dir / "recipe.json").write_text(
        json.dumps({**recipe.__dict__, "threads": threads}, indent=1) + "\n", "utf-8"
    )
    return out_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.support.trained_model",
        description="Train the small Arabic-romanizing MarianMT test model.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="train the model into DIR")
    build.add_argument("out_dir", type=Path)
    build.add_argument("--seed", type=int, default=Recipe.seed)
    build.add_argument("--steps", type=int, default=Recipe.steps)
    build.add_argument("--threads", type=int, default=2)
    build.add_argument(
        "--save-every", type=int, default=0, help="save and show samples every N steps"
    )
    build.add_argument(
        "--set", action="append", default=[], metavar="FIELD=VALUE",
        help="override a Recipe field (experiments; the default recipe builds the checkpoint)",
    )  # fmt: skip
    build.add_argument(
        "--snapshots", action="store_true",
        help="with --save-every: keep each save as DIR/step-N (learning curves)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    try:
        import wordfreq  # noqa: F401
        from google import protobuf  # noqa: F401  (sentencepiece's model editing needs it)
    except ImportError:
        print(
            "error: wordfreq and protobuf are needed to train: pip install -e '.[model]'",
            file=sys.stderr,
        )
        return 2
    started = time.monotonic()
    overrides: dict[str, Any] = {}
    for item in args.set:
        key, _, value = item.partition("=")
        if key not in Recipe.__dataclass_fields__:
            print(f"error: --set {key}: no such recipe field", file=sys.stderr)
            return 2
        kind = type(getattr(Recipe(), key))
        overrides[key] = kind(value)
    recipe = Recipe(seed=args.seed, steps=args.steps, **overrides)
    train(
        args.out_dir,
        recipe,
        threads=args.threads,
        save_every=args.save_every,
        snapshots=args.snapshots,
    )
    print(f"{args.out_dir} ({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
