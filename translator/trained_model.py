"""Train a small MarianMT model whose right output is known exactly: Arabic romanization.

Random-weight models never stop, never align and never write a word on their
own, so they cannot show what glossary enforcement does to the English around a
name.  This module trains a real ``MarianMTModel`` on a task with an exact
answer: the word-by-word romanization of ``translator.romanization`` (بوتين →
``bwtyn``).  A glossary that spells names differently (``Putin``) then forces
names the model would not write, and the right English for the rest of the
sentence is still known word for word (``romanization.names_reference``).

What it builds, like opus-mt:

* SentencePiece models for each side (``source.spm``, ``target.spm``), a shared
  ``vocab.json`` whose last entry is ``<pad>`` (``random_model.build_vocab``, as
  CTranslate2's converter expects), ``tokenizer_config.json``; the weights via
  ``save_pretrained``.  ``MarianTokenizer``, ``model_loading.load_model`` and
  ``ctranslate2.converters.TransformersConverter`` all load the folder.
* Guided alignment: opus-mt models are trained with an alignment head, and
  CTranslate2's ``return_attention`` returns head 0 of the last decoder layer
  (its spec's ``alignment_layer=-1``, ``alignment_heads=1``; the Marian
  converter keeps the defaults).  The task is monotone, so the exact word
  alignment is known: a cross-entropy term pulls that head's attention, for
  every target piece, onto the source pieces of the word it romanizes (and the
  final ``</s>`` onto the source ``</s>``).

Training data are made-up sentences, sampled afresh at every step, of real
words: every word of the Arabic in ``seeds/`` plus wordfreq's Arabic list
(drawn by a flattened frequency), with Latin words (the seeds' English),
numbers and attached punctuation mixed in.  No real sentence is ever a
training sentence, so the seed article's sentences are held out
(``held_out_sentences``).  The run is deterministic given ``--seed`` (and the
thread count); it takes about ten minutes on two CPU cores.

    python -m translator.trained_model build DIR [--seed 0] [--steps 2400] [--threads 2]

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

from translator.romanization import romanize, romanize_word

ROOT = Path(__file__).resolve().parent.parent
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
    steps: int = 4000
    batch_tokens: int = 800  # source pieces per batch, padding included
    lr: float = 2e-3
    warmup: int = 200
    alignment_weight: float = 1.0
    label_smoothing: float = 0.1
    dropout: float = 0.0
    english_weight: int = 20  # copies of the seeds' English in the SentencePiece training
    name_share: float = 0.3  # sentences where one word's English is a random Latin name
    d_model: int = 96
    layers: int = 2
    heads: int = 4
    ffn_dim: int = 384
    spm_vocab: int = 800
    wordfreq_words: int = 25000
    spm_sentences: int = 20000
    long_share: float = 0.15  # sentences of short_max..long_max words; the rest 1..short_max
    short_max: int = 12
    long_max: int = 75


def is_arabic_word(word: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in word)


def seed_words(seeds_dir: Path = SEEDS) -> tuple[list[str], list[str], list[str]]:
    """Arabic chunks (punctuation attached), Latin words and capitalized names from ``seeds/``."""
    from translator.random_model import seed_corpus

    source, target = seed_corpus(seeds_dir)
    arabic = sorted({w for line in source for w in line.split() if romanize(w)})
    latin = sorted({w for line in target for w in line.split() if w.isascii()})
    short = {line for line in target if line.isascii() and 1 <= len(line.split()) <= 3}
    names = {n for n in short if all(w[:1].isupper() for w in n.split())}
    names |= {w.strip(".,;:()\"'") for w in latin if w[:1].isupper()}
    return arabic, latin, sorted(n for n in names if n)
    return arabic, latin


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

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer
        self.vocab: dict[str, int] = tokenizer.get_vocab()
        self.unk = self.vocab["<unk>"]
        self.eos = self.vocab["</s>"]

    def encode(self, arabic: str, names: dict[int, str] | None = None) -> Example | None:
        """The training pair for ``arabic``; None when the words do not line up one to one.

        ``names`` maps word k to a Latin name written instead of its romanization
        (attached punctuation kept): the model then learns to go on with word k + 1
        after a name it would not have written itself, as a real model goes on
        after a glossary name that enforcement forced.  Names are drawn at random,
        never for their Arabic, so free decoding stays the romanization.
        """
        tok = self.tokenizer
        words = [w for w in (romanize_word(c) for c in arabic.split()) if w]
        source = tok.spm_source.encode(arabic, out_type=str)
        target: list[str] = []
        tgt_words: list[int] = []
        for k, word in enumerate(words):
            if names and k in names:
                word = _LETTERS_RUN.sub(names[k], word, count=1)
            pieces = tok.spm_target.encode(word, out_type=str)
            target.extend(pieces)
            tgt_words.extend([k] * len(pieces))
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
            alignment=[*piece_alignment(src_words, tgt_words), (len(source), len(source) + 1)],
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
    from transformers import MarianConfig

    pad_id = vocab["<pad>"]
    return MarianConfig(
        vocab_size=len(vocab),
        d_model=recipe.d_model,
        encoder_layers=recipe.layers,
        decoder_layers=recipe.layers,
        encoder_attention_heads=recipe.heads,
        decoder_attention_heads=recipe.heads,
        encoder_ffn_dim=recipe.ffn_dim,
        decoder_ffn_dim=recipe.ffn_dim,
        activation_function="swish",
        max_position_embeddings=512,
        scale_embedding=True,
        dropout=recipe.dropout,
        attention_dropout=0.0,
        activation_dropout=0.0,
        pad_token_id=pad_id,
        decoder_start_token_id=pad_id,
        eos_token_id=vocab["</s>"],
        forced_eos_token_id=vocab["</s>"],
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True,
        num_beams=4,
        max_length=512,
        bad_words_ids=[[pad_id]],
    )


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

    from translator.romanization import romanize_word

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
    from transformers import MarianTokenizer

    from translator.random_model import _pieces, _train_spm, build_vocab, seed_corpus

    arabic = [sampler.sentence() for _ in range(recipe.spm_sentences)]
    _, english = seed_corpus(SEEDS)  # glossary targets and the reference: names, capitals
    # The English repeated: Latin names get pieces of their own, not letters.
    source_spm = _train_spm(arabic + english * recipe.english_weight, recipe.spm_vocab)
    chars = {c for line in english for c in line} | {c for s in arabic for c in romanize(s)}
    target_spm = romanized_spm(source_spm, chars)
    (out_dir / "source.spm").write_bytes(source_spm)
    (out_dir / "target.spm").write_bytes(target_spm)
    vocab = build_vocab(_pieces(source_spm), _pieces(target_spm), None)
    (out_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=1), "utf-8")
    tokenizer = MarianTokenizer(
        source_spm=str(out_dir / "source.spm"),
        target_spm=str(out_dir / "target.spm"),
        vocab=str(out_dir / "vocab.json"),
        source_lang="ar",
        target_lang="en",
    )
    tokenizer.save_pretrained(out_dir)
    return tokenizer


def _batches(sampler: SentenceSampler, encoder: Encoder, budget: int) -> Iterator[list[Example]]:
    """Batches of sentences of about one length, ``budget`` padded source pieces each."""
    while True:
        words = sampler.length()
        examples: list[Example] = []
        longest = 0
        while True:
            arabic = sampler.sentence(max(1, words + sampler.rng.randint(-2, 2)))
            example = encoder.encode(arabic, sampler.substitution(arabic))
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
    encoder = Encoder(tokenizer)
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
        prog="python -m translator.trained_model",
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
    train(args.out_dir, recipe, threads=args.threads, save_every=args.save_every)
    print(f"{args.out_dir} ({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
