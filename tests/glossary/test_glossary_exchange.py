"""Import/export: OmegaT, CSV and TBX round trips, merging, and refused malformed files."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from glossary.entry import Entry
from glossary.errors import GlossaryError
from glossary.exchange import detect_format, export_glossary, import_glossary
from glossary.storage import load_glossary, save_glossary
from glossary.termbase import Glossary

OMEGAT = (
    "فيكتوريا نولاند\tVictoria Nuland\tUS Under Secretary of State\n"
    "أسترازينيكا\tAstraZeneca\n"
    "\n"
    "كوفيد 19\tCOVID-19\tdisease\n"
    "أسترازينكا\tAstraZeneca\n"
    "كوفيد19\tCOVID-19\tdisease\n"
    "أوبك+\tOPEC+\n"
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_omegat_lines_with_one_target_merge(tmp_path: Path) -> None:
    glossary, warnings = import_glossary(str(write(tmp_path, "g.txt", OMEGAT)), "omegat")
    assert warnings == []
    assert glossary.entries == [
        Entry("Victoria Nuland", ["فيكتوريا نولاند"], None, "US Under Secretary of State"),
        Entry("AstraZeneca", ["أسترازينيكا", "أسترازينكا"]),
        Entry("COVID-19", ["كوفيد 19", "كوفيد19"], None, "disease"),
        Entry("OPEC+", ["أوبك+"]),
    ]


def test_round_trip_omegat_own_tbx_own_is_lossless(tmp_path: Path) -> None:
    src = write(tmp_path, "g.txt", OMEGAT)
    first, _ = import_glossary(str(src), "auto")
    own1 = tmp_path / "own1.tsv"
    save_glossary(first, own1)
    tbx = tmp_path / "g.tbx"
    export_glossary(load_glossary(own1), str(tbx), "tbx")
    second, warnings = import_glossary(str(tbx), "auto")
    assert warnings == []
    own2 = tmp_path / "own2.tsv"
    save_glossary(second, own2)
    assert own2.read_bytes() == own1.read_bytes()
    # and back to OmegaT: the same lines, grouped by entry
    back = tmp_path / "back.txt"
    export_glossary(second, str(back), "omegat")
    lines = back.read_text(encoding="utf-8").splitlines()
    assert sorted(lines) == sorted(line for line in OMEGAT.splitlines() if line)


def test_tbx_round_trip_keeps_type_and_note(tmp_path: Path, seed_glossary_path: Path) -> None:
    seed = load_glossary(seed_glossary_path)
    tbx = tmp_path / "seed.tbx"
    export_glossary(seed, str(tbx), "tbx")
    back, warnings = import_glossary(str(tbx), "tbx")
    assert warnings == []
    assert back.entries == seed.entries
    assert [e.type for e in back] == [e.type for e in seed]


def test_tbx_structure_is_tbx_basic(tmp_path: Path) -> None:
    g = Glossary([Entry("Victoria Nuland", ["فيكتوريا نولاند"], "person", "a note")])
    path = tmp_path / "g.tbx"
    export_glossary(g, str(path), "tbx")
    root = ET.parse(path).getroot()
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert root.tag == "martif" and root.get("type") == "TBX-Basic"
    entry = root.find("text/body/termEntry")
    assert entry.find("descrip[@type='subjectField']").text == "person"
    ar, en = entry.findall("langSet")
    assert (ar.get(lang), en.get(lang)) == ("ar", "en")
    assert ar.find("tig/term").text == "فيكتوريا نولاند"
    assert ar.find("tig/termNote[@type='partOfSpeech']").text == "properNoun"
    assert en.find("descrip[@type='definition']").text == "a note"
    assert en.find("tig/term").text == "Victoria Nuland"


def test_tbx_2019_layout_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "v3.tbx",
        '<?xml version="1.0"?>\n'
        '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">\n'
        "<text><body>\n"
        '<conceptEntry id="c1">\n'
        '  <langSec xml:lang="ar-SA"><termSec><term>موسكو</term></termSec></langSec>\n'
        '  <langSec xml:lang="en-US"><termSec><term>Moscow</term></termSec>'
        "<termSec><term>Moskva</term></termSec></langSec>\n"
        "  <note>capital</note>\n"
        "</conceptEntry>\n"
        '<conceptEntry id="c2"><langSec xml:lang="fr"><termSec><term>x</term></termSec>'
        "</langSec></conceptEntry>\n"
        "</body></text></tbx>\n",
    )
    glossary, warnings = import_glossary(str(path))
    assert glossary.entries == [Entry("Moscow", ["موسكو"], None, "also: Moskva; capital")]
    assert any(
        ":4: entry has several English terms and none is marked preferred" in w for w in warnings
    )
    assert any(":9: entry skipped" in w for w in warnings)


def test_csv_round_trip(tmp_path: Path, seed_glossary_path: Path) -> None:
    seed = load_glossary(seed_glossary_path)
    path = tmp_path / "g.csv"
    export_glossary(seed, str(path), "csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbfenglish,arabic,type,note\r\n")
    back, _ = import_glossary(str(path), "auto")
    assert back.entries == seed.entries


def test_csv_one_row_per_form_and_semicolons(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "g.csv",
        'Source;Target;Comment\nبوتين;Putin;"Russia; president"\nبُوتن;Putin;\n',
    )
    glossary, _ = import_glossary(str(path))
    assert glossary.entries == [Entry("Putin", ["بوتين", "بُوتن"], None, "Russia; president")]


@pytest.mark.parametrize(
    ("name", "text", "fmt", "expected"),
    [
        (
            "bad.txt",
            "بوتين\tPutin\nموسكو\tMoscow\tx\ty\n",
            "omegat",
            ["bad.txt:2: expected 2 or 3"],
        ),
        (
            "bad.txt",
            "بوتين\tPutin\nبوتين\tPoutine\n\tX\n",
            "omegat",
            ["bad.txt:2: Arabic form 'بوتين' also maps to 'Putin' on line 1", "bad.txt:3: empty"],
        ),
        ("swap.txt", "Putin\tبوتين\n", "omegat", ["swap.txt:1: English target 'بوتين' contains"]),
        ("bad.csv", "english,arabic\nPutin,\n", "csv", ["bad.csv:2: empty Arabic form"]),
        (
            "bad.csv",
            "name,value\nPutin,بوتين\n",
            "csv",
            ["bad.csv:1: a CSV glossary needs a header"],
        ),
        ("bad.csv", 'english,arabic\n"Putin,بوتين\n', "csv", ["bad.csv:", "malformed CSV"]),
        (
            "bad.tbx",
            "<martif><text><body><termEntry>\n</martif>",
            "tbx",
            ["bad.tbx:2: not well-formed"],
        ),
        ("bad.tbx", "<html/>", "tbx", ["bad.tbx:1: not a TBX file"]),
        (
            "bad.tbx",
            '<martif><text><body>\n<termEntry><langSet xml:lang="ar"><tig><term>بوتين</term></tig>'
            '</langSet><langSet xml:lang="en"><tig><term> </term></tig></langSet></termEntry>'
            "</body></text></martif>",
            "tbx",
            ["bad.tbx:2: empty English target"],
        ),
    ],
)
def test_malformed_import_is_refused_with_line(
    tmp_path: Path, name: str, text: str, fmt: str, expected: list[str]
) -> None:
    path = write(tmp_path, name, text)
    with pytest.raises(GlossaryError) as info:
        import_glossary(str(path), fmt)
    message = str(info.value)
    for fragment in expected:
        assert fragment in message, message


def test_detect_format(tmp_path: Path) -> None:
    assert detect_format(str(write(tmp_path, "a.xml", "\ufeff  <?xml?>"))) == "tbx"
    assert detect_format(str(write(tmp_path, "a.csv", "english,arabic\n"))) == "csv"
    assert detect_format(str(write(tmp_path, "a.txt", "بوتين\tPutin\n"))) == "omegat"
    assert detect_format(str(write(tmp_path, "a.tsv", "# tarjama glossary v1\n"))) == "tarjama"


def test_unknown_format() -> None:
    with pytest.raises(GlossaryError, match="unknown format 'xlsx'"):
        export_glossary(Glossary(), "x", "xlsx")


def test_omegat_round_trip_keeps_note_with_semicolons(tmp_path: Path) -> None:
    g = Glossary([Entry("Putin", ["بوتين", "بوتن"], None, "Russia; president")])
    path = tmp_path / "g.txt"
    export_glossary(g, str(path), "omegat")
    back, _ = import_glossary(str(path), "omegat")
    assert back.entries == g.entries
