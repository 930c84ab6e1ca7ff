"""The trained romanizer: the romanization it learnt, its reference with names, and the checkpoint.

The checkpoint in tests/data/romanizer is a real MarianMT model trained by
``python -m tests.support.trained_model build``; these tests hold it to its task
(exact romanization, stopping by itself, attention on the word it writes) on
both backends, and check the references the enforcement tests and the
quality benchmark compare against.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests_support import assert_name_context, name_context_problems

from glossary.matcher import Matcher
from glossary.storage import load_glossary
from tests.support.names_reference import names_reference, reference_words
from tests.support.trained_model import Encoder, held_out_sentences, piece_alignment, word_index
from translator.romanization import romanize

# --- the romanization itself -------------------------------------------------------------


@pytest.mark.parametrize(
    ("arabic", "expected"),
    [
        ("بوتين", "bwtyn"),
        ("فلاديمير بوتين", "fladymyr bwtyn"),
        ("وقال بوتين اليوم", "wqal bwtyn alywm"),
        ("أشار", "ashar"),
        ("نتيجة", "ntyja"),
        ("على", "`la"),
        ("سؤال", "s'al"),
        ("ذلك الشيء", "dhlk alshy'"),
        ("خاص ظهر غرب ثلاث", "khas zhr ghrb thlath"),
    ],
)
def test_letters(arabic: str, expected: str) -> None:
    assert romanize(arabic) == expected


def test_marks_dropped_digits_and_punctuation_mapped_latin_passes() -> None:
    assert romanize("بُوتِينُ") == "bwtyn"  # harakat
    assert romanize("بـوتين") == "bwtyn"  # tatweel
    assert romanize("ﺑﻮﺗﻴﻦ") == "bwtyn"  # presentation forms
    assert romanize("بو\u200cتين") == "bwtyn"  # ZWNJ
    assert romanize("عام ٢٠٢١، هل؟ نعم؛ ٥٠٪") == "`am 2021, hl? n`m; 50%"
    assert romanize("لقاح Sputnik V و COVID-19 (2021) “نعم”") == (
        "lqah Sputnik V w COVID-19 (2021) “n`m”"
    )
    assert romanize("  بوتين \n\t قال  ") == "bwtyn qal"
    assert romanize("ـ") == ""  # a chunk of nothing but tatweel is no word


# --- the reference with names substituted ------------------------------------------------


@pytest.fixture(scope="module")
def matcher(trained_glossary_path: Path) -> Matcher:
    return Matcher(load_glossary(trained_glossary_path))


@pytest.mark.parametrize(
    ("arabic", "expected"),
    [
        ("قال بوتين اليوم", "qal Putin alywm"),
        # The full name is one match, and a bare بوتين beside it is a bare "Putin".
        ("قال فلاديمير بوتين إن بوتين", "qal Vladimir Putin an Putin"),
        # Clitic prefixes: their own word before the target.
        ("وبوتين وموسكو", "w Putin w Moscow"),
        ("وقال لبوتين", "wqal l Putin"),
        # Brackets, quotes and punctuation stay tight around the name.
        ("(بوتين) «نولاند»، بيسكوف:", "(Putin) «Nuland», Peskov:"),
        ("أكد ديمتري بيسكوف أن", "akd Dmitry Peskov an"),
        ("الولايات المتحدة الأمريكية وروسيا", "United States w Russia"),
        ("لا أسماء هنا.", "la asma' hna."),
    ],
)
def test_names_reference(matcher: Matcher, arabic: str, expected: str) -> None:
    assert names_reference(arabic, matcher.find(arabic)) == expected


def test_reference_words_mark_names_and_clitics(matcher: Matcher) -> None:
    arabic = "وقال وفلاديمير بوتين"
    words = reference_words(arabic, matcher.find(arabic))
    assert [(w.text, w.kind) for w in words] == [
        ("wqal", "word"),
        ("w", "clitic"),
        ("Vladimir", "name"),
        ("Putin", "name"),
    ]


def test_name_context_helper_sees_the_damage(matcher: Matcher) -> None:
    arabic = "وقال فلاديمير بوتين اليوم إن موسكو مستعدة"
    words = reference_words(arabic, matcher.find(arabic))
    good = "wqal Vladimir Putin alywm an Moscow mst`da"
    assert name_context_problems(good, words) == []
    assert_name_context(good, arabic, matcher)
    # The first name kept beside the full name, a dropped word, a name one word late.
    assert name_context_problems("wqal fladymyr Vladimir Putin alywm an Moscow mst`da", words)
    assert name_context_problems("wqal Vladimir Putin an Moscow mst`da", words)
    assert name_context_problems("wqal alywm Vladimir Putin an Moscow mst`da", words)
    # A difference far from every name is not this helper's business.
    far = "وقال بوتين اليوم إن الحكومة الجديدة مستعدة للحوار مع الجميع"
    far_words = reference_words(far, matcher.find(far))
    changed_far_away = "wqal Putin alywm an alhkwma aljdyda mst`da llhwar X aljmy`"
    assert name_context_problems(changed_far_away, far_words) == []


def test_name_context_helper_clitic_is_optional(matcher: Matcher) -> None:
    arabic = "قال وبوتين اليوم"
    words = reference_words(arabic, matcher.find(arabic))
    assert name_context_problems("qal w Putin alywm", words) == []
    assert name_context_problems("qal Putin alywm", words) == []
    assert name_context_problems("qal Putin alywm", words, optional_clitics=False)
    assert name_context_problems("qal wbwtyn Putin alywm", words)


def test_trained_glossary_holds_the_status_pair(trained_glossary_path: Path) -> None:
    targets = load_glossary(trained_glossary_path).targets()
    assert "Putin" in targets and "Vladimir Putin" in targets
    # Every name is spelt unlike the model's own romanization, so strict must force it.
    for entry in load_glossary(trained_glossary_path).entries:
        assert all(romanize(form) != entry.target for form in entry.forms)


# --- the checkpoint ----------------------------------------------------------------------


def test_checkpoint_is_a_small_opus_style_marian_folder(trained_model_dir: Path) -> None:
    for name in ("config.json", "model.safetensors", "source.spm", "target.spm", "vocab.json",
                 "tokenizer_config.json"):  # fmt: skip
        assert (trained_model_dir / name).is_file(), name
    vocab = json.loads((trained_model_dir / "vocab.json").read_text("utf-8"))
    assert max(vocab, key=vocab.get) == "<pad>"  # CTranslate2's converter expects it last
    size = sum(p.stat().st_size for p in trained_model_dir.iterdir())
    assert size < 15 * 2**20


def test_gold_alignment_pairs_word_k_with_word_k(trained_model_dir: Path) -> None:
    from transformers import MarianTokenizer

    encoder = Encoder(MarianTokenizer.from_pretrained(trained_model_dir))
    example = encoder.encode("وقال بوتين: نعم")
    assert example is not None
    assert example.source_ids[-1] == example.target_ids[-1] == encoder.eos
    last = len(example.source_ids) - 1
    assert example.alignment[-1] == (last, last + 1)  # </s> on </s>
    assert example.source_words[-1] == -1
    assert sorted(set(example.source_words[:-1])) == [0, 1, 2]
    assert word_index(["▁wq", "al", "▁bw", "tyn", ":"]) == [0, 0, 1, 1, 1]
    # Piece k of a word split alike on both sides spells piece k; otherwise the whole word.
    assert piece_alignment([0, 0, 1, 1, 1, 2], [0, 0, 1, 1, 2]) == [
        (0, 1), (1, 2), (2, 5), (2, 5), (5, 6)
    ]  # fmt: skip


def test_sampled_targets_spell_the_same_words_in_other_pieces(trained_model_dir: Path) -> None:
    """``target_sampling``: the same English, segmented differently, alignment still per word."""
    import sentencepiece
    from transformers import MarianTokenizer

    tokenizer = MarianTokenizer.from_pretrained(trained_model_dir)
    plain = Encoder(tokenizer).encode("وقال الرئيس الروسي إن الحوار مستمر")
    assert plain is not None
    sentencepiece.set_random_generator_seed(0)
    sampled = [
        Encoder(tokenizer, target_sampling=1.0).encode("وقال الرئيس الروسي إن الحوار مستمر")
        for _ in range(8)
    ]
    text = tokenizer.decode(plain.target_ids, skip_special_tokens=True)
    lengths = set()
    for example in sampled:
        assert example is not None
        assert tokenizer.decode(example.target_ids, skip_special_tokens=True) == text
        assert len(example.alignment) == len(example.target_ids)
        assert example.source_ids == plain.source_ids
        lengths.add(len(example.target_ids))
    assert len(lengths) > 1  # the piece count per word no longer mirrors the Arabic


# Held-out sentences the committed checkpoint reproduces exactly on both backends: a guard
# that a new checkpoint (or a change in loading/decoding) does not lose them.  How it does on
# all of them (free chrF, EOS, attention) is measured by benchmarks/bench_enforcement_quality.py.
EXACT = [held_out_sentences()[i] for i in (0, 1, 17, 21, 23, 32)]


@pytest.mark.parametrize("backend", ["ctranslate2", "transformers"])
def test_free_decoding_is_the_exact_romanization_and_stops(
    trained_model_dir: Path, backend: str
) -> None:
    from tests.support.trained_model_checks import alignment_agreement, decode

    decoded = decode(trained_model_dir, EXACT, backend)
    for sentence, item in zip(EXACT, decoded, strict=True):
        assert item.text.split() == romanize(sentence).split()
        assert item.stopped and len(item.target_pieces) + 1 < item.cap
    agreement = alignment_agreement(decoded)
    assert agreement.skipped == 0
    assert agreement.rate >= 0.95  # the alignment head points at the word being written
    assert agreement.eos_on_eos == agreement.eos_rows == len(EXACT)


@pytest.mark.parametrize("backend", ["ctranslate2", "transformers"])
def test_engine_free_translation_is_the_romanization(trained_model_dir: Path, backend: str) -> None:
    from translator.engine import Translator

    translator = Translator.load(str(trained_model_dir), backend=backend)
    assert translator.backend == backend
    out = translator.translate(EXACT)
    assert [t.target for t in out] == [romanize(s) for s in EXACT]
