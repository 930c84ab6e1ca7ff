"""Keys that do what they say, and typing that only reaches the segment being edited.

Flows on saved projects (fixed English, no model), checked on screen and in the
project file on disk: approve from the editor, export (with the overwrite
question), the footer, search marks and counts, undo after reopening, adding
a name picked with its clitics, and re-wrapping on resize.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from textual.widgets import Select
from textual.widgets._footer import FooterKey

from tui.project import project_path_for
from tui.screens.confirm import ConfirmScreen
from tui.screens.entry_form import EntryForm
from tui.screens.export_screen import ExportScreen
from tui.screens.summary_screen import SummaryScreen


def saved(source: Path) -> dict:
    return json.loads(project_path_for(source).read_text(encoding="utf-8"))


def footer_actions(app) -> dict[str, FooterKey]:
    return {key.action: key for key in app.screen.query(FooterKey)}


def run(coroutine) -> None:
    asyncio.run(coroutine)


# ------------------------------------------------------------- approve from editor


def test_after_approving_from_the_editor_keys_go_to_the_list(
    saved_project: Path, make_app, wait
) -> None:
    run(approve_from_editor(saved_project, make_app, wait))


async def approve_from_editor(saved_project: Path, make_app, wait) -> None:
    app = make_app(saved_project)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.segment_list.current == 1
        await pilot.press("enter")
        assert app.editor.has_focus
        await wait(pilot, lambda: footer_drawn(app, "done"), 10)
        keys = footer_actions(app)
        assert "done" in keys and "app.approve" in keys  # what works in the editor
        assert "app.search" not in keys  # "/" types a slash here: not offered
        await pilot.press("ctrl+o")
        assert saved(saved_project)["segments"][1]["status"] == "approved"
        assert app.segment_list.current == 2 and app.segment_list.has_focus
        third = saved(saved_project)["segments"][2]["target"]
        await pilot.press("slash")  # the keys of the report
        await pilot.pause()
        await pilot.press(*"نولاند", "enter")
        await pilot.pause()
        assert saved(saved_project)["segments"][2]["target"] == third
        assert app.search.query == "نولاند"
        assert app.segment_list.current == 3  # found in segment 4
        assert "1 of 1" in app.status.search
        await pilot.press("ctrl+q")


# ------------------------------------------------------------------------ export


def test_export_from_the_review_then_keys_move_the_list(saved_project: Path, make_app) -> None:
    run(export_then_move(saved_project, make_app))


async def export_then_move(saved_project: Path, make_app) -> None:
    reference = saved_project.with_name("article.en.txt")  # a reference shipped beside it
    reference.write_text("the reference\n", encoding="utf-8")
    app = make_app(saved_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        assert isinstance(app.screen, ExportScreen)
        path = app.screen.query_one("#path")
        assert path.value == str(saved_project.with_name("article.tarjama.en.txt"))
        await pilot.press("enter")  # the Export button has the focus
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen | ConfirmScreen)
        written = saved_project.with_name("article.tarjama.en.txt")
        assert written.read_text(encoding="utf-8").startswith("Putin: Moscow")
        assert reference.read_text(encoding="utf-8") == "the reference\n"
        assert app.segment_list.has_focus
        await pilot.press("down")
        assert app.segment_list.current == 2
        await pilot.press("enter", "end", *" X")  # edits the segment that is selected
        await pilot.press("enter")
        assert saved(saved_project)["segments"][2]["target"].endswith(" X")
        assert saved(saved_project)["segments"][1]["target"].endswith("normalized.")
        await pilot.press("ctrl+q")


def test_export_asks_before_replacing_a_file(saved_project: Path, make_app, tmp_path: Path) -> None:
    run(export_overwrite(saved_project, make_app, tmp_path))


async def export_overwrite(saved_project: Path, make_app, tmp_path: Path) -> None:
    mine = tmp_path / "mine.txt"
    mine.write_text("my own notes\n", encoding="utf-8")
    app = make_app(saved_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        app.screen.query_one("#path").value = str(mine)
        await pilot.click("#export")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "exists (13 bytes)" in app.screen.question
        assert app.screen.focused is not None and app.screen.focused.id == "answer-cancel"
        await pilot.press("enter")  # Cancel: back to the dialog, nothing written
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.query_one("#path").value == str(mine)
        assert mine.read_text(encoding="utf-8") == "my own notes\n"
        await pilot.click("#export")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#answer-replace")
        await pilot.pause()
        assert mine.read_text(encoding="utf-8").startswith("Putin: Moscow")
        assert app.segment_list.has_focus
        # the review's own files are refused in the dialog, which keeps what was typed
        await pilot.press("x")
        app.screen.query_one("#path").value = str(saved_project)
        await pilot.click("#export")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        error = str(app.screen.query_one("#export-error").render())
        assert "the Arabic source of this review" in error
        await pilot.press("escape")
        assert app.segment_list.has_focus
        await pilot.press("ctrl+q")
    assert saved_project.read_text(encoding="utf-8").startswith("بوتين")


def footer_drawn(app, *actions: str) -> bool:
    """The footer has been laid out with keys for ``actions`` (it recomposes after a refresh)."""
    keys = footer_actions(app)
    return all(a in keys and keys[a].region.width > 0 for a in actions)


def test_summary_screen_export_key_opens_the_export(saved_project: Path, make_app, wait) -> None:
    run(summary_export(saved_project, make_app, wait))


async def summary_export(saved_project: Path, make_app, wait) -> None:
    app = make_app(saved_project)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, SummaryScreen)
        await wait(pilot, lambda: footer_drawn(app, "export"), 10)
        await pilot.press("x")
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("escape", "escape")
        assert app.segment_list.has_focus
        await pilot.press("ctrl+q")


# ------------------------------------------------------------------------ footer


def test_footer_keeps_quit_and_save_at_80_columns(saved_project: Path, make_app, wait) -> None:
    run(footer_at_80(saved_project, make_app, wait))


async def footer_at_80(saved_project: Path, make_app, wait) -> None:
    app = make_app(saved_project)
    async with app.run_test(size=(80, 24)) as pilot:
        for screen_key, own_key in (("", "app.edit"), ("g", "add"), ("s", "export")):
            if screen_key:
                await pilot.press(screen_key)
            await wait(pilot, lambda key=own_key: footer_drawn(app, key, "quit", "save"), 10)
            keys = footer_actions(app)
            for action in ("quit", "save"):
                assert action in keys, (screen_key, sorted(keys))
                region = keys[action].region
                assert region.width > 0 and region.right <= 80, (screen_key, action)
            if screen_key:
                await pilot.press("escape")
        await pilot.press("ctrl+q")


# ------------------------------------------------------------------------ search


def test_search_marks_matches_and_counts_them(saved_project: Path, make_app) -> None:
    run(search_marks(saved_project, make_app))


async def search_marks(saved_project: Path, make_app) -> None:
    app = make_app(saved_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("home", "slash")
        await pilot.pause()
        await pilot.press(*"بوتين", "enter")
        query = "بوتين"
        segments = saved(saved_project)["segments"]
        having = [i for i, s in enumerate(segments) if query in s["source"]]
        assert app.segment_list.current == having[0]
        assert f"1 of {len(having)}" in app.status.search
        assert all(row.search == query for row in app.segment_list.rows)
        assert app.source_view.search == query
        await pilot.press("n")
        assert app.segment_list.current == having[1]
        assert f"2 of {len(having)}" in app.status.search
        await pilot.press("N")
        assert f"1 of {len(having)}" in app.status.search
        await pilot.press("escape")  # on the list: stop searching
        assert app.status.search == "" and app.segment_list.rows[0].search == ""
        await pilot.press("ctrl+q")


def test_search_spans_ignore_diacritics_and_keep_offsets() -> None:
    from tui.search import find_spans

    text = "وأشار بُوتين إلى أن بوتين"
    spans = find_spans(text, "بوتين")
    assert [text[a:b] for a, b in spans] == ["بُوتين", "بوتين"]
    assert find_spans("Putin and PUTIN", "putin") == [(0, 5), (10, 15)]
    assert find_spans("anything", "") == []


# -------------------------------------------------------------------------- undo


def test_undo_history_survives_reopening(saved_project: Path, make_app) -> None:
    run(undo_after_reopening(saved_project, make_app))


async def undo_after_reopening(saved_project: Path, make_app) -> None:
    app = make_app(saved_project)
    async with app.run_test(size=(120, 40)) as pilot:
        assert saved(saved_project)["segments"][1]["status"] == "edited"
        await pilot.press("a")
        assert saved(saved_project)["segments"][1]["status"] == "approved"
        await pilot.press("ctrl+q")
    assert len(saved(saved_project)["undo"]) == 1
    again = make_app(saved_project)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+z")
        assert saved(saved_project)["segments"][1]["status"] == "edited"
        assert saved(saved_project)["undo"] == []
        await pilot.press("ctrl+q")


# ---------------------------------------------------------------------- add name


def test_add_name_offers_the_form_without_clitics(
    clitic_project: Path, make_app, pick_words, wait
) -> None:
    run(add_names(clitic_project, make_app, pick_words, wait))


async def add_names(source: Path, make_app, pick, wait) -> None:
    app = make_app(source)
    async with app.run_test(size=(120, 40)) as pilot:
        cases = [
            (0, ["وضبط", "التسلح"], "ضبط التسلح", "و"),  # conjunction
            # the article stays: a form without it would not match الولايات (article rule)
            (1, ["والولايات", "المتحدة"], "الولايات المتحدة", "و"),  # conjunction + article
            (2, ["بالكرملين"], "الكرملين", "ب"),  # preposition + article
        ]
        for segment, words, bare, stripped in cases:
            await pick(pilot, app, segment, words)
            await pilot.press("t")
            await wait(pilot, lambda: isinstance(app.screen, EntryForm) and app.screen.focused, 30)
            form = app.screen
            assert isinstance(form, EntryForm)
            assert form.query_one("#forms").value == bare
            assert form.picked is not None and form.picked.stripped == stripped
            choice = form.query_one("#form-choice", Select)
            assert choice.value == bare
            choice.value = " ".join(words)  # the picked text as it was is offered too
            await pilot.pause()
            assert form.query_one("#forms").value == " ".join(words)
            choice.value = bare
            await pilot.pause()
            await pilot.press(*f"Name {segment}", "ctrl+s")
            await pilot.pause()
            if isinstance(app.screen, ConfirmScreen):  # offer to re-translate: not now
                await pilot.press("escape")
        assert [e.forms for e in app.glossary.entries] == [[b] for _, _, b, _ in cases]
        # and the glossary finds the names with their clitics in the text
        assert [len(t.names) for t in app.terms] == [1, 1, 1]
        await pilot.press("ctrl+q")


def test_name_forms_use_the_matchers_clitic_rules() -> None:
    from tui.name_forms import name_forms

    assert name_forms("وضبط التسلح").bare == "ضبط التسلح"
    # the article stays (written out): without it a person/place form would not match
    assert name_forms("بالكرملين").bare == "الكرملين"
    assert name_forms("بالكرملين").stripped == "ب"
    assert name_forms("للكرملين").bare == "الكرملين"  # ل with the contracted article
    assert name_forms("وللناتو").bare == "الناتو"
    # letters that belong to the word stay: و of Washington, ب of Putin, ل of Lebanon
    for word in ("واشنطن", "بوتين", "لبنان", "وزير"):
        forms = name_forms(word)
        assert forms.bare == word and forms.stripped == ""
    assert name_forms("ألمانيا").bare == "ألمانيا"  # أ is no article
    assert "كرملين" in name_forms("بالكرملين").options  # the article-less core is offered
    assert "ناتو" in name_forms("وللناتو").options


# ------------------------------------------------------------------------ resize


def test_resizing_rewraps_the_rows(saved_project: Path, make_app) -> None:
    run(resize(saved_project, make_app))


async def resize(saved_project: Path, make_app) -> None:
    app = make_app(saved_project)
    async with app.run_test(size=(140, 45)) as pilot:
        wide = [row.size.height for row in app.segment_list.rows]
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        narrow = [row.size.height for row in app.segment_list.rows]
        assert all(n >= w for n, w in zip(narrow, wide, strict=True)) and narrow != wide
        await pilot.resize_terminal(140, 45)
        await pilot.pause()
        assert [row.size.height for row in app.segment_list.rows] == wide
        await pilot.press("ctrl+q")


# ------------------------------------------------------------- translation plan


def test_translation_plan_top_of_document_first_then_long_calls() -> None:
    from tui.translation_queue import CHUNK_MIN, FIRST_CHUNK, plan_chunks

    lengths = [50, 10, 40, 20, *range(100, 30, -1)]  # 74 segments, the later ones shrinking
    items = [(i, 0) for i in range(len(lengths))]
    chunks = plan_chunks(items, lengths)
    assert chunks[0] == items[:FIRST_CHUNK]  # the top of the document, in reading order
    later = [i for chunk in chunks[1:] for i, _ in chunk]
    assert sorted(later) == list(range(FIRST_CHUNK, len(lengths)))
    assert [lengths[i] for i in later] == sorted(lengths[i] for i in later)  # like lengths
    assert all(len(chunk) >= CHUNK_MIN for chunk in chunks[1:-1])
    assert plan_chunks([(7, 3)], lengths) == [[(7, 3)]]  # one re-translation: one call


# ------------------------------------------------------------------ Arabic input


def test_text_fields_draw_arabic_in_reading_order(saved_project: Path, make_app) -> None:
    run(arabic_field(saved_project, make_app))


async def arabic_field(saved_project: Path, make_app) -> None:
    from tui.bidi import display
    from tui.components.search_bar import SearchBar

    app = make_app(saved_project)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"لا بوتين")
        box = app.screen.query_one(SearchBar)
        assert box.value == "لا بوتين"  # stored as typed
        drawn = box.render_line(0).text.strip()
        assert drawn == display("لا بوتين", "app")  # shaped, ligature, right to left
        assert "\ufefb" in drawn
        assert box.cursor_position == len(box.value)
        await pilot.press("right")  # right goes back in a right-to-left line
        assert box.cursor_position == len(box.value) - 1
        await pilot.press("left", "left")  # left goes forward, and stops at the end
        assert box.cursor_position == len(box.value)
        await pilot.press("escape", "ctrl+q")
