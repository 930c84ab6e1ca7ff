"""The review's rules without a screen: edits, approvals, undo, translations, names, search."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from glossary.entry import Entry
from glossary.termbase import Glossary
from tui.project import Project, Segment
from tui.review_state import ReviewState
from tui.search import SearchController

PUTIN = "قال بوتين إن الكرملين وافق"
OTHER = "وصل الوفد إلى القاهرة"


def state(tmp_path: Path, glossary: Glossary | None = None) -> ReviewState:
    segments = [
        Segment(0, 0, len(PUTIN), PUTIN, "Putin said", "Putin said", "machine"),
        Segment(0, len(PUTIN) + 1, 50, OTHER, None, "", "pending"),
    ]
    project = Project(tmp_path / "story.tarjama.json", PUTIN + " " + OTHER, None, segments)
    review = ReviewState(project, glossary, "app")
    review.check_all()
    return review


def test_an_edit_is_remembered_once_per_session_and_back_to_machine_is_machine(tmp_path) -> None:
    review = state(tmp_path)
    assert not review.edit(0, "Putin said", remember=True)  # unchanged: nothing happens
    assert review.revisions == [0, 0] and not review.undo
    assert review.edit(0, "Putin said so", remember=True)
    assert review.edit(0, "Putin said so.", remember=False)
    assert review.project.segments[0].status == "edited" and len(review.undo) == 1
    assert review.revisions[0] == 2
    assert review.edit(0, "Putin said", remember=False)
    assert review.project.segments[0].status == "machine"


def test_approve_then_undo_restores_the_segment(tmp_path) -> None:
    review = state(tmp_path)
    review.project.segments[0].target = " Putin said "
    assert review.approve(0)
    assert not review.approve(0)  # already approved: nothing to remember
    seg = review.project.segments[0]
    assert (seg.status, seg.target) == ("approved", "Putin said")
    index, previous, replaced = review.undo_last()
    assert index == 0 and replaced is seg
    assert (previous.status, previous.target) == ("machine", " Putin said ")
    assert review.project.segments[0] is previous
    assert review.undo_last() is None


def test_a_translation_queued_before_an_edit_is_dropped(tmp_path) -> None:
    review = state(tmp_path)
    queued_at = review.revisions[1]
    review.edit(1, "The delegation arrived", remember=True)
    result = SimpleNamespace(target="The delegation reached Cairo", terms=[], warnings=[])
    assert not review.translated(1, result, queued_at)
    assert review.project.segments[1].target == "The delegation arrived"


def test_model_and_memory_translations_are_told_apart(tmp_path) -> None:
    review = state(tmp_path)
    model = SimpleNamespace(target="The delegation reached Cairo", terms=[], warnings=["w"])
    assert review.translated(1, model, 0)
    seg = review.project.segments[1]
    assert (seg.status, seg.machine, seg.warnings) == ("machine", seg.target, ["w"])
    assert not review.undo  # a first translation replaces nothing
    reused = SimpleNamespace(
        target="The delegation arrived in Cairo", terms=[], warnings=[], origin="tmx:a", memory_id=7
    )
    assert review.translated(1, reused, review.revisions[1])
    assert (seg.status, seg.memory_origin, seg.memory_id) == ("tm", "tmx:a", 7)
    assert seg.machine == "The delegation reached Cairo" and len(review.undo) == 1


def test_glossary_switch_names_the_segments_it_changes(tmp_path) -> None:
    review = state(tmp_path)
    assert review.terms[0].missing == () and review.next_warning(0) is None
    glossary = Glossary([Entry("Vladimir Putin", ["بوتين"]), Entry("Kremlin", ["الكرملين"])])
    affected, moved = review.use_glossary(glossary, tmp_path / "names.tsv")
    assert affected == [0] and moved
    assert review.project.glossary_path == tmp_path / "names.tsv"
    review.check_all()
    assert review.terms[0].missing == ("Vladimir Putin", "Kremlin")
    assert review.next_warning(0) == 0 and review.next_warning(1) == 0
    assert "1 ⚠ missing names" in review.header()
    title, subtitle = review.pane_title(0)
    assert title == "Segment 1 of 2 · machine"
    assert subtitle == "⚠ missing: Vladimir Putin, Kremlin"
    assert review.use_glossary(glossary, tmp_path / "names.tsv") == ([], False)


def test_search_steps_wrap_and_say_where_they_are(tmp_path) -> None:
    review = state(tmp_path)
    review.project.segments[1].target = "Putin again"
    search = SearchController(review)
    search.submit("  putin ")
    assert search.query == "putin" and search.matches() == [0, 1]
    step = search.step(1, current=1)
    assert step.target == 0 and step.line.startswith("“putin”: 1 of 2")
    assert search.step(1, current=1, include_current=True).target == 1
    assert search.step(-1, current=0).target == 1
    search.submit("القاهرة")
    assert search.step(1, current=0).target == 1
    search.submit("Cairo")
    missing = search.step(1, current=0)
    assert missing.target is None and missing.warning == "No segment contains “Cairo”."
