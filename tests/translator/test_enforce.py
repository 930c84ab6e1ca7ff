"""Enforcement end to end on the tiny random-weight model.

Random weights translate nonsense and never write a name on purpose, so every
owed glossary target in a strict-mode output was put there by enforcement.  The
tiny vocabulary does hold glossary pieces, so the model writes a few targets on
its own ("TASS"): those are extras, kept and reported, never more than the free
translation had.  Only the guarantees are asserted.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from glossary.entry import Entry
from glossary.storage import load_glossary
from glossary.termbase import Glossary
from translator.decoding.free_decoding import free_translate
from translator.enforcement.enforce import EnforcedTranslation, Enforcer
from translator.enforcement.terms import required_counts, term_accuracy
from translator.segment import segment

HAND_WRITTEN = [
    "وبوتين قال للناتو إن الحوار مستمر.",  # clitics
    "التقت فيكتوريا نولاند بممثلي منظمة معاهدة الأمن الجماعي.",  # multi-word names
    "قال بوتين إن بوتين لن يترشح.",  # the same name twice
    "اتصل بايدن بزاخاروفا اليوم.",  # two names
    "لقاح سبوتنيك V و كوفيد 19 واتفاق أوبك+.",  # Latin letters, digits and +
    "وأشار المتحدث إلى أن الاجتماع انتهى.",  # no names at all
]
ODD = "Łódź Ōsaka 北京"


@pytest.fixture(scope="module")
def glossary(seed_glossary_path: Path) -> Glossary:
    g = load_glossary(seed_glossary_path)
    g.entries.append(Entry(ODD, ["لودز أوساكا بكين"]))
    return g


def _free(tiny_torch_model):
    model, tokenizer = tiny_torch_model
    return lambda texts: free_translate(model, tokenizer, texts, num_beams=2, batch_size=16)


def _run(model_pair, glossary, sources, mode="strict", progress=None) -> tuple[Enforcer, list]:
    model, tokenizer = model_pair
    enforcer = Enforcer(glossary, tokenizer, mode=mode)
    out = enforcer.translate(
        model, sources, _free(model_pair), num_beams=2, batch_size=16, progress=progress
    )
    return enforcer, out


def _assert_exact(enforcer: Enforcer, sources: list[str], out: list[EnforcedTranslation]) -> None:
    acc = term_accuracy(sources, [o.target for o in out], enforcer.matcher, enforcer.finder)
    assert acc.accuracy == 1.0
    for source, result in zip(sources, out, strict=True):
        reqs = enforcer.requirements(source)
        required = required_counts(reqs)
        found = enforcer.finder.count(result.target)
        names = [t for t in result.terms if t.status != "extra"]
        extras = [t for t in result.terms if t.status == "extra"]
        assert [t.target for t in names] == [r.target for r in reqs]
        assert all(t.status in ("ok", "enforced") for t in names)
        assert Counter(t.target for t in extras) == found - required
        assert not result.warnings


@pytest.fixture(scope="module")
def article(article_path: Path) -> list[str]:
    return [s.text for s in segment(article_path.read_text("utf-8"))]


def test_strict_on_seed_article(tiny_torch_model, glossary, article: list[str]) -> None:
    done: list[int] = []
    enforcer, out = _run(tiny_torch_model, glossary, article, progress=done.append)
    assert len(out) == len(article) and sum(done) == len(article)
    _assert_exact(enforcer, article, out)
    statuses = Counter(t.status for o in out for t in o.terms)
    assert statuses["enforced"] > 0 and sum(statuses.values()) >= 60


def test_strict_on_hand_written_sentences(tiny_torch_model, glossary) -> None:
    enforcer, out = _run(tiny_torch_model, glossary, HAND_WRITTEN)
    _assert_exact(enforcer, HAND_WRITTEN, out)
    assert [t.target for t in out[0].terms] == ["Putin", "NATO"]
    assert out[0].terms[0].source == "بوتين" and out[0].terms[1].source == "ناتو"
    assert Counter(t.target for t in out[2].terms) == {"Putin": 2}
    assert enforcer.finder.count(out[2].target) == {"Putin": 2}
    assert {t.target for t in out[4].terms} == {"Sputnik V", "COVID-19", "OPEC+"}
    assert out[5].terms == []


@pytest.mark.parametrize("mode", ["check", "off"])
def test_check_and_off_translate_freely_and_report(tiny_torch_model, glossary, mode: str) -> None:
    sources = HAND_WRITTEN[:3]
    enforcer, out = _run(tiny_torch_model, glossary, sources, mode=mode)
    free = _free(tiny_torch_model)(sources)
    assert [o.target for o in out] == free
    for source, result in zip(sources, out, strict=True):
        required = required_counts(enforcer.requirements(source))
        found = enforcer.finder.count(result.target)
        assert len(result.terms) == sum(required.values())
        for target, k in required.items():
            statuses = [t.status for t in result.terms if t.target == target]
            assert statuses.count("ok") == min(k, found[target])
            assert statuses.count("missing") == k - min(k, found[target])
        if mode == "off":
            assert result.warnings == []


def test_unspellable_target_is_reported_not_dropped(tiny_torch_model, glossary) -> None:
    sources = ["زار بوتين لودز أوساكا بكين أمس."]
    for mode in ("strict", "check"):
        enforcer, (result,) = _run(tiny_torch_model, glossary, sources, mode=mode)
        odd = [t for t in result.terms if t.target == ODD]
        assert len(odd) == 1 and odd[0].status == "missing"
        assert any(
            f"glossary target '{ODD}' cannot be spelled by the model's vocabulary (unknown pieces:"
            in w
            and "it cannot be enforced" in w
            for w in result.warnings
        )
        if mode == "strict":
            assert [t.status for t in result.terms if t.target == "Putin"] == ["enforced"]
            assert enforcer.finder.count(result.target) == {"Putin": 1}


def test_repair_keeps_good_free_output_and_fixes_the_rest(tiny_torch_model, glossary) -> None:
    model, tokenizer = tiny_torch_model
    sources = ["قال بوتين إن بايدن وافق.", "انتهى الاجتماع.", "قال بوتين ذلك."]
    free = ["Putin said Biden's team agreed.", "NATO and Putin ended it.", "He said so."]
    out = Enforcer(glossary, tokenizer).repair(model, sources, free, num_beams=2, batch_size=8)
    assert out[0].target == free[0]
    assert [t.status for t in out[0].terms] == ["ok", "ok"]
    # Names the Arabic does not call for are the model's own: kept, reported as extra.
    assert out[1].target == free[1]
    assert [(t.target, t.status) for t in out[1].terms] == [("NATO", "extra"), ("Putin", "extra")]
    enforcer = Enforcer(glossary, tokenizer)
    assert enforcer.finder.count(out[2].target) == {"Putin": 1}
    assert [t.status for t in out[2].terms] == ["enforced"]


def test_remove_extras_on_request(tiny_torch_model, glossary) -> None:
    model, tokenizer = tiny_torch_model
    enforcer = Enforcer(glossary, tokenizer, remove_extras=True)
    sources = ["قال بوتين إن بايدن وافق.", "انتهى الاجتماع."]
    free = ["Putin said Biden's team agreed with Putin.", "NATO and Putin ended it."]
    out = enforcer.repair(model, sources, free, num_beams=2, batch_size=8)
    assert enforcer.finder.count(out[0].target) == {"Putin": 1, "Biden": 1}
    assert enforcer.finder.count(out[1].target) == {}
    assert all(t.status != "extra" for o in out for t in o.terms)


class _FailsOn(Enforcer):
    """An Enforcer whose constrained decoder fails on batches holding one given sentence."""

    poison: tuple[int, ...] = ()

    def _decode_rows(self, model, encoded, spans, todo, rows, num_beams):
        if any(tuple(encoded[j]) == self.poison for j in rows):
            raise IndexError("index out of range in self")
        return super()._decode_rows(model, encoded, spans, todo, rows, num_beams)


def test_a_failing_sentence_costs_only_itself(tiny_torch_model, glossary) -> None:
    model, tokenizer = tiny_torch_model
    enforcer = _FailsOn(glossary, tokenizer)
    sources = HAND_WRITTEN[:4]
    enforcer.poison = tuple(tokenizer(sources[1]).input_ids)
    out = enforcer.translate(model, sources, _free(tiny_torch_model), num_beams=2, batch_size=8)
    assert "enforcement failed on this sentence (IndexError" in out[1].warnings[-1]
    assert out[1].last_resort == ["enforcement-error"]
    assert out[1].target == _free(tiny_torch_model)([sources[1]])[0]  # its free translation
    assert {t.status for t in out[1].terms} <= {"missing", "extra"}
    _assert_exact(enforcer, [sources[i] for i in (0, 2, 3)], [out[i] for i in (0, 2, 3)])


def test_unknown_mode_is_refused(tiny_torch_model, glossary) -> None:
    with pytest.raises(ValueError, match="strict"):
        Enforcer(glossary, tiny_torch_model[1], mode="loose")


def test_names_beyond_the_output_positions_are_missing_not_a_crash(
    tiny_torch_model, glossary
) -> None:
    model, tokenizer = tiny_torch_model
    enforcer = Enforcer(glossary, tokenizer, max_output_tokens=32)  # a model of 32 positions
    sentence = "وحضر " + " و".join(["فيكتوريا نولاند", "نيكولاي باتروشيف", "سيرغي ناريشكين"] * 3)
    (result,) = enforcer.translate(
        model, [sentence], _free(tiny_torch_model), num_beams=2, batch_size=4
    )
    statuses = [t.status for t in result.terms if t.status != "extra"]
    assert len(statuses) == 9 and statuses[0] == "enforced" and statuses[-1] == "missing"
    assert statuses.index("missing") == statuses.count("enforced")  # the first ones fit
    assert result.last_resort == ["names-unfit"]
    assert any("do not fit the model's 32 output positions" in w for w in result.warnings)
