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
``langSec``, ``termSec``), in both its DCA style (``<termNote
type="administrativeStatus">``, ``<descrip type="definition">``) and its DCT
style (``<min:administrativeStatus>``, ``<basic:definition>``,
``<min:subjectField>``).  Language codes ``ar*`` give the Arabic forms (every
Arabic term, whatever its status: a deprecated spelling still occurs in text)
and ``en*`` the target: the English term whose administrative status (or
older ``normativeAuthorization``) is *preferred*, else the first English term
that is not deprecated or superseded.  The other English terms go into the note
(``admitted: …``, ``deprecated: …``); several candidates and no preferred one
give a warning.  Notes also come from definitions and ``note`` elements
anywhere in the entry; the type from the subject field when it is one of ours
or an NER label (PER, LOC, ORG…), else a warning.  Entries without both Arabic
and English terms are skipped with a warning.  Entries sharing a target merge.
Problems are reported with the entry's line number.

Export refuses what TBX cannot hold: characters XML 1.0 forbids (control
characters) and tarjama's form flags (``{suggest}``…).
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from xml.parsers import expat

from glossary.builder import GlossaryBuilder
from glossary.entry import TYPES, map_type
from glossary.errors import GlossaryError
from glossary.sourcefile import read_bytes, shown_name
from glossary.termbase import Glossary

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_TERM_CONTAINERS = ("tig", "ntig", "termSec")
_STATUS_TAGS = ("administrativeStatus", "normativeAuthorization")
# XML 1.0 Char production: what may not appear in a TBX file at all.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


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


def _status(container: ET.Element) -> str:
    """preferred / admitted / deprecated / superseded / "" for a term's container."""
    for element in container.iter():
        name = _local(element.tag)
        if name in _STATUS_TAGS or (name == "termNote" and element.get("type") in _STATUS_TAGS):
            value = _text(element).lower()
            for status in ("preferred", "admitted", "deprecated", "superseded"):
                if value.startswith(status):
                    return status
    return ""


def _terms(lang_set: ET.Element) -> list[tuple[str, str]]:
    """(term, status) for each term of a language section, in order."""
    found: list[tuple[str, str]] = []
    containers = [e for e in lang_set.iter() if _local(e.tag) in _TERM_CONTAINERS]
    for container in containers:
        for term in (t for t in container.iter() if _local(t.tag) == "term"):
            found.append((_text(term), _status(container)))
    if not containers:  # terms written straight into the language section
        found = [(_text(t), "") for t in lang_set.iter() if _local(t.tag) == "term"]
    return found


def _choose_target(english: list[tuple[str, str]]) -> tuple[str, list[str], bool]:
    """The target, note lines for the other English terms, and whether the pick was a guess."""
    preferred = [t for t, status in english if status == "preferred"]
    usable = [t for t, status in english if status not in ("deprecated", "superseded")]
    target = (preferred or usable or [english[0][0]])[0]
    others: dict[str, list[str]] = {}
    for term, status in english:
        if term != target:
            others.setdefault(status or "also", []).append(term)
    notes = [f"{status}: {', '.join(terms)}" for status, terms in others.items()]
    guessed = not preferred and len(usable) > 1
    return target, notes, guessed


def read_tbx(path: str | os.PathLike[str], on_conflict: str = "error") -> GlossaryBuilder:
    """Parse a TBX file; the builder holds the glossary, problems and warnings."""
    shown = shown_name(path)
    root, lines = _parse(shown, read_bytes(path))
    builder = GlossaryBuilder(
        shown, merge_same_target=True, on_conflict=on_conflict, lenient_types=True
    )
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
        english: list[tuple[str, str]] = []
        for lang_set in (e for e in entry.iter() if _local(e.tag) in ("langSet", "langSec")):
            lang = _lang(lang_set)
            if lang == "ar" or lang.startswith("ar-"):
                arabic.extend(term for term, _ in _terms(lang_set))
            elif lang == "en" or lang.startswith("en-"):
                english.extend(_terms(lang_set))
        if not arabic or not english:
            builder.warn(line, "entry skipped: it needs an Arabic (ar) and an English (en) term")
            continue
        target, notes, guessed = _choose_target(english)
        if guessed:
            builder.warn(
                line,
                f"entry has several English terms and none is marked preferred; using "
                f"{target!r}, the others go into the note",
            )
        kind = None
        for element in entry.iter():
            name, kind_attr = _local(element.tag), element.get("type", "")
            if name == "subjectField" or (name == "descrip" and kind_attr == "subjectField"):
                value = _text(element)
                try:
                    kind = map_type(value) or kind
                except GlossaryError:
                    builder.warn(
                        lines.get(id(element), line),
                        f"subject field {value!r} is not a glossary type "
                        f"({', '.join(TYPES)}); ignored",
                    )
            elif (
                name == "definition"
                or (name == "descrip" and kind_attr == "definition")
                or name == "note"
            ):
                text = _text(element)
                if text and text not in notes:
                    notes.append(text)
        builder.row(line, target, arabic, kind, "; ".join(notes) or None)
    if not entries:
        builder.problem(1, "no termEntry or conceptEntry elements: nothing to import")
    return builder


def tbx_refusals(glossary: Glossary) -> list[str]:
    """What a TBX file cannot hold, one line per problem."""
    found = []
    for entry in glossary.entries:
        for label, value in (
            ("English target", entry.target),
            ("note", entry.note or ""),
            *(("Arabic form", f) for f in entry.forms),
        ):
            bad = _NOT_XML.search(value)
            if bad:
                found.append(
                    f"{entry.target!r}: {label} {value!r} contains the control character "
                    f"U+{ord(bad.group()):04X}, which XML cannot hold; remove it"
                )
        if any(entry.form_flags(f) for f in entry.forms):
            found.append(
                f"{entry.target!r}: form flags ({', '.join(entry.written_forms())}) cannot be "
                "written to TBX"
            )
    return found


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
