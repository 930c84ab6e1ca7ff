"""Propose English spellings for Arabic names with a small character-level model.

The model is a MarianMT transformer trained from scratch on public Arabic→English
name pairs (``train_transliterator``; recipe and data licence in
``translator/names/data/README.md``), exported to CTranslate2 int8 and run
through CTranslate2's beam search, which gives n-best spellings with scores.

Hand-written here, and why: the character tokenizer (``CharVocab``).  Every
character is one token; a SentencePiece model would only add a file and a
dependency to say the same thing.  Arabic input is first normalized with the
glossary's own normalization (``glossary.normalize.form_key``: diacritics,
tatweel and invisible characters dropped, alef forms folded), so a name is
looked up exactly as the glossary matches it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from pathlib import Path

from glossary.normalize import form_key, has_word

EOS = "</s>"
UNK = "<unk>"
PAD = "<pad>"
SPECIALS = (EOS, UNK)
SPACE = "▁"  # a space is a token too; this stand-in keeps the vocabulary printable

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "data" / "transliterator"
MAX_CHARS = 48  # longer inputs are cut: names are short, and decoding cost grows with length


def normalize_arabic(text: str) -> str:
    """The glossary's normalized tokens of ``text`` joined by one space (training and lookup)."""
    return " ".join(form_key(text))


def normalize_english(text: str) -> str:
    """Training targets: lower case, single spaces (the model does not learn casing)."""
    return " ".join(text.lower().split())


def spelling(chars: str) -> str:
    """Capitalize each word of a lower-case model output, as a name is written."""
    words = chars.split(" ")
    return " ".join("-".join(p[:1].upper() + p[1:] for p in w.split("-")) for w in words)


class CharVocab:
    """One token per character: ``</s>`` and ``<unk>`` first, ``<pad>`` last (Marian's layout)."""

    def __init__(self, tokens: Sequence[str]) -> None:
        self.tokens = list(tokens)
        self.ids = {t: i for i, t in enumerate(self.tokens)}

    @classmethod
    def build(cls, texts: Sequence[str]) -> CharVocab:
        chars = sorted({_token(c) for text in texts for c in text})
        return cls([*SPECIALS, *chars, PAD])

    def pieces(self, text: str) -> list[str]:
        """``text`` as tokens; characters the vocabulary lacks become ``<unk>``."""
        return [t if t in self.ids else UNK for t in map(_token, text[:MAX_CHARS])]

    def encode(self, text: str) -> list[int]:
        """Token ids of ``text`` followed by ``</s>``."""
        return [self.ids[t] for t in self.pieces(text)] + [self.ids[EOS]]

    @staticmethod
    def decode(pieces: Sequence[str]) -> str:
        return "".join(" " if p == SPACE else p for p in pieces if p not in (EOS, UNK, PAD))

    # The interface CTranslate2's Marian converter reads from a tokenizer.
    eos_token = EOS
    unk_token = UNK

    def get_vocab(self) -> dict[str, int]:
        return dict(self.ids)


def _token(ch: str) -> str:
    return SPACE if ch == " " else ch


class NameTransliterator:
    """n-best English spellings of Arabic names from the CTranslate2 model in ``model_dir``."""

    def __init__(self, model_dir: Path, threads: int = 1, beam_size: int = 5) -> None:
        import ctranslate2

        self.model_dir = Path(model_dir)
        self.translator = ctranslate2.Translator(
            str(self.model_dir), device="cpu", compute_type="int8", intra_threads=threads
        )
        tokens = json.loads((self.model_dir / "shared_vocabulary.json").read_text("utf-8"))
        self.vocab = CharVocab(tokens)
        self.beam_size = beam_size
        self._lock = threading.Lock()

    @classmethod
    def load_default(cls) -> NameTransliterator | None:
        """The model shipped in the package; None when its folder is absent."""
        return cls.from_dir(DEFAULT_MODEL_DIR)

    @classmethod
    def from_dir(cls, model_dir: Path, threads: int = 1) -> NameTransliterator | None:
        """The model in ``model_dir``; None when the folder or its files are missing."""
        model_dir = Path(model_dir)
        needed = ("model.bin", "config.json", "shared_vocabulary.json")
        if not all((model_dir / name).is_file() for name in needed):
            return None
        return cls(model_dir, threads=threads)

    def propose(self, arabic: list[str], n: int = 5) -> list[list[tuple[str, float]]]:
        """Per input, up to ``n`` (spelling, log-probability) pairs, best first.

        The score is the sum of the token log-probabilities (no length
        normalization), so scores of different inputs compare too.  An input
        without a letter or digit gets an empty list.
        """
        if n < 1:
            raise ValueError("n must be at least 1")
        results: list[list[tuple[str, float]]] = [[] for _ in arabic]
        todo = [(i, normalize_arabic(a)) for i, a in enumerate(arabic) if has_word(a)]
        if not todo:
            return results
        batch = [[*self.vocab.pieces(a), EOS] for _, a in todo]  # as in training
        with self._lock:  # a CTranslate2 Translator takes one call at a time here
            out = self.translator.translate_batch(
                batch,
                beam_size=max(self.beam_size, n),
                num_hypotheses=n,
                return_scores=True,
                max_decoding_length=MAX_CHARS,
                length_penalty=0.0,
                max_batch_size=256,
            )
        for (i, _), result in zip(todo, out, strict=True):
            seen: set[str] = set()
            for hyp, score in zip(result.hypotheses, result.scores, strict=True):
                text = spelling(CharVocab.decode(hyp).strip())
                if text and text not in seen:
                    seen.add(text)
                    results[i].append((text, float(score)))
        return results
