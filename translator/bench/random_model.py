"""Build random-weight MarianMT models that load like released opus-mt ones.

No model hub is reachable from the machines this project is built and tested
on, so tests and benchmarks make their own model: SentencePiece models trained
on local text, a shared ``vocab.json`` whose last id is ``<pad>`` (CTranslate2's
Marian converter relies on that, as the released models do), and a
``MarianConfig`` of the requested size.  The result is a normal model folder
that ``from_pretrained`` loads through the same path users take.

Installed with the package (not in the test rig, ``tests/support``) because
``tarjama bench`` builds its opus-mt-sized random model with it from a wheel;
the tests' tiny model (``tests/conftest.py``) and the trained test model's
tokenizer (``tests/support/trained_model.py``) use it too.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

SPECIAL_TOKENS = ("</s>", "<unk>")


@dataclass(frozen=True)
class ModelSize:
    """Architecture numbers for a random Marian model."""

    d_model: int
    layers: int
    heads: int
    ffn_dim: int
    vocab_size: int | None  # pad the vocabulary up to this size; None keeps it small
    spm_vocab: int


SIZES: dict[str, ModelSize] = {
    "tiny": ModelSize(d_model=32, layers=2, heads=2, ffn_dim=64, vocab_size=None, spm_vocab=600),
    # Numbers from the released Helsinki-NLP/opus-mt-ar-en config.
    "opus-mt-ar-en": ModelSize(
        d_model=512, layers=6, heads=8, ffn_dim=2048, vocab_size=62834, spm_vocab=2000
    ),
}


def _train_spm(lines: list[str], vocab_size: int) -> bytes:
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        vocab_size=vocab_size,
        hard_vocab_limit=False,
        character_coverage=1.0,
        model_type="unigram",
        byte_fallback=False,
        unk_id=1,
        bos_id=-1,
        eos_id=0,
        pad_id=-1,
        unk_piece="<unk>",
        eos_piece="</s>",
        minloglevel=2,
    )
    return model.getvalue()


def _pieces(spm_bytes: bytes) -> list[str]:
    import sentencepiece as spm

    proc = spm.SentencePieceProcessor(model_proto=spm_bytes)
    return [proc.id_to_piece(i) for i in range(proc.get_piece_size())]


def build_vocab(
    source_pieces: list[str], target_pieces: list[str], pad_to: int | None
) -> dict[str, int]:
    """Shared vocabulary: specials first, pieces of both sides, ``<pad>`` last."""
    vocab: dict[str, int] = {}
    for piece in (*SPECIAL_TOKENS, *source_pieces, *target_pieces):
        if piece not in vocab and piece != "<pad>":
            vocab[piece] = len(vocab)
    if pad_to is not None:
        filler = 0
        while len(vocab) < pad_to - 1:
            vocab.setdefault(f"<extra_{filler}>", len(vocab))
            filler += 1
    vocab["<pad>"] = len(vocab)
    return vocab


def marian_config(vocab: dict[str, int], spec: ModelSize, **overrides: Any) -> Any:
    """An opus-mt-style ``MarianConfig`` for ``vocab`` (``</s>`` first, ``<pad>`` last)."""
    from transformers import MarianConfig

    pad_id = vocab["<pad>"]
    return MarianConfig(
        vocab_size=len(vocab),
        d_model=spec.d_model,
        encoder_layers=spec.layers,
        decoder_layers=spec.layers,
        encoder_attention_heads=spec.heads,
        decoder_attention_heads=spec.heads,
        encoder_ffn_dim=spec.ffn_dim,
        decoder_ffn_dim=spec.ffn_dim,
        activation_function="swish",
        max_position_embeddings=512,
        scale_embedding=True,
        pad_token_id=pad_id,
        decoder_start_token_id=pad_id,
        eos_token_id=vocab["</s>"],
        forced_eos_token_id=vocab["</s>"],
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True,
        num_beams=4,
        max_length=512,
        bad_words_ids=[[pad_id]],
        **overrides,
    )


def build_random_marian(
    out_dir: Path,
    source_lines: list[str],
    target_lines: list[str],
    size: str = "tiny",
    seed: int = 0,
) -> Path:
    """Write a random-weight Marian model folder and return its path."""
    import torch
    from transformers import MarianMTModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    spec = SIZES[size]
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    source_spm = _train_spm(source_lines, spec.spm_vocab)
    target_spm = _train_spm(target_lines, spec.spm_vocab)
    vocab = write_tokenizer(out_dir, source_spm, target_spm, spec.vocab_size)[1]
    config = marian_config(vocab, spec)
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    model.eval()
    model.save_pretrained(out_dir)
    return out_dir


def write_tokenizer(
    out_dir: Path, source_spm: bytes, target_spm: bytes, vocab_size: int | None
) -> tuple[Any, dict[str, int]]:
    """Write an opus-style tokenizer (both SentencePiece models, ``vocab.json``) to
    ``out_dir``; returns the loaded ``MarianTokenizer`` and its vocabulary.

    Shared by the random and the trained test models, so both folders load as
    opus-mt's do.
    """
    from transformers import MarianTokenizer

    (out_dir / "source.spm").write_bytes(source_spm)
    (out_dir / "target.spm").write_bytes(target_spm)
    vocab = build_vocab(_pieces(source_spm), _pieces(target_spm), vocab_size)
    (out_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=1), "utf-8")
    tokenizer = MarianTokenizer(
        source_spm=str(out_dir / "source.spm"),
        target_spm=str(out_dir / "target.spm"),
        vocab=str(out_dir / "vocab.json"),
        source_lang="ar",
        target_lang="en",
    )
    tokenizer.save_pretrained(out_dir)
    return tokenizer, vocab


def seed_corpus(seeds_dir: Path | Traversable) -> tuple[list[str], list[str]]:
    """Arabic and English training lines from ``seeds/`` (articles and glossaries).

    ``seeds_dir`` may be package data (``translator.bench.seed.seed_folder``), so only
    what ``importlib.resources`` offers is used: names, not suffixes.
    """
    source: list[str] = []
    target: list[str] = []
    for path in sorted(seeds_dir.iterdir(), key=lambda p: p.name):
        if not path.is_file():
            continue
        text = path.read_text("utf-8")
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        name = path.name
        if name.endswith(".en.txt"):
            target.extend(lines)
        elif name.endswith(".txt"):
            source.extend(lines)
        elif name.endswith((".tsv", ".glossary")):
            for line in lines:
                cells = line.split("\t")
                source.extend(c for c in cells if any("\u0600" <= ch <= "\u06ff" for ch in c))
                target.extend(c for c in cells if c.isascii())
    return source, target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m translator.bench.random_model",
        description="Build a random-weight MarianMT model folder from the text in seeds/.",
    )
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--size", choices=sorted(SIZES), default="tiny")
    parser.add_argument("--seeds", type=Path, default=Path("seeds"))
    args = parser.parse_args(argv)
    source, target = seed_corpus(args.seeds)
    if not source or not target:
        print(f"error: {args.seeds} needs Arabic .txt and English .en.txt files", file=sys.stderr)
        return 2
    build_random_marian(args.out_dir, source, target, size=args.size)
    print(args.out_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
