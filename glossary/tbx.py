"""TBX (TermBase eXchange, ISO 30042), the termbase format Trados, memoQ and Weblate read.

Export writes TBX-Basic in the widely read 2008 layout (``martif`` root)::

    <termEntry id="tarjama-1">
      <descrip type="subjectField">person</descrip>        ← entry type, if any
      <langSet xml:lang="ar">
        <tig><term>فيكتوريا نولاند</term>
             <termNote type="partOfSpeech">properNoun</termNote></tig>  ← one tig per form
      </langSet>
      <langSet xml:lang="en">
        <descrip type="definition">US Under Secretary of State</descrip>  ← note, if any
        <tig><term>Victoria Nuland</term>…</tig>
      </langSet>
    </termEntry>

TBX-Basic has no data category for person/organization/place, so the type
goes in ``subjectField`` (shown as the entry's subject by CAT tools).

Import reads that layout and also TBX 2019 (``tbx`` root, ``conceptEntry``,
``langSec``, ``termSec``).  Language codes ``ar*`` give the Arabic forms and
``en*`` the target (the first English term; more are reported and ignored);
notes come from ``descrip type="definition"`` and ``note`` elements anywhere
in the entry; the type from ``subjectField`` when it is one of ours.  Entries
without both Arabic and English terms are skipped with a warning.  Entries
sharing a target merge.  Problems are reported with the entry's line number.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from xml.parsers import expat

from glossary.atomic import write_bytes_atomic
from glossary.builder import GlossaryBuilder
from glossary.entry import TYPES
from glossary.errors import GlossaryError
from glossary.sourcefile import read_bytes
from glossary.termbase import Glossary

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _local(tag: str) -> str:
    """Tag name without namespace prefix or URI."""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _parse(shown: str, data: bytes) -> tuple[ET.Element, dict[int, int]]:
    """Parse with expat directly so every element keeps its line number (id(elem) → line)."""
    builder = ET.TreeBuilder()
    lines: dict[int, int] = {}
    parser = expat.ParserCreate()
    parser.buffer_text = True

    def start(tag: str, attrs: dict[str, str]) -> None:
        lines[id(builder.start(tag, attrs))] = parser.CurrentLineNumber

    parser.StartElementHandler = start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        message = f"not well-formed XML: {expat.ErrorString(exc.code)}"
        raise _problem(shown, exc.lineno, message) from None
    return builder.close(), lines


def _problem(shown: str, line: int, message: str) -> GlossaryError:
    return GlossaryError(f"{shown}:{line}: {message}")


def _lang(element: ET.Element) -> str:
    value = element.get("xml:lang") or element.get(_XML_LANG) or element.get("lang") or ""
    return value.strip().lower().replace("_", "-")


def _text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def read_tbx(path: str | os.PathLike[str]) -> GlossaryBuilder:
    """Parse a TBX file; the builder holds the glossary, problems and warnings."""
    shown = os.fspath(path)
    root, lines = _parse(shown, read_bytes(shown))
    builder = GlossaryBuilder(shown, merge_same_target=True)
    if _local(root.tag) not in ("martif", "tbx"):
        builder.problem(
            1,
            f"not a TBX file: the root element is <{_local(root.tag)}>, expected <martif> or <tbx>",
        )
        return builder
    entries = [e for e in root.iter() if _local(e.tag) in ("termEntry", "conceptEntry")]
    for entry in entries:
        line = lines.get(id(entry), 1)
        arabic: list[str] = []
        english: list[str] = []
        for lang_set in (e for e in entry.iter() if _local(e.tag) in ("langSet", "langSec")):
            lang = _lang(lang_set)
            terms = [_text(t) for t in lang_set.iter() if _local(t.tag) == "term"]
            if lang == "ar" or lang.startswith("ar-"):
                arabic.extend(terms)
            elif lang == "en" or lang.startswith("en-"):
                english.extend(terms)
        if not arabic or not english:
            builder.warn(line, "entry skipped: it needs an Arabic (ar) and an English (en) term")
            continue
        if len(english) > 1:
            builder.warn(
                line,
                f"entry has several English terms; using {english[0]!r}, "
                f"ignoring {', '.join(repr(t) for t in english[1:])}",
            )
        kind, notes = None, []
        for element in entry.iter():
            name, kind_attr = _local(element.tag), element.get("type", "")
            if name == "descrip" and kind_attr == "subjectField":
                value = _text(element).lower()
                if value in TYPES:
                    kind = value
                else:
                    builder.warn(
                        lines.get(id(element), line),
                        f"subject field {_text(element)!r} is not a glossary type "
                        f"({', '.join(TYPES)}); ignored",
                    )
            elif (name == "descrip" and kind_attr == "definition") or name == "note":
                text = _text(element)
                if text and text not in notes:
                    notes.append(text)
        builder.row(line, english[0], arabic, kind, "; ".join(notes) or None)
    if not entries:
        builder.problem(1, "no termEntry or conceptEntry elements: nothing to import")
    return builder


def dump_tbx(glossary: Glossary) -> bytes:
    root = ET.Element("martif", {"type": "TBX-Basic", "xml:lang": "en"})
    header = ET.SubElement(root, "martifHeader")
    file_desc = ET.SubElement(header, "fileDesc")
    source_desc = ET.SubElement(file_desc, "sourceDesc")
    ET.SubElement(source_desc, "p").text = "Proper-name glossary exported by tarjama"
    encoding_desc = ET.SubElement(header, "encodingDesc")
    ET.SubElement(encoding_desc, "p", {"type": "XCSURI"}).text = "TBXBasicXCSV02.xcs"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for number, entry in enumerate(glossary.entries, start=1):
        term_entry = ET.SubElement(body, "termEntry", {"id": f"tarjama-{number}"})
        if entry.type:
            ET.SubElement(term_entry, "descrip", {"type": "subjectField"}).text = entry.type
        arabic = ET.SubElement(term_entry, "langSet", {"xml:lang": "ar"})
        for form in entry.forms:
            _add_term(arabic, form)
        english = ET.SubElement(term_entry, "langSet", {"xml:lang": "en"})
        if entry.note:
            ET.SubElement(english, "descrip", {"type": "definition"}).text = entry.note
        _add_term(english, entry.target)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _add_term(lang_set: ET.Element, text: str) -> None:
    tig = ET.SubElement(lang_set, "tig")
    ET.SubElement(tig, "term").text = text
    ET.SubElement(tig, "termNote", {"type": "partOfSpeech"}).text = "properNoun"


def write_tbx(glossary: Glossary, path: str | os.PathLike[str]) -> None:
    write_bytes_atomic(path, dump_tbx(glossary))
