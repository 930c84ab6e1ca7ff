"""Items 9 and 10: big and deep XLIFF/TMX are streamed or refused in one line; entities
are refused by name, never dropped from approved English."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from translator.errors import TranslatorError
from translator.formats.tmx import read_tmx
from translator.formats.xliff_read import parse_xliff

X2 = "urn:oasis:names:tc:xliff:document:2.0"
X12 = "urn:oasis:names:tc:xliff:document:1.2"


def xliff2(target: str, extra: str = "") -> bytes:
    return (
        f'<xliff xmlns="{X2}" version="2.1" srcLang="ar" trgLang="en"><file id="f" '
        f'original="story.txt">{extra}<unit id="u1"><segment state="final"><source>وصل بوتين'
        f"</source><target>{target}</target></segment></unit></file></xliff>"
    ).encode()


def xliff12(target: str) -> bytes:
    return (
        f'<xliff xmlns="{X12}" version="1.2"><file original="story.txt" source-language="ar" '
        f'target-language="en" datatype="plaintext"><body><trans-unit id="1" approved="yes">'
        f"<source>وصل بوتين</source><target>{target}</target></trans-unit></body></file></xliff>"
    ).encode()


def tmx(seg_en: str, doctype: str = "", body_extra: str = "") -> bytes:
    return (
        f'<?xml version="1.0"?>{doctype}<tmx version="1.4"><header srclang="ar" '
        f'datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="x" '
        f'creationtoolversion="1"/><body>{body_extra}<tu><tuv xml:lang="ar"><seg>وصل بوتين</seg>'
        f'</tuv><tuv xml:lang="en"><seg>{seg_en}</seg></tuv></tu></body></tmx>'
    ).encode()


def nested(depth: int, tag: str, attrs: str = "") -> str:
    return f"<{tag}{attrs}>" * depth + "Putin" + f"</{tag}>" * depth


@pytest.mark.parametrize("depth", [150, 1000, 2047, 2100])
def test_deeply_nested_inline_markup_is_one_line(tmp_path: Path, depth: int) -> None:
    cases = [
        ("x2", lambda: parse_xliff(xliff2(nested(depth, "pc", ' id="p"')), "deep.xlf")),
        ("x12", lambda: parse_xliff(xliff12(nested(depth, "g", ' id="g"')), "deep.xlf")),
    ]
    path = tmp_path / "deep.tmx"
    path.write_bytes(tmx(nested(depth, "hi")))
    cases.append(("tmx", lambda: list(read_tmx(path))))
    for _, run in cases:
        with pytest.raises(TranslatorError) as refused:
            run()
        message = str(refused.value)
        assert "\n" not in message and ("deep" in message or "depth" in message), message


def test_tmx_internal_entities_are_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "ent.tmx"
    path.write_bytes(tmx("Hello &n; there", doctype='<!DOCTYPE tmx [<!ENTITY n "Nuland">]>'))
    with pytest.raises(TranslatorError, match=r"uses the entity &n;"):
        list(read_tmx(path))


def test_xliff_internal_entities_are_refused_by_name() -> None:
    data = b'<!DOCTYPE xliff [<!ENTITY n "Nuland">]>' + xliff2("Hello &n; there")
    with pytest.raises(TranslatorError, match=r"uses the entity &n;"):
        parse_xliff(data, "ent.xlf")


def test_tm_import_of_an_entity_tmx_adds_nothing(tmp_path: Path, capsys) -> None:
    from tui.cli import main

    path = tmp_path / "ent.tmx"
    path.write_bytes(tmx("Hello &n; there", doctype='<!DOCTYPE tmx [<!ENTITY n "Nuland">]>'))
    memory = tmp_path / "tm.sqlite3"
    assert main(["tm", "import", str(path), "--memory", str(memory)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "&n;" in err
    assert not memory.exists()


PEAK = """
import resource, sys
from tui.cli import main
code = main(sys.argv[1:])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, code)
"""


def peak_mb(*args: str) -> tuple[int, int]:
    """Peak RSS (MB) and exit code of ``tarjama ARGS`` run in a fresh process."""
    done = subprocess.run([sys.executable, "-c", PEAK, *args], capture_output=True, text=True,
                          timeout=300, check=True)  # fmt: skip
    peak, code = done.stdout.split()
    return int(peak), int(code)


def test_a_tmx_of_other_elements_is_read_in_flat_memory(tmp_path: Path) -> None:
    """Not only <tu> is freed: 600,000 other elements beside the units stay out of memory."""
    small = tmp_path / "small.tmx"
    small.write_bytes(tmx("Putin arrived."))
    big = tmp_path / "big.tmx"
    big.write_bytes(tmx("Putin arrived.", body_extra="<x/>" * 600_000))  # kept: ~60 MB
    base, code = peak_mb("tm", "import", str(small), "--memory", str(tmp_path / "a.sqlite3"))
    assert code == 0
    peak, code = peak_mb("tm", "import", str(big), "--memory", str(tmp_path / "b.sqlite3"))
    assert code == 0
    assert peak < base + 15, (base, peak)  # the whole tree: ~100 bytes an element


def run_python(code: str, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", code, *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=True)


def test_an_xliff_of_other_elements_is_read_in_flat_memory(tmp_path: Path) -> None:
    small = tmp_path / "small.xlf"
    small.write_bytes(xliff2("Putin arrived."))
    big = tmp_path / "big.xlf"
    big.write_bytes(xliff2("Putin arrived.", f"<skeleton>{'<x/>' * 600_000}</skeleton>"))
    code = "import resource, sys\nfrom translator.formats.xliff_read import read_xliff\n"
    code += "doc = read_xliff(sys.argv[1])\n"
    code += (
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, doc.segments[0].target)"
    )
    runs = [run_python(code, str(p)) for p in (small, big)]
    peaks = [int(run.stdout.split()[0]) for run in runs]
    assert peaks[1] < peaks[0] + 15, peaks
    assert runs[1].stdout.split(maxsplit=1)[1].strip() == "Putin arrived."
