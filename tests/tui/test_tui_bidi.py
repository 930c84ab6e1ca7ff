"""Arabic display: wrapping in logical order, reordering per line, shaping that keeps offsets."""

from __future__ import annotations

from rich.console import Console

from tui.bidi import (
    ArabicText,
    clip,
    display,
    display_clipped,
    is_rtl,
    layout,
    shape,
    shape_map,
    visual_order,
    wrap_logical,
)
from tui.bidi_modes import default_mode

SENTENCE = "قال الرئيس فلاديمير بوتين (2021) لوكالة Reuters إن العلاقات بناءة."


def test_shape_keeps_one_character_per_character() -> None:
    for text in [SENTENCE, "لا إله", "مُحَمَّد", "السلام"]:
        assert len(shape(text)) == len(text)
    assert shape("بوتين") != "بوتين"  # joining forms


def test_visual_order_is_a_permutation_with_numbers_and_latin_kept_left_to_right() -> None:
    order = visual_order(SENTENCE)
    assert sorted(i for i, _ in order) == list(range(len(SENTENCE)))
    shown = "".join(c for _, c in order)
    assert "2021" in shown and "Reuters" in shown
    assert shown.index("بوتين"[::-1]) < shown.index("قال"[::-1])  # right to left: first word last


def test_brackets_are_mirrored_and_marks_follow_their_letter() -> None:
    shown = "".join(c for _, c in visual_order("(بوتين)"))
    assert shown == "(نيتوب)"
    marked = "".join(c for _, c in visual_order("بنّاءة"))
    assert marked.index("\u0651") == marked.index("ن") + 1


def test_wrapping_happens_before_reordering() -> None:
    lines = layout(SENTENCE, 20, "app")
    assert len(lines) > 1 and all(line.width <= 20 for line in lines)
    position = 0
    for line in lines:  # each display line is the next logical stretch, reordered
        low, high = min(line.indices), max(line.indices)
        # every character once, except the alef of a lam-alef, drawn inside the ligature
        ligature_alefs = [i for i in range(low, high) if SENTENCE[i : i + 2] == "لا"]
        expected = set(range(low, high + 1)) - {i + 1 for i in ligature_alefs}
        assert sorted(line.indices) == sorted(expected)
        assert SENTENCE[position:low].strip() == ""
        position = high + 1
    assert SENTENCE[position:].strip() == ""
    assert lines[0].indices[-1] == 0  # the first word ends the first line on the right


def test_long_words_are_cut_and_empty_text_has_one_line() -> None:
    assert wrap_logical("x" * 25, 10) == [(0, 10), (10, 20), (20, 25)]
    assert wrap_logical("", 10) == [(0, 0)]


def test_modes_terminal_and_off_keep_logical_order() -> None:
    for mode in ("terminal", "off"):
        lines = layout(SENTENCE, 200, mode)
        assert lines[0].chars == SENTENCE
    assert display("بوتين", "off") == "بوتين"
    assert display("بوتين", "app") == shape("بوتين")[::-1]


def test_renderable_right_aligns_and_styles_by_logical_offsets() -> None:
    console = Console(width=30, record=True, color_system=None)
    start = SENTENCE.index("بوتين")
    console.print(ArabicText(SENTENCE, "app", [(start, start + 5, "bold")]))
    out = console.export_text().splitlines()
    assert all(len(line) <= 30 for line in out)
    assert out[0].endswith(shape("قال")[::-1])  # the first word sits at the right edge


def test_direction_and_default_mode(monkeypatch) -> None:
    assert is_rtl("بوتين Putin") and not is_rtl("Putin بوتين")
    monkeypatch.setenv("TARJAMA_BIDI", "terminal")
    assert default_mode() == "terminal"
    monkeypatch.setenv("TARJAMA_BIDI", "nonsense")
    assert default_mode() == "app"


def test_lam_alef_is_drawn_as_one_ligature_with_its_lam_index() -> None:
    chars, index = shape_map("لا")
    assert chars == "\ufefb" and index == (0,)  # isolated LAM WITH ALEF
    chars, index = shape_map("فلاديمير")
    assert chars[1] == "\ufefc" and index[:3] == (0, 1, 3)  # final form: joined to the fa
    assert shape_map("الأمن")[0][1] == "\ufef7"  # lam with hamza-above alef
    chars, index = shape_map("لَا")  # a mark on the lam stays on the ligature
    assert chars == "\ufefb\u064e" and index == (0, 1)
    assert "\ufefb" in display("لا إله", "app") and "\ufef9" not in display("لا إله", "app")
    assert display("لا", "off") == "لا"  # stored text is never changed


def test_a_cell_too_narrow_cuts_the_logical_end() -> None:
    forms = "فلاديمير بوتين | بوتين | الرئيس الروسي"
    cut = clip(forms, 20)
    assert cut.startswith("فلاديمير بوتين") and cut.endswith("…") and len(cut) <= 20
    shown = display_clipped(forms, 20, "app")
    assert shown[0] == "…"  # right-to-left: the cut end is on the left
    assert shown.endswith(display("فلاديمير", "app"))  # the first word, on the right, is whole
    assert clip("short", 20) == "short"
