"""Train the character-level Arabic→English name transliterator and export it.

    python -m translator.names.train_transliterator DATA_DIR OUT_DIR [--steps N] [--threads T]

``DATA_DIR`` holds google/transliteration's ``ar2en-train.txt`` and
``ar2en-eval.txt`` (``arabic<TAB>english`` per line; Apache-2.0, obtain it from
https://github.com/google/transliteration — it is not shipped).  ``OUT_DIR``
receives:

* ``checkpoint/``: the transformers model (``save_pretrained``) and
  ``vocab.json``, rewritten every ``--save-every`` steps, so an interrupted run
  is usable (``--export-only`` turns it into the CTranslate2 model);
* ``ct2/``: the CTranslate2 int8 model ``NameTransliterator`` loads (copy it
  to ``translator/names/data/transliterator/`` to ship it);
* ``train.log``-style progress on stderr: loss, and greedy exact-match accuracy
  on the first ``--eval-names`` names of the eval split.

Pairs whose Arabic or English word is one of a held-out glossary's names
(``--hold-out``, the seed article's glossary by default) are left out of
training, so the tests can check real names the model has never seen.

``--extra FILE`` adds the Wikidata word pairs of NETransliteration-COLING2018
(``data/wd_arabic.normalized.aligned.tokens``: ``english<TAB>spaced arabic
letters<TAB>count``; data CC0 1.0, https://github.com/steveash/NETransliteration-COLING2018).
Accents are stripped from the English (the google split is plain a-z) and a pair
is kept only when neither its Arabic nor its English word occurs anywhere in
the eval or test split (or the held-out glossary), so the figures on those
splits stay figures on unseen names.

``--init-from CHECKPOINT`` continues an earlier run (its weights, vocabulary and
learning-rate decay from its last step): the shipped model is the first run
continued with ``--extra`` (docs/measurements/transliteration.md).

``--threads`` defaults to 1: on a shared machine two PyTorch threads ran a step
8 times slower than one (OpenMP threads spin waiting for each other).

The run is deterministic for a seed and a thread count: batches come from a
seeded shuffle, weights from ``torch.manual_seed``.  Hand-written training
loop: ``Seq2SeqTrainer`` would pull in ``accelerate``/``datasets`` for a loop
of twenty lines.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import shutil
import sys
import time
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from translator.names.transliterate import (
    EOS,
    PAD,
    CharVocab,
    normalize_arabic,
    normalize_english,
)

REPO = Path(__file__).resolve().parents[2]
DEFAULT_HOLD_OUT = REPO / "seeds" / "000_33cab2cb41f507af.glossary.tsv"


@dataclass(frozen=True)
class Recipe:
    """Model and training numbers (the defaults built the shipped model)."""

    d_model: int = 128
    layers: int = 2
    heads: int = 4
    ffn_dim: int = 512
    dropout: float = 0.1
    batch_names: int = 64
    lr: float = 1e-3
    warmup: int = 400
    label_smoothing: float = 0.1
    seed: int = 1


def read_pairs(path: Path) -> list[tuple[str, str]]:
    """(normalized Arabic, normalized English) pairs of one split file."""
    pairs = []
    for line in path.read_text("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 2:
            continue
        arabic, english = normalize_arabic(parts[0]), normalize_english(parts[1])
        if arabic and english:
            pairs.append((arabic, english))
    return pairs


def read_extra_pairs(path: Path) -> list[tuple[str, str]]:
    """(normalized Arabic, plain a-z English) word pairs of a NETransliteration tokens file."""
    pairs = []
    for line in path.read_text("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        plain = unicodedata.normalize("NFKD", parts[0])
        english = normalize_english("".join(c for c in plain if not unicodedata.combining(c)))
        arabic = normalize_arabic(parts[1].replace(" ", ""))
        if arabic and english and all("a" <= c <= "z" or c in "'-" for c in english):
            pairs.append((arabic, english))
    return pairs


def usable_extra_pairs(
    pairs: list[tuple[str, str]], unseen: set[str], known: set[tuple[str, str]]
) -> list[tuple[str, str]]:
    """``pairs`` once each, less those already ``known`` or holding an ``unseen`` word."""
    return [
        p for p in dict.fromkeys(pairs)
        if p not in known and not (set(p[0].split()) & unseen or set(p[1].split()) & unseen)
    ]  # fmt: skip


def split_words(paths: list[Path]) -> set[str]:
    """Every Arabic and English word of the given split files (kept out of extra data)."""
    return {w for path in paths if path.is_file() for pair in read_pairs(path)
            for text in pair for w in text.split()}  # fmt: skip


def held_out_words(glossary: Path | None) -> set[str]:
    """Every word (Arabic normalized, English lower case) of a glossary TSV's single names."""
    words: set[str] = set()
    if glossary is None:
        return words
    for line in glossary.read_text("utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        english, forms = line.split("\t")[:2]
        words.update(normalize_english(english).split())
        for form in forms.split("|"):
            words.update(normalize_arabic(form).split())
    return words


def marian_config(vocab: CharVocab, recipe: Recipe) -> Any:
    from transformers import MarianConfig

    pad = vocab.ids[PAD]
    return MarianConfig(
        vocab_size=len(vocab.tokens),
        d_model=recipe.d_model,
        encoder_layers=recipe.layers,
        decoder_layers=recipe.layers,
        encoder_attention_heads=recipe.heads,
        decoder_attention_heads=recipe.heads,
        encoder_ffn_dim=recipe.ffn_dim,
        decoder_ffn_dim=recipe.ffn_dim,
        dropout=recipe.dropout,
        attention_dropout=0.0,
        activation_dropout=0.0,
        activation_function="swish",
        max_position_embeddings=128,
        scale_embedding=True,
        pad_token_id=pad,
        decoder_start_token_id=pad,
        eos_token_id=vocab.ids[EOS],
        forced_eos_token_id=vocab.ids[EOS],
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True,
        num_beams=5,
        max_length=64,
        bad_words_ids=[[pad]],
    )


def _tensors(vocab: CharVocab, pairs: list[tuple[str, str]]) -> dict[str, Any]:
    import torch

    pad = vocab.ids[PAD]
    src = [vocab.encode(a) for a, _ in pairs]
    tgt = [vocab.encode(e) for _, e in pairs]
    s_len, t_len = max(map(len, src)), max(map(len, tgt))
    input_ids = torch.tensor([s + [pad] * (s_len - len(s)) for s in src])
    labels = torch.tensor([t + [-100] * (t_len - len(t)) for t in tgt])
    return {"input_ids": input_ids, "attention_mask": (input_ids != pad).long(), "labels": labels}


def greedy_accuracy(model: Any, vocab: CharVocab, pairs: list[tuple[str, str]]) -> float:
    """Share of ``pairs`` whose greedy transformers decoding is exactly the English."""
    import torch

    model.eval()
    right = 0
    with torch.no_grad():
        for start in range(0, len(pairs), 128):
            chunk = pairs[start : start + 128]
            batch = _tensors(vocab, chunk)
            out = model.generate(
                input_ids=batch["input_ids"],
                attention_mask=batch["attention_mask"],
                num_beams=1,
                max_new_tokens=40,
            )
            for row, (_, english) in zip(out.tolist(), chunk, strict=True):
                text = CharVocab.decode([vocab.tokens[i] for i in row])
                right += text.strip() == english
    model.train()
    return right / max(1, len(pairs))


def save_checkpoint(
    model: Any,
    vocab: CharVocab,
    recipe: Recipe,
    out_dir: Path,
    step: int,
    accuracy: float,
    init: dict[str, Any] | None = None,
) -> None:
    """Write ``out_dir/checkpoint`` through a temporary folder, then swap it in."""
    tmp = out_dir / "checkpoint.tmp"
    if tmp.exists():
        shutil.rmtree(tmp)
    model.save_pretrained(tmp)
    (tmp / "vocab.json").write_text(json.dumps(vocab.tokens, ensure_ascii=False), "utf-8")
    info = {**asdict(recipe), "step": step, "eval_greedy_exact": accuracy}
    if init is not None:  # continued from another run's checkpoint: say which
        info["init_from"] = init
    (tmp / "recipe.json").write_text(json.dumps(info) + "\n", "utf-8")
    final = out_dir / "checkpoint"
    old = out_dir / "checkpoint.old"
    if final.exists():
        final.rename(old)
    tmp.rename(final)
    if old.exists():
        shutil.rmtree(old)


def training_record(
    checkpoint: Path, data_dir: Path, held_out: set[str], extra: Path | None = None
) -> dict[str, Any]:
    """What the exported model was trained on: recipe, step, data hashes, held-out words."""
    recipe = json.loads((checkpoint / "recipe.json").read_text("utf-8"))
    files = [data_dir / n for n in ("ar2en-train.txt", "ar2en-eval.txt", "ar2en-test.txt")]
    data = {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in [*files, *([extra] if extra else [])]
        if path.is_file()
    }
    return {"recipe": recipe, "data_sha256": data, "held_out_words": sorted(held_out)}


def fold_start_embedding(model: Any) -> None:
    """Move the decoder start token's embedding into the decoder's position 0.

    transformers starts Marian's decoder from the ``<pad>`` embedding; CTranslate2
    starts it from a zero vector (released opus-mt models keep that row at zero).
    Here the row is tied to the output projection, so training moves it, and the
    converted model would decode from a different first state.  Position 0 of the
    decoder is only ever added to the start token, so adding the (scaled) start
    embedding there gives CTranslate2 exactly the first state transformers uses.
    """
    import torch

    config = model.config
    decoder = model.model.decoder
    scale = math.sqrt(config.d_model) if config.scale_embedding else 1.0
    start = decoder.embed_tokens.weight[config.decoder_start_token_id].detach() * scale
    positions = decoder.embed_positions.weight.detach().clone()  # never the encoder's tensor
    positions[0] += start
    decoder.embed_positions.weight = torch.nn.Parameter(positions, requires_grad=False)


def export_ct2(checkpoint: Path, out: Path, record: dict[str, Any]) -> Path:
    """Convert the transformers checkpoint to a CTranslate2 int8 model in ``out``."""
    from ctranslate2.converters import TransformersConverter

    tokens = json.loads((checkpoint / "vocab.json").read_text("utf-8"))

    class _Converter(TransformersConverter):
        def load_tokenizer(self, tokenizer_class: Any, model_name_or_path: Any, **kw: Any) -> Any:
            return CharVocab(tokens)  # no tokenizer files: the vocabulary is the characters

        def load_model(self, model_class: Any, model_name_or_path: Any, **kw: Any) -> Any:
            model = super().load_model(model_class, model_name_or_path, **kw)
            fold_start_embedding(model)
            return model

    _Converter(str(checkpoint)).convert(str(out), quantization="int8", force=True)
    text = json.dumps(record, ensure_ascii=False, indent=1) + "\n"
    (out / "training.json").write_text(text, "utf-8")
    return out


def train(
    data_dir: Path,
    out_dir: Path,
    steps: int,
    recipe: Recipe,
    threads: int,
    save_every: int,
    eval_names: int,
    hold_out: Path | None,
    log: Any,
    extra: Path | None = None,
    init_from: Path | None = None,
) -> Path:
    import torch
    from torch.nn import functional as F
    from transformers import MarianMTModel
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    torch.set_num_threads(threads)
    torch.manual_seed(recipe.seed)
    rng = random.Random(recipe.seed)
    out_dir.mkdir(parents=True, exist_ok=True)

    banned = held_out_words(hold_out)
    train_pairs = [
        (a, e)
        for a, e in read_pairs(data_dir / "ar2en-train.txt")
        if not (set(a.split()) & banned or set(e.split()) & banned)
    ]
    if extra is not None:
        unseen = banned | split_words([data_dir / "ar2en-eval.txt", data_dir / "ar2en-test.txt"])
        added = usable_extra_pairs(read_extra_pairs(extra), unseen, set(train_pairs))
        print(f"{len(added)} extra pairs from {extra}", file=log, flush=True)
        train_pairs += added
    eval_pairs = read_pairs(data_dir / "ar2en-eval.txt")[:eval_names]
    init = None
    if init_from is not None:  # continue a finished run: its vocabulary, weights, schedule
        init = json.loads((init_from / "recipe.json").read_text("utf-8"))
        vocab = CharVocab(json.loads((init_from / "vocab.json").read_text("utf-8")))
    else:
        vocab = CharVocab.build([t for pair in train_pairs for t in pair])
    print(
        f"{len(train_pairs)} training pairs ({len(banned)} held-out words), "
        f"{len(vocab.tokens)} tokens, recipe {asdict(recipe)}",
        file=log,
        flush=True,
    )
    if init_from is not None:
        model = MarianMTModel.from_pretrained(init_from)
    else:
        model = MarianMTModel(marian_config(vocab, recipe))
    model.train()
    params = sum(p.numel() for p in model.parameters())
    print(f"{params / 1e6:.2f} M parameters", file=log, flush=True)
    optimizer = torch.optim.AdamW(
        model.parameters(), lr=recipe.lr, betas=(0.9, 0.98), eps=1e-9, weight_decay=0.01
    )

    offset = int(init["step"]) if init else 0

    def rate(step: int) -> float:  # linear warm-up, then inverse square root
        if offset:  # a continued run: the earlier run's decay, with a short warm-up
            return min(1.0, (step + 1) / 100) * math.sqrt(recipe.warmup / (offset + step + 1))
        return min((step + 1) / recipe.warmup, math.sqrt(recipe.warmup / (step + 1)))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, rate)
    order: list[int] = []
    started = time.monotonic()
    best = -1.0
    for step in range(1, steps + 1):
        if len(order) < recipe.batch_names:
            fresh = list(range(len(train_pairs)))
            rng.shuffle(fresh)
            order.extend(fresh)
        chunk, order = order[: recipe.batch_names], order[recipe.batch_names :]
        batch = _tensors(vocab, [train_pairs[i] for i in chunk])
        out = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"],
                    labels=batch["labels"])  # fmt: skip
        loss = F.cross_entropy(
            out.logits.transpose(1, 2), batch["labels"], ignore_index=-100,
            label_smoothing=recipe.label_smoothing,
        )  # fmt: skip
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        if step % 50 == 0:
            print(
                f"step {step:6d}  loss {loss.item():.3f}  lr {scheduler.get_last_lr()[0]:.2e}  "
                f"{time.monotonic() - started:7.0f} s",
                file=log,
                flush=True,
            )
        if step % save_every == 0 or step == steps:
            accuracy = greedy_accuracy(model, vocab, eval_pairs)
            print(f"step {step:6d}  eval greedy exact {accuracy:.3f}", file=log, flush=True)
            save_checkpoint(model, vocab, recipe, out_dir, step, accuracy, init)
            if accuracy > best:  # keep the best so far for export
                best = accuracy
                best_dir = out_dir / "best"
                if best_dir.exists():
                    shutil.rmtree(best_dir)
                shutil.copytree(out_dir / "checkpoint", best_dir)
    record = training_record(out_dir / "best", data_dir, banned, extra)
    return export_ct2(out_dir / "best", out_dir / "ct2", record)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m translator.names.train_transliterator",
        description="Train the Arabic→English name transliterator (character-level Marian).",
    )
    parser.add_argument("data_dir", type=Path, help="folder with ar2en-train.txt, ar2en-eval.txt")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--steps", type=int, default=4000)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=Recipe.seed)
    parser.add_argument("--save-every", type=int, default=500)
    parser.add_argument("--eval-names", type=int, default=200)
    parser.add_argument("--hold-out", type=Path, default=DEFAULT_HOLD_OUT,
                        help="glossary TSV whose names are kept out of training")  # fmt: skip
    parser.add_argument("--extra", type=Path, default=None,
                        help="NETransliteration-COLING2018 Arabic word pairs")  # fmt: skip
    parser.add_argument("--init-from", type=Path, default=None,
                        help="continue this checkpoint (its vocabulary, size)")  # fmt: skip
    parser.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                        help="override a Recipe field (experiments)")  # fmt: skip
    parser.add_argument("--export-only", action="store_true",
                        help="only convert OUT_DIR/best (or /checkpoint) to /ct2")  # fmt: skip
    args = parser.parse_args(argv)
    if args.export_only:
        source = args.out_dir / "best"
        if not source.is_dir():
            source = args.out_dir / "checkpoint"
        if not source.is_dir():
            print(f"error: no checkpoint in {args.out_dir}; train first", file=sys.stderr)
            return 2
        held_out = held_out_words(args.hold_out if args.hold_out.is_file() else None)
        record = training_record(source, args.data_dir, held_out, args.extra)
        print(export_ct2(source, args.out_dir / "ct2", record))
        return 0
    for name in ("ar2en-train.txt", "ar2en-eval.txt"):
        if not (args.data_dir / name).is_file():
            print(
                f"error: {args.data_dir / name} not found; get the ar2en files from "
                "https://github.com/google/transliteration",
                file=sys.stderr,
            )
            return 2
    fields = {}
    for item in args.set:
        key, _, value = item.partition("=")
        if key not in Recipe.__dataclass_fields__:
            print(f"error: --set {key}: no such recipe field", file=sys.stderr)
            return 2
        fields[key] = type(getattr(Recipe(), key))(value)
    recipe = Recipe(**{**fields, "seed": args.seed})
    hold_out = args.hold_out if args.hold_out and args.hold_out.is_file() else None
    out = train(
        args.data_dir, args.out_dir, args.steps, recipe, args.threads, args.save_every,
        args.eval_names, hold_out, sys.stderr, args.extra, args.init_from,
    )  # fmt: skip
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
