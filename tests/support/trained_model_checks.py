"""What the trained test model does on its own: free output, EOS, and where it attends.

The trained romanizer (``tests.support.trained_model``) is only a useful yardstick
if its free decoding is right, stops by itself, and its alignment head points
at the word it is writing, on both backends.  These checks decode directly
through transformers ``generate`` and ``ctranslate2.Translator`` (not through
the engine, whose decoders are what the yardstick measures), with the
project's output cap, and read the alignment head CTranslate2 returns (head 0
of the last decoder layer) on both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.trained_model import word_index
from translator.decoding.lengths import output_token_cap


@dataclass
class FreeDecoding:
    """One sentence decoded freely: its English, pieces, whether EOS ended it, attention."""

    source_pieces: list[str]  # with the final </s>
    target_pieces: list[str]  # without </s>
    text: str
    stopped: bool  # the model wrote </s> before the length cap
    cap: int  # most target tokens allowed, </s> included
    attention: list[list[float]]  # one row per target piece plus one for </s> (if stopped)


@dataclass(frozen=True)
class AlignmentAgreement:
    """How often the alignment head's argmax is on the source word being romanized."""

    pieces: int  # target pieces checked (sentences whose words line up one to one)
    on_word: int  # argmax inside the source word the piece belongs to
    eos_rows: int
    eos_on_eos: int  # the </s> row's argmax on the source </s>
    sentences: int  # sentences checked
    skipped: int  # sentences whose output has another word count than the source

    @property
    def rate(self) -> float:
        return self.on_word / self.pieces if self.pieces else 0.0


def decode_transformers(
    folder: Path, sentences: Sequence[str], beam: int = 4
) -> list[FreeDecoding]:
    """Beam search with ``generate``; attention re-read by one teacher-forced pass."""
    import torch
    from transformers import MarianMTModel, MarianTokenizer

    tokenizer = MarianTokenizer.from_pretrained(folder)
    model = MarianMTModel.from_pretrained(folder, attn_implementation="eager").eval()
    eos = tokenizer.eos_token_id
    out: list[FreeDecoding] = []
    with torch.inference_mode():
        for sentence in sentences:
            ids = tokenizer(sentence, return_tensors="pt").input_ids
            cap = output_token_cap(ids.shape[1])
            generated = model.generate(input_ids=ids, num_beams=beam, max_new_tokens=cap)[0]
            body = generated[1:].tolist()
            stopped = eos in body
            body = body[: body.index(eos)] if stopped else body
            decoder_input = generated[None, : len(body) + 1]
            rows = model(input_ids=ids, decoder_input_ids=decoder_input, output_attentions=True)
            attention = rows.cross_attentions[-1][0, 0].tolist()
            out.append(
                FreeDecoding(
                    source_pieces=tokenizer.convert_ids_to_tokens(ids[0].tolist()),
                    target_pieces=tokenizer.convert_ids_to_tokens(body),
                    text=tokenizer.decode(body, skip_special_tokens=True).strip(),
                    stopped=stopped,
                    cap=cap,
                    attention=attention if stopped else attention[:-1],
                )
            )
    return out


def decode_ctranslate2(
    folder: Path, sentences: Sequence[str], beam: int = 4, compute_type: str = "int8"
) -> list[FreeDecoding]:
    """Beam search with CTranslate2 (converted and cached as ``tarjama`` does)."""
    import ctranslate2

    from translator.decoding.ct2_backend import converted_model
    from translator.model_loading import load_tokenizer

    tokenizer = load_tokenizer(folder)
    path = converted_model(str(folder), folder, compute_type)
    translator = ctranslate2.Translator(str(path), device="cpu", compute_type=compute_type)
    sources = [tokenizer.convert_ids_to_tokens(tokenizer(s).input_ids) for s in sentences]
    out: list[FreeDecoding] = []
    for pieces in sources:
        cap = output_token_cap(len(pieces))
        result = translator.translate_batch(
            [pieces],
            beam_size=beam,
            max_decoding_length=cap,
            max_input_length=0,
            return_attention=True,
            return_end_token=True,
        )[0]
        hypothesis = list(result.hypotheses[0])
        stopped = bool(hypothesis) and hypothesis[-1] == tokenizer.eos_token
        body = hypothesis[:-1] if stopped else hypothesis
        ids = tokenizer.convert_tokens_to_ids(body)
        out.append(
            FreeDecoding(
                source_pieces=pieces,
                target_pieces=body,
                text=tokenizer.decode(ids, skip_special_tokens=True).strip(),
                stopped=stopped,
                cap=cap,
                attention=[list(row) for row in result.attention[0]],
            )
        )
    return out


def decode(
    folder: Path, sentences: Sequence[str], backend: str, beam: int = 4
) -> list[FreeDecoding]:
    if backend == "transformers":
        return decode_transformers(folder, sentences, beam)
    if backend == "ctranslate2":
        return decode_ctranslate2(folder, sentences, beam)
    raise ValueError(f"unknown backend {backend!r}")


def alignment_agreement(decoded: Sequence[FreeDecoding]) -> AlignmentAgreement:
    """Score the alignment head against the known word alignment of the output.

    Output word k romanizes source word k, so for each target piece the head's
    argmax should fall on a source piece of the same word.  Sentences whose
    output has a different number of words than the source are skipped.
    """
    pieces = on_word = eos_rows = eos_on_eos = sentences = skipped = 0
    for item in decoded:
        source_words = word_index(item.source_pieces[:-1])
        target_words = word_index(item.target_pieces)
        if not target_words or target_words[-1] != source_words[-1]:
            skipped += 1
            continue
        sentences += 1
        for k, word in enumerate(target_words):
            row = item.attention[k]
            peak = max(range(len(row)), key=row.__getitem__)
            pieces += 1
            on_word += peak < len(source_words) and source_words[peak] == word
        if item.stopped and len(item.attention) > len(target_words):
            row = item.attention[len(target_words)]
            eos_rows += 1
            eos_on_eos += max(range(len(row)), key=row.__getitem__) == len(row) - 1
    return AlignmentAgreement(pieces, on_word, eos_rows, eos_on_eos, sentences, skipped)


def free_report(decoded: Sequence[FreeDecoding], references: Sequence[str]) -> dict[str, Any]:
    """chrF against the exact romanization, exact sentences, EOS stops, alignment agreement."""
    from sacrebleu.metrics import CHRF

    hypotheses = [d.text for d in decoded]
    chrf = CHRF().corpus_score(hypotheses, [list(references)])
    agreement = alignment_agreement(decoded)
    return {
        "chrf": round(chrf.score, 2),
        "exact": sum(h == r for h, r in zip(hypotheses, references, strict=True)),
        "sentences": len(decoded),
        "stopped_by_eos": sum(d.stopped for d in decoded),
        "longest_output_vs_cap": max((len(d.target_pieces) + 1) / d.cap for d in decoded)
        if decoded
        else 0.0,
        "attention_on_word": round(agreement.rate, 4),
        "attention_pieces": agreement.pieces,
        "attention_eos_on_eos": f"{agreement.eos_on_eos}/{agreement.eos_rows}",
        "attention_sentences_skipped": agreement.skipped,
    }


@dataclass(frozen=True)
class Continuation:
    """The model's own words after a name forced at its right place."""

    sentence: int
    name: int  # index of the match in the sentence
    prefix: str  # the reference up to and including the name
    expected: str  # the reference after the name
    output: str  # what the model wrote after the name
    # The reference after the name with the later names in the model's own spelling:
    # what it should write when only this name is forced (``expected`` needs the
    # later names forced too, so only a sentence's last name can reach it).
    expected_own: str = ""


def continuations_after_names(
    folder: Path,
    sentences: Sequence[str],
    matches: Sequence[Sequence[Any]],
    beam: int = 4,
    compute_type: str = "int8",
) -> list[Continuation]:
    """Force the names reference up to each name as a CTranslate2 ``target_prefix``, let go.

    The ceiling of forced-prefix enforcement with every slot right: if the model
    wrote its own romanization after the name (``expected_own``), a decoder that
    puts names where they belong can reach the reference.
    """
    import ctranslate2

    from tests.support.names_reference import reference_words
    from translator.decoding.ct2_backend import converted_model
    from translator.model_loading import load_tokenizer

    tokenizer = load_tokenizer(folder)
    path = converted_model(str(folder), folder, compute_type)
    translator = ctranslate2.Translator(str(path), device="cpu", compute_type=compute_type)
    out: list[Continuation] = []
    for s, (sentence, found) in enumerate(zip(sentences, matches, strict=True)):
        words = reference_words(sentence, found)
        source = tokenizer.convert_ids_to_tokens(tokenizer(sentence).input_ids)
        for n in range(len(found)):
            last = max(i for i, w in enumerate(words) if w.kind == "name" and w.name == n)
            prefix = " ".join(w.text for w in words[: last + 1])
            expected = " ".join(w.text for w in words[last + 1 :])
            own = reference_words(sentence, found[: n + 1])
            expected_own = " ".join(w.text for w in own[last + 1 :])
            pieces = tokenizer.spm_target.encode(prefix, out_type=str)
            result = translator.translate_batch(
                [source],
                target_prefix=[pieces],
                beam_size=beam,
                max_decoding_length=output_token_cap(len(source)),
                max_input_length=0,
            )[0]
            ids = tokenizer.convert_tokens_to_ids(result.hypotheses[0][len(pieces) :])
            written = tokenizer.decode(ids, skip_special_tokens=True).strip()
            out.append(Continuation(s, n, prefix, expected, written, expected_own))
    return out
