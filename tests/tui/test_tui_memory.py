"""The translation memory inside the review: approvals recorded (and undone), exact reuse
without the model, glossary conflicts reported, fuzzy matches offered and taken.

Saved projects (fixed English) where no model is needed; the real tiny model where
segments are translated, with model inputs counted by a subclass of tarjama's own
``Translator`` (the model itself is untouched).  Every memory fact is checked in the
SQLite file itself, or through ``tarjama tm``.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path
from typing import ClassVar

from memory_fixtures import (
    FARTHER_SEGMENT_2_EN,
    NEAR_SEGMENT_2_EN,
    NEAR_SEGMENT_4_EN,
    fill_memory,
)
from tests_support import TARJAMA
from textual.widgets._footer import FooterKey

from translator.engine import Translator
from translator.memory.store import TranslationMemory
from tui.project import project_path_for
from tui.screens.confirm import ConfirmScreen
from tui.screens.export_screen import ExportScreen

PESKOV = "قال ديمتري بيسكوف للصحفيين إن موسكو مستعدة للحوار."
OLD_PESKOV_ENGLISH = "Dmitri Peskov told reporters Moscow is ready for dialogue."


class CountingTranslator(Translator):
    """The real engine, counting every text that reaches the model."""

    inputs: ClassVar[list[str]] = []  # shared: the queue builds its own instance

    def _translate_units(self, texts, advance, reqs):
        CountingTranslator.inputs.extend(texts)
        return super()._translate_units(texts, advance, reqs)


def run(coroutine) -> None:
    asyncio.run(coroutine)


def tarjama(*args: str) -> str:
    """The command's standard output (it runs beside the open review)."""
    done = subprocess.run([TARJAMA, *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def saved(source: Path) -> dict:
    return json.loads(project_path_for(source).read_text(encoding="utf-8"))


def versions(memory: Path, source: str) -> list[tuple[str, str, str]]:
    """(English, origin, change date) of every pair stored for ``source``."""
    store = TranslationMemory.open_existing(memory)
    if store is None:
        return []
    with store:
        return [(e.target, e.origin, e.changed_at) for e in store.versions(source)]


def footer_actions(app) -> set[str]:
    return {key.action for key in app.screen.query(FooterKey) if key.region.width > 0}


async def footer_offers(pilot, app, wait) -> set[str]:
    """The footer's keys once it is drawn (it recomposes after the bindings change)."""
    await wait(pilot, lambda: "app.approve" in footer_actions(app), 10)
    await pilot.pause(0.1)
    return footer_actions(app)


async def settle(pilot, app) -> None:
    """Let the memory's thread answer (lookups and writes take milliseconds)."""
    for _ in range(100):
        await pilot.pause(0.02)
        if not app.memory._running:
            await pilot.pause(0.05)
            return
    raise AssertionError("the memory's thread did not finish")


# ------------------------------------------------------------------ approvals


def test_approval_is_recorded_and_undo_takes_it_back_even_after_reopening(
    saved_project: Path, make_app, tmp_path: Path
) -> None:
    memory = tmp_path / "tm.sqlite3"
    run(approve_then_undo(saved_project, make_app, memory))
    # reopened: the undo history still knows what each approval wrote
    run(undo_after_reopening(saved_project, make_app, memory))


async def approve_then_undo(saved_project: Path, make_app, memory: Path) -> None:
    app = make_app(saved_project, memory=memory)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert not memory.exists()  # reading a memory that is not there creates nothing
        assert app.segment_list.current == 1
        source = app.project.segments[1].source
        first = app.project.segments[1].target
        await pilot.press("a")
        await settle(pilot, app)
        assert [v[:2] for v in versions(memory, source)] == [(first, "review:article.txt")]
        assert saved(saved_project)["segments"][1]["recorded"]["target"] == first

        # what the command line sees, while the review is open
        stats = json.loads(tarjama("tm", "stats", "--memory", str(memory), "--json"))
        assert stats["entries"] == 1 and stats["origins"] == {"review:article.txt": 1}
        lookup = tarjama("tm", "lookup", source, "--memory", str(memory))
        found = [json.loads(line) for line in lookup.splitlines()]
        assert found[0] == {**found[0], "match": "exact", "target": first}

        # undoing the approval takes the pair out again
        await pilot.press("ctrl+z")
        await settle(pilot, app)
        assert app.project.segments[1].status == "edited"
        assert versions(memory, source) == []

        # approve, change the approved English, approve again: the new English replaces
        # the old one; undoing that approval brings the old one back, with its date
        await pilot.press("a")
        await settle(pilot, app)
        [(_, _, first_date)] = versions(memory, source)
        await pilot.press("up", "enter", "end", *" (revised)", "enter")
        assert app.project.segments[1].status == "edited"
        await pilot.press("a")
        await settle(pilot, app)
        assert [v[0] for v in versions(memory, source)] == [first + " (revised)"]
        await pilot.press("ctrl+z")
        await settle(pilot, app)
        assert versions(memory, source) == [(first, "review:article.txt", first_date)]
        assert app.project.segments[1].target == first + " (revised)"
        await pilot.press("ctrl+q")
    assert app.return_code == 0


async def undo_after_reopening(saved_project: Path, make_app, memory: Path) -> None:
    app = make_app(saved_project, memory=memory)
    async with app.run_test(size=(120, 40)) as pilot:
        source = app.project.segments[1].source
        first = versions(memory, source)[0][0]
        await pilot.press("ctrl+z")  # the edit after the approval: the pair stays
        await settle(pilot, app)
        assert app.project.segments[1].status == "approved"
        assert [v[0] for v in versions(memory, source)] == [first]
        await pilot.press("ctrl+z")  # the approval itself: taken back
        await settle(pilot, app)
        assert app.project.segments[1].status == "edited"
        assert versions(memory, source) == []
        await pilot.press("ctrl+q")


def test_undo_keeps_a_pair_someone_else_had_stored(
    saved_project: Path, make_app, tmp_path: Path
) -> None:
    """Approving a pair the memory already had only confirms it: undo leaves it there."""
    memory = tmp_path / "tm.sqlite3"
    run(confirm_then_undo(saved_project, make_app, memory))


async def confirm_then_undo(saved_project: Path, make_app, memory: Path) -> None:
    app = make_app(saved_project, memory=memory)
    seg = app.project.segments[1]
    with TranslationMemory(memory) as store:
        store.add(seg.source, seg.target, origin="tmx:desk.tmx", user="huda")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await settle(pilot, app)
        await pilot.press("ctrl+z")
        await settle(pilot, app)
        assert [v[:2] for v in versions(memory, seg.source)] == [(seg.target, "tmx:desk.tmx")]
        await pilot.press("ctrl+q")


# ------------------------------------------------------------------ exact reuse

SECOND_STORY = "وأشارَ بوتين إلى أن نولاند موجودة في موسكو الآن.\nوصل الوفد إلى جنيف.\n"


def test_second_review_reuses_an_approved_sentence_without_the_model(
    story: Path, glossary_copy: Path, make_app, wait, tmp_path: Path
) -> None:
    memory = tmp_path / "tm.sqlite3"
    run(first_review_approves(story, glossary_copy, make_app, wait, memory))
    second = tmp_path / "second.txt"
    second.write_text(SECOND_STORY, encoding="utf-8")
    run(second_review_reuses(second, story, glossary_copy, make_app, wait, memory))
    only = tmp_path / "only.txt"  # nothing but the approved sentence: no model at all
    only.write_text(SECOND_STORY.splitlines()[0] + "\n", encoding="utf-8")
    run(no_model_needed(only, glossary_copy, make_app, wait, memory))


async def first_review_approves(story, glossary, make_app, wait, memory: Path) -> None:
    app = make_app(story, glossary, memory=memory)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait(pilot, lambda: not app.project.pending())
        await pilot.press("down", "a")  # segment 2, the model's English with its names
        await settle(pilot, app)
        seg = app.project.segments[1]
        assert seg.status == "approved"
        assert [v[0] for v in versions(memory, seg.source)] == [seg.target]
        await pilot.press("ctrl+q")


async def second_review_reuses(second, story, glossary, make_app, wait, memory: Path) -> None:
    approved = versions(memory, story.read_text(encoding="utf-8").splitlines()[1])[0][0]
    CountingTranslator.inputs = []
    app = make_app(second, glossary, memory=memory)
    app.queue.translator_type = CountingTranslator
    async with app.run_test(size=(120, 40)) as pilot:
        await wait(pilot, lambda: not app.project.pending())
        reused, translated = app.project.segments
        # only the new sentence reached the model
        assert CountingTranslator.inputs == ["وصل الوفد إلى جنيف."]
        assert (reused.status, reused.target) == ("tm", approved)  # diacritics do not matter
        assert reused.memory_origin == "review:story.txt" and reused.machine is None
        assert {t["status"] for t in reused.terms} == {"tm"}
        assert {t["target"] for t in reused.terms} == {"Putin", "Nuland", "Moscow"}
        assert translated.status == "machine"
        data = saved(second)["segments"][0]
        assert data["status"] == "tm" and data["memory"]["origin"] == "review:story.txt"
        pane = app.screen.query_one("#editor-pane")
        assert "tm (exact match from the memory: review:story.txt)" in str(pane.border_title)
        assert "1 from memory" in app.sub_title
        await pilot.press("ctrl+q")


async def no_model_needed(only, glossary, make_app, wait, memory: Path) -> None:
    CountingTranslator.inputs = []
    app = make_app(only, glossary, memory=memory)
    app.queue.translator_type = CountingTranslator
    async with app.run_test(size=(120, 40)) as pilot:
        await wait(pilot, lambda: not app.project.pending())
        assert app.project.segments[0].status == "tm"
        assert CountingTranslator.inputs == []
        assert app.queue.loaded_backend == ""  # the model was never loaded
        await pilot.press("ctrl+q")


def test_a_match_the_glossary_now_spells_otherwise_is_reported_not_reused(
    tmp_path: Path, glossary_copy: Path, make_app, wait
) -> None:
    memory = tmp_path / "tm.sqlite3"
    with TranslationMemory(memory) as store:  # approved when the desk wrote "Dmitri"
        store.add(PESKOV, OLD_PESKOV_ENGLISH, origin="tmx:old.tmx", user="huda")
    story = tmp_path / "peskov.txt"
    story.write_text(PESKOV + "\n", encoding="utf-8")
    run(conflict(story, glossary_copy, make_app, wait, memory))


async def conflict(story: Path, glossary: Path, make_app, wait, memory: Path) -> None:
    CountingTranslator.inputs = []
    app = make_app(story, glossary, memory=memory)
    app.queue.translator_type = CountingTranslator
    async with app.run_test(size=(120, 40)) as pilot:
        await wait(pilot, lambda: not app.project.pending())
        seg = app.project.segments[0]
        assert CountingTranslator.inputs == [PESKOV]  # the model translated it
        assert seg.status == "machine" and "Dmitry Peskov" in seg.target
        assert seg.warnings[0].startswith("translation memory entry 1 (tmx:old.tmx) was not reused")
        # said as it happened: the old spelling, not a missing name plus a stray "Peskov"
        assert seg.warnings[0].endswith(
            "its English spells 'Dmitri Peskov' where the glossary now has 'Dmitry Peskov'; "
            "translated by the model instead"
        )
        notes = [n for n in app._notifications if n.title == "Memory match not reused"]
        assert len(notes) == 1
        assert "spells 'Dmitri Peskov' where the glossary now has 'Dmitry Peskov'" in (
            notes[0].message
        )
        # the stored pair is still offered, marked as lacking the name
        await settle(pilot, app)
        [match] = app.memory_panel.matches
        assert match.score == 100 and match.target == OLD_PESKOV_ENGLISH
        assert match.lacks == ("Dmitry Peskov (spelled Dmitri Peskov)",)
        assert match.extra == ()  # the "Peskov" inside the old spelling is not another name
        await pilot.press("ctrl+q")


# ------------------------------------------------------------------ fuzzy matches


def test_fuzzy_matches_are_offered_marked_and_taken_with_one_key(
    saved_project: Path, make_app, wait, tmp_path: Path
) -> None:
    memory = tmp_path / "tm.sqlite3"
    fill_memory(memory)
    run(take_a_match(saved_project, make_app, wait, memory))


async def take_a_match(saved_project: Path, make_app, wait, memory: Path) -> None:
    app = make_app(saved_project, memory=memory)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        panel = app.memory_panel
        assert app.segment_list.current == panel.index == 1
        near, farther = panel.matches
        assert (near.target, farther.target) == (NEAR_SEGMENT_2_EN, FARTHER_SEGMENT_2_EN)
        assert 75 <= farther.score < near.score < 100
        # the words that differ, on both sides, and the name the English lacks
        assert [near.source[a:b] for a, b in near.source_differs] == ["الفرنسي إيمانويل ماكرون"]
        assert near.segment_words == ("الأمريكي جو بايدن",)
        assert near.lacks == ("Joe Biden",) and near.extra == ()
        assert "2 matches" in str(panel.border_title)
        await wait(pilot, lambda: "app.take_match(1)" in footer_actions(app), 10)

        before = app.project.segments[1].copy()
        await pilot.press("m")
        seg = app.project.segments[1]
        assert (seg.target, seg.status) == (NEAR_SEGMENT_2_EN, "edited")
        assert saved(saved_project)["segments"][1]["target"] == NEAR_SEGMENT_2_EN
        assert app.editor.text == NEAR_SEGMENT_2_EN
        assert app.segment_list.has_focus  # the next keys still move through the list
        await pilot.press("2")  # the other match, also an edit
        assert app.project.segments[1].target == FARTHER_SEGMENT_2_EN
        await pilot.press("ctrl+z", "ctrl+z")
        assert app.project.segments[1] == before
        assert saved(saved_project)["segments"][1]["target"] == before.target

        # a segment without a match: no key offered, and m changes nothing
        await pilot.press("down")
        await settle(pilot, app)
        assert panel.matches == [] and "no match ≥ 75 %" in str(panel.border_title)
        assert "app.take_match(1)" not in await footer_offers(pilot, app, wait)
        english = app.project.segments[2].target
        await pilot.press("m")
        assert app.project.segments[2].target == english

        # names: the stored sentence is Peskov's, and has Moscow once where this has it twice
        await pilot.press("down")
        await settle(pilot, app)
        [peskov] = panel.matches
        assert peskov.target == NEAR_SEGMENT_4_EN
        assert peskov.lacks == ("Putin", "Moscow (has 1 of 2)")
        assert peskov.extra == ("Peskov",)
        await pilot.press("ctrl+q")


def test_the_palette_offers_a_match_only_when_there_is_one(
    saved_project: Path, make_app, tmp_path: Path
) -> None:
    memory = tmp_path / "tm.sqlite3"
    fill_memory(memory)
    run(palette(saved_project, make_app, memory))


async def palette(saved_project: Path, make_app, memory: Path) -> None:
    from tui.palette import ReviewCommands

    app = make_app(saved_project, memory=memory)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        provider = ReviewCommands(app.screen)
        titles = [title for title, *_ in provider._commands()]
        assert "Take the translation memory's match" in titles
        assert "Take memory match 2" in titles and "Take memory match 3" not in titles
        await pilot.press("down")
        await settle(pilot, app)
        assert not any(t.startswith("Take") for t, *_ in ReviewCommands(app.screen)._commands())
        await pilot.press("ctrl+q")


def test_without_a_memory_nothing_is_offered_or_written(
    saved_project: Path, make_app, wait, tmp_path: Path, monkeypatch
) -> None:
    data_home = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data_home))  # where a default memory would go
    run(no_memory(saved_project, make_app, wait, data_home))


async def no_memory(saved_project: Path, make_app, wait, data_home: Path) -> None:
    app = make_app(saved_project)  # memory=None, as --no-memory gives
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not app.memory_panel.display
        assert "app.take_match(1)" not in await footer_offers(pilot, app, wait)
        english = app.project.segments[1].target
        await pilot.press("m", "a")
        assert app.project.segments[1].status == "approved"
        assert app.project.segments[1].target == english
        assert app.project.segments[1].recorded is None
        assert "no memory" in str(app.status.context)
        await pilot.press("ctrl+q")
    assert not data_home.exists()


# ------------------------------------------------------------------ export dialog


def test_export_dialog_writes_xliff_and_tmx_and_asks_before_replacing(
    saved_project: Path, make_app
) -> None:
    run(export_interchange(saved_project, make_app))


async def choose(pilot, app, label: str) -> None:
    await pilot.press("x")
    assert isinstance(app.screen, ExportScreen)
    app.screen.query_one("#format").value = label
    await pilot.pause()


async def export_interchange(saved_project: Path, make_app) -> None:
    from translate.storage import xliff as ttk_xliff
    from translate.storage import xliff2 as ttk_xliff2
    from translate.storage.tmx import tmxfile

    folder = saved_project.parent
    app = make_app(saved_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await choose(pilot, app, "xliff 1.2")
        path = app.screen.query_one("#path").value
        assert path == str(folder / "article.tarjama.xlf")
        await pilot.click("#export")
        await pilot.pause()
        assert app.segment_list.has_focus
        store = ttk_xliff.xlifffile.parsefile(path)  # an independent reader
        assert [u.source for u in store.units] == [s.source for s in app.project.segments]
        assert store.units[0].isapproved() and not store.units[2].isapproved()

        await choose(pilot, app, "tmx")
        tmx = app.screen.query_one("#path").value
        assert tmx == str(folder / "article.tarjama.tmx")
        await pilot.click("#export")
        await pilot.pause()
        units = tmxfile.parsefile(tmx).units
        assert [(u.source, u.target) for u in units] == [
            (app.project.segments[0].source, app.project.segments[0].target)
        ]
        assert any("1 approved segment" in n.message for n in app._notifications)

        # XLIFF 2.1 over the 1.2 file: asked first; Cancel keeps it, Replace writes 2.1
        old = Path(path).read_bytes()
        await choose(pilot, app, "xliff 2.1")
        app.screen.query_one("#path").value = path
        await pilot.click("#export")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "exists" in app.screen.question
        await pilot.press("enter")  # Cancel (the default)
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.query_one("#format").value == "xliff 2.1"
        assert Path(path).read_bytes() == old
        await pilot.click("#export")
        await pilot.pause()
        await pilot.click("#answer-replace")
        await pilot.pause()
        store2 = ttk_xliff2.Xliff2File.parsefile(path)
        assert [u.source for u in store2.units] == [s.source for s in app.project.segments]
        assert b'version="2.1"' in Path(path).read_bytes()
        await pilot.press("ctrl+q")


def test_a_glossary_edit_in_the_review_says_which_reused_english_spells_a_name_the_old_way(
    tmp_path: Path, make_app
) -> None:
    from tui.project import Project, Segment, save_project

    glossary = tmp_path / "names.tsv"
    glossary.write_text(
        "Dmitri Peskov\tديمتري بيسكوف\tperson\nMoscow\tموسكو\tplace\n", encoding="utf-8"
    )
    story = tmp_path / "peskov.txt"
    story.write_text(PESKOV + "\n", encoding="utf-8")
    reused = Segment(0, 0, len(PESKOV), PESKOV, None, OLD_PESKOV_ENGLISH, "tm")
    reused.memory_origin, reused.memory_id = "tmx:old.tmx", 1
    save_project(
        Project(project_path_for(story), PESKOV + "\n", story, [reused], glossary_path=glossary)
    )
    run(respell_in_review(story, make_app))


async def respell_in_review(story: Path, make_app) -> None:
    from tui.screens.entry_form import EntryDraft

    app = make_app(story)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.terms[0].missing == ()  # the reused English keeps the glossary as it was
        entry = app.glossary.entry_for_target("Dmitri Peskov")
        draft = EntryDraft("Dmitry Peskov", list(entry.forms), "person", None, False, entry)
        app.glossaries.change(draft)  # as the glossary screen's form does
        await pilot.pause()
        assert app.terms[0].missing == ("Dmitry Peskov",)
        notes = [n for n in app._notifications if n.title.startswith("Memory English")]
        assert [n.message for n in notes] == [
            "English reused from the translation memory: segment 1 spells 'Dmitri Peskov' "
            "where the glossary now has 'Dmitry Peskov'."
        ]
        await pilot.press("ctrl+q")
