"""Strict enforcement on the trained romanizer, whose right output is known word for word.

The model (``tests/data/romanizer``) romanizes Arabic word by word and stops by
itself, so what enforcement does to the English around a name can be checked
exactly against ``tests.support.names_reference``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests_support import assert_name_context

from glossary.entry import Entry
from glossary.matcher import Matcher
from glossary.storage import load_glossary
from glossary.termbase import Glossary
from tests.support.trained_model import held_out_sentences
from translator.engine import Translator
from translator.romanization import romanize

BACKENDS = ["ctranslate2", "transformers"]
# One piece of the model's target vocabulary, like a name in a real model's vocabulary,
# where the model writes "alrwsy": strict mode must force it.
RUSSIAN = Glossary([Entry("Russian", ["الروسي"])])


def _load(model: Path, backend: str, glossary: Glossary, **options) -> Translator:
    return Translator.load(str(model), "cpu", backend=backend, beam=4, glossary=glossary, **options)


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_words_around_a_forced_name_are_the_references(
    trained_model_dir: Path, backend: str
) -> None:
    # The words before and after the name (no dropped "an", no "alrwsy Russian") are the
    # reference's exactly; sentences the model romanizes exactly when free, so any
    # difference is enforcement's.
    sentences = [
        "وقال الرئيس الروسي إن الحوار مستمر.",
        "وقال الرئيس الروسي اليوم إن الحوار مستمر.",
    ]
    free = Translator.load(str(trained_model_dir), "cpu", backend=backend, beam=4)
    assert [r.target for r in free.translate(sentences)] == [romanize(s) for s in sentences]
    translator = _load(trained_model_dir, backend, RUSSIAN)
    matcher = Matcher(RUSSIAN)
    for sentence, result in zip(sentences, translator.translate(sentences), strict=True):
        assert [(t.target, t.status) for t in result.terms] == [("Russian", "enforced")]
        assert_name_context(result.target, sentence, matcher, window=3)
        assert "alrwsy" not in result.target.split()  # replaced, not written beside it
    assert translator._prefix_glossary.fallbacks == 0  # no constrained-decoder rescue


@pytest.mark.parametrize("backend", BACKENDS)
def test_extras_are_kept_and_reported_unless_removal_is_asked_for(
    trained_model_dir: Path, backend: str
) -> None:
    # The model copies Latin words through: "Russian" here is its own, for Arabic the
    # glossary did not match.
    sentence = "وقال الرئيس Russian إن الحوار مستمر."
    (kept,) = _load(trained_model_dir, backend, RUSSIAN).translate([sentence])
    assert kept.target == romanize(sentence) and "Russian" in kept.target.split()
    assert [(t.target, t.status, t.start) for t in kept.terms] == [("Russian", "extra", None)]
    assert kept.warnings == []
    (removed,) = _load(trained_model_dir, backend, RUSSIAN, remove_extras=True).translate(
        [sentence]
    )
    assert "Russian" not in removed.target and removed.terms == []


def test_a_list_of_names_too_long_for_one_output_leaves_the_document_whole(
    trained_model_dir: Path, trained_glossary_path: Path
) -> None:
    # The split is the engine's, for both backends; the PyTorch side of a sentence whose
    # names exceed the output is in test_enforce (the decoder never gets more than fits).
    # Long targets (a name with its note), so that 32 of them need more tokens than one
    # output holds with any vocabulary.
    people = [e for e in load_glossary(trained_glossary_path).entries if e.note]
    glossary = Glossary([Entry(f"{e.target}, {e.note}", e.forms[:1]) for e in people])
    reps = -(-32 // len(people))
    forms = [e.forms[0] for e in people] * reps
    listing = "وحضر الاجتماع " + "، ".join(forms) + "."
    before, after = "وقال الرئيس إن الحوار مستمر.", "وأكد المتحدث أن الاجتماع انتهى."
    translator = _load(trained_model_dir, "ctranslate2", glossary)
    first, middle, last = translator.translate_document(f"{before} {listing} {after}")
    names = [t for t in middle.terms if t.status != "extra"]
    assert len(names) == len(forms) >= 30
    assert middle.last_resort == ["split-to-fit"]
    assert any("split at clause boundaries" in w for w in middle.warnings)
    assert {t.status for t in names} == {"enforced"}
    found = translator._enforcer.finder.count(middle.target)
    assert all(found[e.target] == reps for e in glossary.entries)
    free = Translator.load(str(trained_model_dir), "cpu", backend="ctranslate2", beam=4)
    for sentence, own in zip((first, last), free.translate([before, after]), strict=True):
        assert sentence.target == own.target  # no names: exactly the free translation
        assert sentence.terms == [] and sentence.warnings == [] and sentence.last_resort == []


@pytest.mark.parametrize(
    ("targets", "status"),
    [
        (("Vladimir Putin", "Putin"), "enforced"),  # spelt unlike the model: forced
        (("fladymyr bwtyn", "bwtyn"), "ok"),  # spelt as the model writes them: its own
    ],
)
def test_a_full_and_a_short_name_get_the_same_statuses_on_both_backends(
    trained_model_dir: Path, targets: tuple[str, str], status: str
) -> None:
    full, short = targets
    glossary = Glossary([Entry(full, ["فلاديمير بوتين"]), Entry(short, ["بوتين"])])
    sentences = [held_out_sentences()[1], "وقال بوتين إن فلاديمير بوتين لن يترشح."]
    reports = []
    for backend in BACKENDS:
        results = _load(trained_model_dir, backend, glossary).translate(sentences)
        reports.append([[(t.target, t.status) for t in r.terms] for r in results])
    assert reports[0] == reports[1]
    assert reports[0] == [[(full, status)], [(short, status), (full, status)]]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_name_in_brackets_stays_tight(
    trained_model_dir: Path, trained_glossary_path: Path, backend: str
) -> None:
    translator = _load(trained_model_dir, backend, load_glossary(trained_glossary_path))
    (result,) = translator.translate(["وقال الرئيس (بوتين) إن الحوار مستمر."])
    assert "(Putin)" in result.target and "( Putin" not in result.target
    assert [(t.target, t.status) for t in result.terms] == [("Putin", "enforced")]


@pytest.mark.parametrize("backend", BACKENDS)
def test_one_name_written_and_one_forced_keep_the_order_of_the_arabic(
    trained_model_dir: Path, backend: str
) -> None:
    # One target, two Arabic forms: the model writes "bwtyn" for بوتين itself and "bwtn"
    # for بوتن.  Its one "bwtyn" answers the occurrence it attends to, wherever that is,
    # and the other occurrence is forced in place of "bwtn" (not beside it).  Sentences
    # the model romanizes exactly when free, so any difference is enforcement's.  (Not
    # reached yet: "وقال بوتن اليوم إن بوتين ..." skips "an" after the forced name.)
    glossary = Glossary([Entry("bwtyn", ["بوتين", "بوتن"])])
    sentences = [
        "وأكد بوتن أن بوتين سيزور موسكو.",
        "وأكد بوتين أن بوتن سيزور موسكو.",
        "قال بوتن إن الرئيس بوتين سيزور موسكو.",
        "قال الرئيس بوتين إن بوتن سيزور موسكو.",
    ]
    free = Translator.load(str(trained_model_dir), "cpu", backend=backend, beam=4)
    assert [r.target for r in free.translate(sentences)] == [romanize(s) for s in sentences]
    results = _load(trained_model_dir, backend, glossary).translate(sentences)
    matcher = Matcher(glossary)
    for sentence, result in zip(sentences, results, strict=True):
        full, short = sentence.index("بوتين"), sentence.index("بوتن")
        want = sorted([(full, "ok"), (short, "enforced")])
        assert [(t.start, t.status) for t in result.terms] == want
        assert_name_context(result.target, sentence, matcher, window=3)
        assert "bwtn" not in result.target.split()
