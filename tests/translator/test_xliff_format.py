"""XLIFF 2.1 and 1.2: tarjama's writer and reader; translate-toolkit as an independent reader."""

from __future__ import annotations

import copy

import pytest
from lxml import etree
from translate.storage import xliff as ttk_xliff
from translate.storage import xliff2 as ttk_xliff2

from translator.errors import TranslatorError
from translator.formats.bilingual import BilingualDocument, BilingualSegment
from translator.formats.xliff_common import XLIFF2_NS, XLIFF12_NS
from translator.formats.xliff_read import parse_xliff
from translator.formats.xliff_write import write_xliff

S1 = "وقال بوتين إن نولاند موجودة في موسكو الآن."
S2 = "وأضاف لافروف: «العلاقات بناءة»."
S3 = "وصل الوفد إلى جنيف."
S4 = "سطر فيه\x0bمحرف تحكم."


def sample(control_character: bool = True) -> BilingualDocument:
    """Every status, terms inline and not, warnings, a memory match; optionally a character
    XML 1.0 cannot hold (written as ``<cp>``, which translate-toolkit does not decode)."""
    s4 = S4 if control_character else S4.replace("\x0b", " ")
    return BilingualDocument(
        [
            BilingualSegment(
                S1,
                "Putin said Nuland is now in Moscow.",
                "approved",
                "Putin said that Nuland in Moscow now.",
                paragraph=0,
                start=0,
                end=len(S1),
                terms=[
                    {"source": "بوتين", "start": 5, "end": 10, "target": "Putin", "status": "ok"},
                    {
                        "source": "نولاند",
                        "start": 14,
                        "end": 20,
                        "target": "Victoria Nuland",
                        "status": "missing",
                        "suggest": True,
                    },
                ],
                warnings=["segment lacks 'Victoria Nuland' <checked> & noted"],
                base="0123456789abcdef",
            ),
            BilingualSegment(
                S2,
                "Lavrov added: “relations are constructive”.",
                "edited",
                "Lavrov added: relations constructive.",
                paragraph=1,
                start=44,
                end=44 + len(S2),
                terms=[
                    {
                        "source": "لافروف",
                        "start": 5,
                        "end": 11,
                        "target": "Sergei Lavrov",
                        "status": "enforced",
                    }
                ],
            ),
            BilingualSegment(
                S3,
                "The delegation arrived in Geneva.",
                "machine",
                "The delegation arrived in Geneva.",
                paragraph=1,
                start=80,
                end=99,
            ),
            BilingualSegment(S3 + " ", "", "pending", None, paragraph=2, start=101, end=121),
            BilingualSegment(
                s4,
                "A line with\x0ba control character.",
                "tm",
                None,
                paragraph=3,
                start=130,
                end=130 + len(s4),
                terms=[{"source": "X", "start": 0, "end": 9, "target": "Y", "status": "odd"}],
                memory_origin="review:old.txt",
                memory_id=42,
            ),
        ],
        original="story.txt",
        metadata={"model": "Helsinki-NLP/opus-mt-ar-en", "glossary": "names.tsv", "current": "2"},
    )


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_write_then_read_is_lossless(version: str) -> None:
    doc = sample()
    back = parse_xliff(write_xliff(doc, version))
    assert back.segments == doc.segments
    assert (back.original, back.metadata, back.tarjama) == (doc.original, doc.metadata, True)
    assert back.version == version


def test_units_groups_states_and_term_marks_2_1() -> None:
    root = etree.fromstring(write_xliff(sample(), "2.1"))
    ns = {"x": XLIFF2_NS}
    assert root.get("version") == "2.1" and root.get("srcLang") == "ar"
    groups = root.findall(".//x:group", ns)
    assert [len(g.findall("x:unit", ns)) for g in groups] == [1, 2, 1, 1]
    states = [s.get("state") for s in root.iterfind(".//x:segment", ns)]
    assert states == ["final", "translated", "translated", "initial", "translated"]
    marks = root.findall(".//x:segment/x:source/x:mrk", ns)
    assert [(m.get("type"), m.get("value"), m.text) for m in marks][:2] == [
        ("term", "Putin", "بوتين"),
        ("term", "Victoria Nuland", "نولاند"),
    ]
    pending = root.findall(".//x:segment", ns)[3]
    assert pending.find("x:target", ns) is None


def test_states_1_2() -> None:
    root = etree.fromstring(write_xliff(sample(), "1.2"))
    ns = {"x": XLIFF12_NS}
    units = root.findall(".//x:trans-unit", ns)
    targets = [u.find("x:target", ns) for u in units]
    assert [t.get("state") if t is not None else None for t in targets] == [
        "signed-off",
        "translated",
        "needs-review-translation",
        None,
        "translated",
    ]
    assert [u.get("approved") for u in units] == ["yes", None, None, None, None]
    assert targets[2].get("state-qualifier") == "leveraged-mt"
    assert targets[4].get("state-qualifier") == "exact-match"


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_translate_toolkit_reads_the_same_segments_states_and_targets(version: str) -> None:
    doc = sample(control_character=False)
    doc.segments[4].target = doc.segments[4].target.replace("\x0b", " ")
    data = write_xliff(doc, version)
    store = (
        ttk_xliff2.Xliff2File.parsestring(data)
        if version == "2.1"
        else ttk_xliff.xlifffile.parsestring(data)
    )
    units = list(store.units)
    assert [u.source for u in units] == [s.source for s in doc.segments]
    assert [u.target or "" for u in units] == [s.target for s in doc.segments]
    assert [u.isapproved() for u in units] == [s.status == "approved" for s in doc.segments]
    assert [u.istranslated() for u in units] == [
        # XLIFF 1.2: translate-toolkit counts a target as translated only once it is approved
        (s.status == "approved") if version == "1.2" else s.status != "pending"
        for s in doc.segments
    ]
    # glossary terms: the ITS term marks, as translate-toolkit's placeables see them
    marks = [
        (str(e), e.xml_node.get("value") or e.xml_node.get("{urn:tarjama:xliff:1}target"))
        for e in units[0].rich_source[0].sub
        if hasattr(e, "xml_node")
    ]
    assert marks == [("بوتين", "Putin"), ("نولاند", "Victoria Nuland")]
    if version == "1.2":  # translate-toolkit finds 1.2 notes and alt-trans (not 2.x unit notes)
        assert "بوتين → Putin (ok)" in units[0].getnotes()
        assert [a.target for a in units[0].getalttrans()] == [doc.segments[0].machine]


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_a_file_edited_in_another_tool_comes_back_with_its_changes(version: str) -> None:
    doc = sample()
    data = write_xliff(doc, version)
    if version == "2.1":
        store = ttk_xliff2.Xliff2File.parsestring(data)
        units = list(store.units)
        units[2].target = "The delegation reached Geneva."  # edit a machine segment
        units[1].xmlelement.set("state", "final")  # sign off an edited one
        units[0].xmlelement.set("state", "translated")  # reopen an approved one
        units[3].target = "New English for a pending one."
    else:
        store = ttk_xliff.xlifffile.parsestring(data)
        units = list(store.units)
        units[2].target = "The delegation reached Geneva."
        units[2].markapproved(False)  # translate-toolkit approves what it types; undo that
        units[1].markapproved(True)
        units[0].markapproved(False)
        units[3].target = "New English for a pending one."
        units[3].markapproved(False)
    back = parse_xliff(bytes(store))
    assert [s.status for s in back.segments] == ["edited", "approved", "edited", "edited", "tm"]
    assert back.segments[2].target == "The delegation reached Geneva."
    assert back.segments[2].machine == doc.segments[2].machine  # the model's English is kept
    assert back.segments[3].target == "New English for a pending one."
    assert back.segments[0].terms == doc.segments[0].terms


def test_a_tool_that_drops_tarjamas_data_still_gives_targets_and_states() -> None:
    root = etree.fromstring(write_xliff(sample(), "2.1"))
    for elem in list(root.iter()):
        if isinstance(elem.tag, str) and not elem.tag.startswith("{" + XLIFF2_NS):
            elem.getparent().remove(elem)
    for elem in root.iter():
        for name in list(elem.attrib):
            if name.startswith("{urn:tarjama") or name == "subState":
                del elem.attrib[name]
    back = parse_xliff(etree.tostring(root))
    assert back.tarjama is False
    assert [s.target for s in back.segments] == [s.target for s in sample().segments]
    statuses = [s.status for s in back.segments]
    assert statuses == ["approved", "edited", "edited", "pending", "edited"]
    assert all(s.machine is None and s.terms == [] for s in back.segments)


def test_other_tools_inline_codes_and_segmentation_are_read_as_text() -> None:
    data = f"""<xliff xmlns="{XLIFF12_NS}" version="1.2"><file original="a.txt" source-language="ar"
      target-language="en" datatype="plaintext"><body><trans-unit id="1">
      <source>قال <g id="1">بوتين</g><x id="2"/> كلاما.</source>
      <seg-source><mrk mtype="seg" mid="1">قال <g id="1">بوتين</g><x id="2"/> كلاما.</mrk>
      </seg-source><target state="translated"><mrk mtype="seg" mid="1">Putin \
<ph id="3">&lt;br&gt;</ph>spoke.</mrk></target>
      </trans-unit></body></file></xliff>""".encode()
    doc = parse_xliff(data)
    assert [(s.source, s.target, s.status) for s in doc.segments] == [
        ("قال بوتين كلاما.", "Putin spoke.", "edited")
    ]


def test_not_xliff_is_one_line() -> None:
    with pytest.raises(TranslatorError, match="not well-formed XML"):
        parse_xliff(b"<xliff", "x.xlf")
    with pytest.raises(TranslatorError, match=r"not an XLIFF 1\.2 or 2\.x file"):
        parse_xliff(b"<tmx version='1.4'/>", "x.xlf")


def test_entities_are_not_expanded() -> None:
    doc = copy.deepcopy(sample())
    data = (
        write_xliff(doc, "2.1")
        .replace(
            b"<?xml version='1.0' encoding='UTF-8'?>",
            b"<?xml version='1.0' encoding='UTF-8'?>"
            b"<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>",
        )
        .replace(b"Putin said Nuland", b"&e; said Nuland")
    )
    with pytest.raises(TranslatorError, match="uses the entity &e;") as refused:
        parse_xliff(data)  # never expanded, nor dropped from the English without a word
    assert "root:" not in str(refused.value)


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_a_text_with_no_sentence_is_a_valid_empty_file(version: str, tmp_path, capsys) -> None:
    """``tarjama translate`` of a blank text as XLIFF: no model, a file other tools open."""
    from tui.cli import main

    blank = tmp_path / "blank.txt"
    blank.write_text("\n \n", encoding="utf-8")
    args = ["translate", str(blank), "--format", "xliff", "--xliff-version", version]
    assert main([*args, "--model", str(tmp_path / "no-model-needed")]) == 0
    data = capsys.readouterr().out.encode()
    root = etree.fromstring(data)
    ns = XLIFF2_NS if version == "2.1" else XLIFF12_NS
    [file] = root.findall(f"{{{ns}}}file")
    if version == "2.1":  # a 2.x <file> must hold a unit or a group
        assert [child.tag for child in file if child.tag.startswith(f"{{{ns}}}")] == [
            f"{{{ns}}}group"
        ]
    else:
        assert len(file.find(f"{{{ns}}}body")) == 0
    assert parse_xliff(data).segments == []
    store = ttk_xliff2.Xliff2File if version == "2.1" else ttk_xliff.xlifffile
    assert list(store.parsestring(data).units) == []
    assert main(["translate", str(blank), "--format", "jsonl"]) == 0
    assert capsys.readouterr().out == ""  # the other formats stay empty
