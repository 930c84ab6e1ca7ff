"""Text from files never reaches the terminal raw: the review, the CLI's lines, the importers.

An XLIFF target ``<cp hex="1B"/>]52;c;…<cp hex="7"/>`` once set the terminal's
clipboard (OSC 52) as soon as the review opened; a glossary note did the same on
``g``.  These tests render what Textual would write to the terminal and check that
no control character (other than Textual's own cursor and colour sequences), no
C1 control and no bidi override is in it, and that the CLI prints file names and
imported text escaped on a terminal while keeping data exact in a pipe.
"""

from __future__ import annotations

import asyncio
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from glossary.entry import Entry
from glossary.safe_text import is_unsafe
from glossary.termbase import Glossary
from translator.formats.xliff_common import XLIFF2_NS
from translator.memory.store import NewEntry, TranslationMemory
from tui.app import ReviewApp
from tui.cli import main
from tui.opening import open_review
from tui.project import Project, Segment, load_project, project_path_for, save_project

ESC, BEL = "\x1b", "\x07"
OSC52 = f"{ESC}]52;c;aGFja2Vk{BEL}"  # write "hacked" to the clipboard
TITLE = f"{ESC}]0;pwned{ESC}\\"  # set the window title
CLEAR = f"{ESC}[2J"
# Textual's own output: cursor moves and colours (CSI ... final byte), and line breaks.
OWN_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")


def terminal_output(app: ReviewApp) -> str:
    """What Textual writes to the terminal for the whole screen (dialogs over the review too)."""
    compositor = app.screen._compositor
    update = compositor.render_update(full=True, screen_stack=app._background_screens)
    return update.render_segments(app.console)


def assert_nothing_raw(app: ReviewApp, *shown: str) -> None:
    out = terminal_output(app)
    rest = OWN_SEQUENCE.sub("", out)
    raw = sorted({f"U+{ord(c):04X}" for c in rest if is_unsafe(c) and c != "\n"})
    assert raw == [], f"raw control characters reach the terminal: {raw}"
    assert OSC52[1:] not in out  # "]52;c;…" is never a live sequence, and neither is BEL
    for text in shown:  # the escaped form is on screen: hidden text is visible, not dropped
        assert text in OWN_SEQUENCE.sub("", out), text
    for title in (app.title, app.sub_title):
        assert not any(is_unsafe(c) for c in title)


async def settle(pilot, condition=lambda: True) -> None:
    for _ in range(100):
        await pilot.pause()
        if condition():
            return


# ---------------------------------------------------------------------- the review
def test_review_of_an_xliff_imported_osc52_target(saved_project: Path, tmp_path: Path, capsys):
    """import-xliff strips the controls with a warning naming the unit; the review is clean."""
    xlf = tmp_path / "back.xlf"
    assert main(["export", str(saved_project), "--format", "xliff", "-o", str(xlf)]) == 0
    root = etree.fromstring(xlf.read_bytes())
    ns = f"{{{XLIFF2_NS}}}"
    target = root.findall(f".//{ns}segment/{ns}target")[2]  # segment 3, machine English
    for child in list(target):
        target.remove(child)
    target.text = "Putin "
    for hex_, tail in (("1B", "]52;c;aGFja2Vk"), ("7", " said\u202e it.")):
        etree.SubElement(target, f"{{{XLIFF2_NS}}}cp", hex=hex_).tail = tail
    xlf.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    capsys.readouterr()
    assert main(["import-xliff", str(xlf), "--no-memory"]) == 0
    err = capsys.readouterr().err
    assert "unit u3: removed the control character(s) U+001B (ESC), U+0007 (BEL), U+202E" in err
    assert not any(is_unsafe(c) for c in err.replace("\n", ""))
    english = load_project(project_path_for(saved_project)).segments[2].target
    assert english == "Putin ]52;c;aGFja2Vk said it."

    async def check() -> None:
        app = ReviewApp(open_review(str(saved_project)), bidi="app")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot, lambda: app._started)
            assert_nothing_raw(app, "Putin ]52;c;aGFja2Vk said it.")

    asyncio.run(check())


@pytest.fixture
def hostile_project(tmp_path: Path) -> tuple[Path, Path]:
    """A project saved before importers cleaned text (or edited by hand), and a memory.

    The Arabic file itself holds a title sequence; the English an OSC 52 and a bidi
    override; the memory's English and origin a screen clear; every glossary field
    (built through the API, which skips the file rules) a control.
    """
    source = tmp_path / "story.txt"
    text = f"قال بوتين{TITLE} إن موسكو مستعدة.\nوأشار بوتين إلى أن المحادثات بناءة.\n"
    source.write_text(text, encoding="utf-8")
    first, second = text.splitlines()
    english = f"Putin said{OSC52} Moscow is \u202eready\u202c."
    segments = [
        Segment(0, 0, len(first), first, machine=english, target=english, status="machine"),
        Segment(
            1,
            len(first) + 1,
            len(text) - 1,
            second,
            machine="x",
            target=f"The talks{CLEAR} are constructive.",
            status="tm",
            memory_origin=f"review:{TITLE}",
        ),
    ]
    save_project(Project(project_path_for(source), text, source, segments))
    memory = tmp_path / "tm.sqlite3"
    near = second.replace("بناءة", "مثمرة")
    with TranslationMemory(memory) as tm:
        tm.add_many(
            [NewEntry(near, f"Putin{CLEAR} noted the talks were fruitful.", f"tmx:{TITLE}")]
        )
    return source, memory


def hostile_app(source: Path, memory: Path, bidi: str = "app") -> ReviewApp:
    opened = open_review(str(source))
    opened.glossary = Glossary(
        [Entry(f"Pu{CLEAR}tin", ["بوتين"], "person", f"note {OSC52} \u202eevil\u202c")]
    )
    return ReviewApp(opened, bidi=bidi, memory=memory)


@pytest.mark.parametrize("bidi", ["app", "terminal"])
def test_review_glossary_memory_and_dialogs_send_no_control(hostile_project, bidi: str) -> None:
    source, memory = hostile_project

    async def check() -> None:
        app = hostile_app(source, memory, bidi)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot, lambda: app._started)
            app.segment_list.select(1)
            await settle(pilot, lambda: bool(app.memory_panel.matches))
            assert app.memory_panel.matches, "the memory match is shown"
            assert_nothing_raw(app, "Putin said␛]52;c;aGFja2Vk␇ Moscow is ⟨RLO⟩")
            await pilot.press("enter")  # the editor shows the stored English
            await pilot.pause()
            assert_nothing_raw(app, "The talks␛[2J")
            await pilot.press("escape", "g")  # the glossary screen: the hostile note
            await settle(pilot, lambda: app.screen.__class__.__name__ == "GlossaryScreen")
            assert_nothing_raw(app, "note ␛]52;c;aGFja2Vk␇ ⟨RLO⟩")
            await pilot.press("d")  # the question quotes the name
            await pilot.pause()
            assert_nothing_raw(app, "Pu␛[2Jtin")
            await pilot.press("escape", "escape", "s")  # the summary
            await pilot.pause()
            assert_nothing_raw(app, "The talks␛[2J")

    asyncio.run(check())


# ---------------------------------------------------------------------- the CLI
def test_glossary_list_never_prints_a_control(tmp_path: Path, capsys) -> None:
    hostile = tmp_path / "names.tsv"
    hostile.write_text(
        f"Washi{TITLE}ngton\tواشنطن\tplace\nPutin\tبوتين\tperson\tsays {CLEAR}{OSC52}\n",
        encoding="utf-8",
    )
    assert main(["glossary", "list", "-g", str(hostile)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert f"{hostile}:1: English target" in err and f"{hostile}:2: note" in err
    assert not any(is_unsafe(c) for c in err.replace("\n", ""))
    gone = tmp_path / f"gone{TITLE}\n.tsv"
    assert main(["glossary", "list", "-g", str(gone)]) == 1
    err = capsys.readouterr().err
    assert "gone␛]0;pwned␛\\␊.tsv" in err and err.count("\n") == 1


def run_on(project: Path, terminal: bool) -> bytes:
    """``tarjama export PROJECT -o -`` with stdout a pseudo-terminal or a pipe."""
    command = [sys.executable, "-m", "tui.cli", "export", str(project), "-o", "-"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    if not terminal:
        return subprocess.run(command, capture_output=True, env=env, check=True).stdout
    leader, follower = pty.openpty()
    with subprocess.Popen(command, stdout=follower, stderr=subprocess.DEVNULL, env=env) as proc:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the other side closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert proc.wait(timeout=60) == 0
    os.close(leader)
    return b"".join(chunks)


def test_export_to_a_terminal_escapes_and_to_a_pipe_is_exact(hostile_project) -> None:
    source, _ = hostile_project
    piped = run_on(source, terminal=False).decode("utf-8")
    assert OSC52 in piped and CLEAR in piped  # data is data: exactly what is stored
    shown = run_on(source, terminal=True).decode("utf-8")
    assert ESC not in shown and BEL not in shown and "\u202e" not in shown
    assert "Putin said␛]52;c;aGFja2Vk␇ Moscow is ⟨RLO⟩ready⟨PDF⟩." in shown


def test_failed_lines_escape_file_names(tmp_path: Path, capsys, tiny_model_dir: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    names = [f"title{TITLE}.txt", "two\nlines.txt"]
    for name in names:
        (corpus / name).write_text(" \n", encoding="utf-8")  # empty: fails
    out = tmp_path / "out"
    status = main(["translate", str(corpus), "-o", str(out), "--model", str(tiny_model_dir)])
    err = capsys.readouterr().err
    assert status == 1
    failed = [line for line in err.splitlines() if line.startswith("tarjama: failed:")]
    assert len(failed) == 2, err  # the newline in a name does not make a line of its own
    assert any("title␛]0;pwned␛\\.txt: " in line for line in failed)
    assert any("two␊lines.txt: " in line for line in failed)
    assert not any(is_unsafe(c) for c in err.replace("\n", ""))


def test_tmx_import_strips_controls_naming_the_unit(tmp_path: Path, capsys) -> None:
    tmx = tmp_path / "desk.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="ar"/>'
        "<body>"
        '<tu tuid="7"><tuv xml:lang="ar"><seg>قال بوتين</seg></tuv>'
        '<tuv xml:lang="en"><seg>Putin\u009b2J said\u202e</seg></tuv></tu>'
        "</body></tmx>\n",
        encoding="utf-8",
    )
    memory = tmp_path / "tm.sqlite3"
    assert main(["tm", "import", str(tmx), "--memory", str(memory)]) == 0
    err = capsys.readouterr().err
    assert "<tu> 1 (tuid 7): removed the control character(s) U+009B, U+202E (RLO)" in err
    assert not any(is_unsafe(c) for c in err.replace("\n", ""))
    with TranslationMemory(memory) as tm:
        entry = tm.exact("قال بوتين")
        assert entry is not None and entry.target == "Putin2J said"


# ---------------------------------------------------------------------- also seen
def screen_lines(app: ReviewApp) -> list[str]:
    strips = app.screen._compositor.render_strips()
    return ["".join(s.text for s in strip if not s.control) for strip in strips]


def test_arabic_in_the_english_column_is_shaped_and_ordered() -> None:
    from rich.console import Console

    from tui.components.segment_row import english_text
    from tui.term_check import SegmentTerms

    seg = Segment(0, 0, 5, "بوتين", machine="x", target="Putin (بوتين) said", status="machine")
    console = Console(width=40, record=True, color_system=None)
    console.print(english_text(seg, SegmentTerms()))  # the review's default: --bidi app
    drawn = console.export_text()
    assert "Putin (ﻦﻴﺗﻮﺑ) said" in drawn  # joined letters, right to left, in a left-to-right line
    console = Console(width=40, record=True, color_system=None)
    console.print(english_text(seg, SegmentTerms(), bidi="off"))
    assert "Putin (بوتين) said" in console.export_text()  # --bidi off: as stored


def test_export_dialog_checkbox_mark_and_open_list(saved_project: Path) -> None:
    async def check() -> None:
        app = ReviewApp(open_review(str(saved_project)), bidi="app")
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot, lambda: app._started)
            await pilot.press("s", "x")
            await settle(pilot, lambda: app.screen.__class__.__name__ == "ExportScreen")
            box = app.screen.query_one("#approved")
            line = next(x for x in screen_lines(app) if "Approved segments only" in x)
            assert "✔" not in line and "X" not in line  # off: no mark, whatever the colours
            box.value = True
            await pilot.pause()
            line = next(x for x in screen_lines(app) if "Approved segments only" in x)
            assert "▐✔▌" in line
            app.screen.query_one("#format").focus()
            await pilot.press("enter")
            await pilot.pause()
            rows = [x for x in screen_lines(app) if x.strip().strip("█").strip().strip("│")]
            listed = [x for x in rows if "│tsv" in x.replace(" ", "") or "│jsonl" in x]
            assert len(listed) == 2, rows  # the list is framed: "│tsv │", not "stsv" over help
            assert not any("stsv" in x or "ejsonl" in x for x in rows)

    asyncio.run(check())


def test_xliff_1_2_control_characters_are_stripped_naming_the_unit() -> None:
    from translator.formats.xliff_common import XLIFF12_NS
    from translator.formats.xliff_read import parse_xliff

    data = (
        f'<xliff version="1.2" xmlns="{XLIFF12_NS}"><file original="s.txt" '
        'source-language="ar" target-language="en" datatype="plaintext"><body>'
        '<trans-unit id="7"><source>قال بوتين</source><target>Putin'
        '<ph id="c1" ctype="x-tarjama-char">1B</ph>]0;x<ph id="c2" ctype="x-tarjama-char">7</ph>'
        " said\u0085 \u009b2J\u202e.</target></trans-unit></body></file></xliff>"
    ).encode()
    doc = parse_xliff(data, "s.xlf")
    assert doc.segments[0].target == "Putin]0;x said\u0085 2J."  # NEL is a line break: kept
    assert doc.warnings == [
        "unit 7: removed the control character(s) U+001B (ESC), U+0007 (BEL), U+009B, "
        "U+202E (RLO) from the English 'Putin]0;x said⟨U+0085⟩ 2J.'"
    ]
