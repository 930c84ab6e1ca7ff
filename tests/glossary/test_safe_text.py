"""The one display path for text from files (``glossary.safe_text``), and glossary fields.

Controls (ESC, BEL, C1) and bidi overrides never come out of ``visible``; the
glossary refuses them in every field, whichever file or command brings them,
naming the line.
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossary.cli import register
from glossary.errors import GlossaryError
from glossary.exchange import import_glossary
from glossary.matcher import Matcher
from glossary.safe_text import (
    BIDI_CONTROLS,
    clean_imported,
    for_terminal,
    is_unsafe,
    strip_unsafe,
    visible,
    visible_map,
)
from glossary.storage import load_glossary

ESC, BEL = "\x1b", "\x07"
OSC52 = f"{ESC}]52;c;aGFja2Vk{BEL}"  # "write 'hacked' to the clipboard"
TITLE = f"{ESC}]0;pwned{ESC}\\"  # "set the window title", ended by ST
LEGIT_MARKS = "\u200f\u200e\u061c\u200d\u200c"  # RLM LRM ALM ZWJ ZWNJ


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="tarjama")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["glossary", *argv])
    return args.func(args)


def unsafe_left(text: str, keep: str = "") -> list[str]:
    return [ch for ch in text if is_unsafe(ch) and ch not in keep]


# Text as files bring it: letters of both scripts, the legitimate marks, and every kind of
# control and bidi control (hypothesis also draws any other code point).
TEXT = st.text(
    st.one_of(
        st.sampled_from([*"abc ⟨␛بوتين", *LEGIT_MARKS, *BIDI_CONTROLS, "\u2028", "\u2029"]),
        st.characters(min_codepoint=0, max_codepoint=0xA0),
        st.characters(),
    )
)


@given(TEXT)
def test_visible_never_emits_a_control_and_is_idempotent(text: str) -> None:
    shown = visible(text)
    assert unsafe_left(shown) == []
    assert visible(shown) == shown
    assert unsafe_left(visible(text, keep="\n\t"), keep="\n\t") == []


@given(TEXT, TEXT)
def test_visible_is_injective_on_text_without_its_own_marks(a: str, b: str) -> None:
    marks = {chr(c) for c in range(0x2400, 0x2422)} | {"\u27e8"}
    if a != b and not marks & set(a + b):
        assert visible(a) != visible(b)


@given(TEXT)
def test_the_index_map_points_every_cell_at_its_character(text: str) -> None:
    shown, index = visible_map(text)
    assert shown == visible(text)
    assert len(index) == len(shown)
    assert list(index) == sorted(index)
    assert set(index) == set(range(len(text)))
    for i, ch in enumerate(shown):  # characters that were not escaped map to themselves
        if ch == text[index[i]]:
            assert not is_unsafe(ch)


def test_marks_are_readable_and_arabic_is_left_alone() -> None:
    assert visible(f"Washi{TITLE}ngton") == "Washi␛]0;pwned␛\\ngton"
    assert visible(OSC52) == "␛]52;c;aGFja2Vk␇"
    assert visible("a\u202eb\u202cc\u2066d\u2069") == "a⟨RLO⟩b⟨PDF⟩c⟨LRI⟩d⟨PDI⟩"
    assert visible("x\x9b2Jy\r\n\x7f") == "x⟨U+009B⟩2Jy␍␊␡"
    arabic = f"قال{LEGIT_MARKS}بوتين: «موسكو»"
    assert visible(arabic) == arabic  # RLM, LRM, ALM, ZWJ, ZWNJ are text, not commands
    assert visible("two\nlines\tand", keep="\n") == "two\nlines␉and"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_output_is_exact_to_a_pipe_and_escaped_on_a_terminal() -> None:
    data = f"Putin{OSC52}\tبوتين\n"
    assert for_terminal(data, io.StringIO()) == data
    assert for_terminal(data, _Terminal()) == "Putin␛]52;c;aGFja2Vk␇\tبوتين\n"


def test_importers_strip_controls_and_say_where() -> None:
    warnings: list[str] = []
    cleaned = clean_imported(f"Putin {OSC52}said\u202e it", "unit u3", warnings)
    assert cleaned == "Putin ]52;c;aGFja2Vksaid it"
    assert len(warnings) == 1 and warnings[0].startswith("unit u3: removed the control")
    assert "U+001B (ESC), U+0007 (BEL), U+202E (RLO)" in warnings[0]
    assert clean_imported("line\none\ttwo", "unit u4", warnings) == "line\none\ttwo"
    assert len(warnings) == 1  # whitespace is not a command
    assert strip_unsafe("plain") == ("plain", None)
    capped: list[str] = []
    for n in range(30):
        clean_imported(ESC, f"<tu> {n}", capped, limit=20)
    assert len(capped) == 20


# ---------------------------------------------------------------------- glossary fields
HOSTILE_GLOSSARIES = {
    "names.tsv": f"Washi{TITLE}ngton\tواشنطن\tplace\n",
    "names.csv": f'english,arabic,type,note\nPutin,بوتين,person,"says {OSC52}"\n',
    "names.txt": "Moscow\tموسكو\u202e\tcapital\n",  # OmegaT: tab-separated
    "names.tbx": (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<martif type="TBX-Basic" xml:lang="en"><text><body>\n'
        '<termEntry id="t1">\n'
        '<langSet xml:lang="ar"><tig><term>واشنطن</term></tig></langSet>\n'
        '<langSet xml:lang="en"><tig><term>Washi&#x9b;2Jngton</term></tig></langSet>\n'
        "</termEntry>\n</body></text></martif>\n"
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_GLOSSARIES))
def test_every_glossary_format_refuses_controls_naming_the_line(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(HOSTILE_GLOSSARIES[name], encoding="utf-8")
    fmt = {"names.tsv": "tarjama"}.get(name, "auto")
    reader = load_glossary if name.endswith(".tsv") else import_glossary
    with pytest.raises(GlossaryError) as caught:
        reader(str(path)) if fmt == "tarjama" else reader(str(path), fmt)
    message = str(caught.value)
    assert f"{path}:" in message and "contains the control character(s) U+" in message
    line = {"names.tsv": 1, "names.csv": 2, "names.txt": 1, "names.tbx": 3}[name]
    assert f"{path}:{line}:" in message, message
    assert not unsafe_left(message)  # quoted with repr: the ESC is never in the message


def test_the_enforced_target_never_holds_an_esc(tmp_path: Path, capsys) -> None:
    """``Washi<ESC>]0;…<ESC>\\ngton`` looked like Washington and was enforced with the ESC."""
    path = tmp_path / "names.tsv"
    path.write_text(f"Washi{TITLE}ngton\tواشنطن\tplace\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match=r"names.tsv:1: English target 'Washi\\x1b\]0;"):
        run("list", "-g", str(path))
    assert capsys.readouterr().out == ""
    g = str(tmp_path / "new.tsv")
    with pytest.raises(GlossaryError, match=r"U\+001B \(ESC\), U\+0007 \(BEL\)"):
        run("add", "-g", g, "واشنطن", f"Washington{OSC52}")
    assert run("add", "-g", g, "واشنطن", "Washington") == 0
    with pytest.raises(GlossaryError, match=r"note .* U\+202E \(RLO\)"):
        run("edit", "-g", g, "Washington", "--note", "capital\u202e of the US")
    with pytest.raises(GlossaryError, match=r"U\+202E \(RLO\)"):
        run("edit", "-g", g, "Washington", "--add-form", "واشن\u202eطن")
    assert "\x1b" not in Path(g).read_text(encoding="utf-8")


def test_rlm_and_zwj_in_names_keep_working(tmp_path: Path, capsys) -> None:
    g = str(tmp_path / "g.tsv")
    assert run("add", "-g", g, "بو\u200fتين", "Putin", "--note", "قال\u200d") == 0
    matcher = Matcher(load_glossary(g))
    assert [m.target for m in matcher.find("قال بوتين")] == ["Putin"]
    capsys.readouterr()
    assert run("list", "-g", g) == 0
    assert "بو\u200fتين" in capsys.readouterr().out
