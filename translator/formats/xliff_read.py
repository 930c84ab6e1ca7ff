"""Reading XLIFF 2.x and 1.2 back into a BilingualDocument (lxml).

Reads what ``xliff_write`` writes, and what another tool leaves of it after a review:
targets and states are taken from the standard attributes (see ``xliff_common`` for
how they become tarjama statuses), tarjama's own data from its metadata and ``tj:``
attributes when they survived.  Inline content is read as plain text: ``<mrk>``,
``<pc>``, ``<g>`` and ``<sub>`` keep their text, code elements (``<ph>``, ``<sc>``,
``<bpt>``, …) that hold native markup are dropped, ``<cp>`` gives back its character.

Every ``<segment>`` (2.x) or ``<trans-unit>`` (1.2) is one sentence, in document order,
through any nesting of groups and files.  The parser resolves no entities and reads
nothing from the network.

The file is streamed (``iterparse``): each unit is read when it ends and then freed,
with every other element below the file, group and body containers (skeletons, notes,
anything unknown), so memory stays flat however big the file is.  A file from outside
is data: an entity reference (its DTD's text, which is never loaded) is refused by
name rather than dropped from the English, and nesting deeper than libxml2's default
256 levels (or ``MAX_INLINE_DEPTH`` inline) is refused in one line.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

from lxml import etree

from glossary.safe_text import clean_imported
from translator.errors import TranslatorError
from translator.formats.bilingual import BilingualDocument, BilingualSegment
from translator.formats.safe_xml import entity_error, free, xml_events
from translator.formats.xliff_common import (
    MACHINE_KIND,
    MDA_NS,
    MEMORY_KIND,
    MTC_NS,
    PROJECT_META,
    SEGMENT_META,
    SUBSTATE_PREFIX,
    TERMS_NOTE,
    TJ_NS,
    WARNING_NOTE,
    XLIFF2_NS,
    XLIFF12_NS,
    derive_status,
    q,
)

_CODE_12 = {"bpt", "ept", "ph", "it", "x", "bx", "ex"}
_CODE_2 = {"ph", "sc", "ec", "sm", "em"}
MAX_INLINE_DEPTH = 100  # inline markup inside one source or target (real files: a handful)
# Elements that hold units: what ends directly inside one is read (if a unit) and freed.
_CONTAINERS = {
    XLIFF2_NS: {"xliff", "file", "group"},
    XLIFF12_NS: {"xliff", "file", "body", "group"},
}


def read_xliff(path: str | Path) -> BilingualDocument:
    """The XLIFF file at ``path``, streamed; TranslatorError (one line) when it cannot be read."""
    shown = str(path)
    try:
        with open(path, "rb") as handle:
            return _stream(handle, shown)
    except OSError as err:
        raise TranslatorError(f"cannot read {shown}: {err.strerror or err}") from err


def parse_xliff(data: bytes, shown: str = "XLIFF") -> BilingualDocument:
    return _stream(io.BytesIO(data), shown)


class _Reader:
    """The state of one streamed read: the document so far, and where the file is."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.doc: BilingualDocument | None = None
        self.version = ""
        self.ns = ""
        self.files = 0
        self.meta_read = False  # the first file's document facts
        # per open element: "container" (holds units), "record" (a unit or document facts:
        # read when it ends), "inside" (part of a record), "other" (freed when it ends)
        self.roles: list[str] = []
        self.file_tag = ""
        self.container_tags: set[str] = set()
        self.record_tags: set[str] = set()

    def _role(self, elem: etree._Element) -> str:
        """The role of a new element from its parent's (plain string compares: this runs
        for every element of files with millions)."""
        parent = self.roles[-1]
        if parent == "record" or parent == "inside":
            return "inside"
        if parent == "other":
            return "other"
        tag = elem.tag
        if tag in self.container_tags:
            return "container"
        if tag in self.record_tags:
            return "record"
        return "other"

    def start(self, elem: etree._Element) -> None:
        if self.roles:
            role = self._role(elem)
            self.roles.append(role)
            if role == "container" and elem.tag == self.file_tag:
                self._file(elem)
            return
        self.roles.append("container")
        tag = etree.QName(elem)
        if self.doc is None:  # the root
            if tag.localname == "xliff" and tag.namespace in (XLIFF2_NS, XLIFF12_NS):
                self.ns = tag.namespace
                self.version = "2" if tag.namespace == XLIFF2_NS else "1.2"
                self.file_tag = q(self.ns, "file")
                self.container_tags = {q(self.ns, name) for name in _CONTAINERS[self.ns]}
                self.record_tags = {q(self.ns, "unit"), q(self.ns, "trans-unit")}
                self.record_tags |= {q(self.ns, "header"), q(MDA_NS, "metadata")}
                self.doc = BilingualDocument(
                    segments=[],
                    original=Path(self.shown).stem,
                    source_language=elem.get("srcLang") or "ar",
                    target_language=elem.get("trgLang") or "en",
                    metadata={},
                    version=elem.get("version") or ("2.0" if self.version == "2" else "1.2"),
                    tarjama=False,
                )
                return
            raise TranslatorError(
                f"{self.shown} is not an XLIFF 1.2 or 2.x file (its root is <{tag.localname}> "
                f"in {tag.namespace or 'no namespace'})"
            )

    def _file(self, elem: etree._Element) -> None:
        self.files += 1
        if self.files == 1 and self.doc is not None:
            self.doc.original = elem.get("original") or Path(self.shown).stem
            if self.version == "1.2":
                self.doc.source_language = elem.get("source-language") or "ar"
                self.doc.target_language = elem.get("target-language") or "en"

    def end(self, elem: etree._Element) -> None:
        role = self.roles.pop()
        if role == "inside":
            return  # read and freed with its record
        if role == "record":
            self._record(elem)
        free(elem)  # whatever it was: nothing keeps what has been read

    def _record(self, elem: etree._Element) -> None:
        parent = elem.getparent()
        assert parent is not None
        ptag = etree.QName(parent)
        tag = etree.QName(elem)
        doc = self.doc
        assert doc is not None
        if tag.namespace == self.ns and tag.localname in ("unit", "trans-unit"):
            if self.version == "2" and tag.localname == "unit":
                doc.segments.extend(_unit_2(elem, doc, self.shown))
            elif self.version == "1.2" and tag.localname == "trans-unit":
                doc.segments.append(_unit_12(elem, doc, self.shown))
        elif self.files == 1 and ptag.localname == "file" and not self.meta_read:
            metadata = None
            if self.version == "2" and elem.tag == q(MDA_NS, "metadata"):
                metadata = _meta_in(elem, PROJECT_META, self.shown)
            elif self.version == "1.2" and elem.tag == q(self.ns, "header"):
                box = elem.find(q(TJ_NS, "metadata"))
                if box is not None:
                    metadata = {
                        item.get("type", ""): _text(item, "1.2", self.shown) for item in box
                    }
            if metadata is not None:
                doc.metadata = metadata
                doc.tarjama = True
                self.meta_read = True


def _stream(source: object, shown: str) -> BilingualDocument:
    reader = _Reader(shown)
    for event, elem in xml_events(source, shown):
        if event == "start":
            reader.start(elem)
        else:
            reader.end(elem)
    if reader.doc is None or not reader.files:
        raise TranslatorError(f"{shown} has no <file> element")
    return reader.doc


# ---------------------------------------------------------------------- inline content
def _local(elem: Any) -> str:
    return etree.QName(elem).localname if isinstance(elem.tag, str) else ""


def _inline(
    elem: etree._Element,
    version: str,
    out: list[str],
    terms: list[dict[str, Any]] | None,
    shown: str,
    depth: int = 0,
) -> None:
    """Append the text of ``elem``'s content to ``out``; collect tarjama's term marks."""
    if depth > MAX_INLINE_DEPTH:
        raise TranslatorError(
            f"{shown} nests inline markup more than {MAX_INLINE_DEPTH} levels deep in one "
            "segment; no real file does: it is refused"
        )
    if elem.text:
        out.append(elem.text)
    for child in elem:
        if child.tag is etree.Entity:
            raise entity_error(shown, child)
        name = _local(child)
        code = _CODE_2 if version == "2" else _CODE_12
        if name == "cp" and version == "2":
            with contextlib.suppress(ValueError):
                out.append(chr(int(child.get("hex", ""), 16)))
        elif name == "ph" and version == "1.2" and child.get("ctype") == "x-tarjama-char":
            with contextlib.suppress(ValueError):
                out.append(chr(int((child.text or "").strip(), 16)))
        elif name not in code:  # mrk, pc, g, sub and anything unknown: their text counts
            status = child.get(q(TJ_NS, "status"))
            is_term = (child.get("type") == "term" or child.get("mtype") == "term") and (
                status is not None
            )
            start = sum(len(p) for p in out)
            _inline(child, version, out, terms, shown, depth + 1)
            if is_term and terms is not None:
                end = sum(len(p) for p in out)
                target = child.get("value") if version == "2" else child.get(q(TJ_NS, "target"))
                term: dict[str, Any] = {
                    "source": "".join(out)[start:end],
                    "start": start,
                    "end": end,
                    "target": target or "",
                    "status": status,
                }
                extra = child.get(q(TJ_NS, "extra"))
                if extra:
                    try:
                        loaded = json.loads(extra)
                    except ValueError:
                        loaded = None
                    if isinstance(loaded, dict):
                        term.update(loaded)
                terms.append(term)
        if child.tail:
            out.append(child.tail)


def _text(elem: etree._Element | None, version: str, shown: str) -> str:
    if elem is None:
        return ""
    out: list[str] = []
    _inline(elem, version, out, None, shown)
    return "".join(out)


def _source(elem: etree._Element, version: str, shown: str) -> tuple[str, list[dict[str, Any]]]:
    out: list[str] = []
    terms: list[dict[str, Any]] = []
    _inline(elem, version, out, terms, shown)
    return "".join(out), terms


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _terms_fact(value: str | None) -> list[dict[str, Any]] | None:
    if value is None:
        return None
    try:
        loaded = json.loads(value)
    except ValueError:
        return None
    return loaded if isinstance(loaded, list) else None


# ---------------------------------------------------------------------- XLIFF 2.x
def _meta_in(meta: etree._Element, category: str, shown: str) -> dict[str, str] | None:
    """The ``category`` metaGroup of one ``<mda:metadata>`` as type -> text, if it has one."""
    for group in meta.findall(q(MDA_NS, "metaGroup")):
        if group.get("category") == category:
            return {
                item.get("type", ""): _text(item, "2", shown)
                for item in group.findall(q(MDA_NS, "meta"))
            }
    return None


def _meta_group(parent: etree._Element, category: str, shown: str) -> dict[str, str] | None:
    for meta in parent.findall(q(MDA_NS, "metadata")):
        found = _meta_in(meta, category, shown)
        if found is not None:
            return found
    return None


def _unit_2(unit: etree._Element, doc: BilingualDocument, shown: str) -> list[BilingualSegment]:
    ns = XLIFF2_NS
    facts = _meta_group(unit, SEGMENT_META, shown) or {}
    if facts:
        doc.tarjama = True
    machine = memory = origin = None
    for match in unit.iter(q(MTC_NS, "match")):
        sub = match.get("subType")
        if sub == SUBSTATE_PREFIX + MACHINE_KIND and machine is None:
            machine = _text(match.find(q(ns, "target")), "2", shown)
        elif sub == SUBSTATE_PREFIX + MEMORY_KIND and memory is None:
            memory = _text(match.find(q(ns, "target")), "2", shown)
            origin = match.get("origin") or ""
    warnings: list[str] = []
    notes: list[str] = []
    for note in unit.iter(q(ns, "note")):
        category = note.get("category")
        if category == WARNING_NOTE:
            warnings.append(_text(note, "2", shown))
        elif category != TERMS_NOTE:
            notes.append(_text(note, "2", shown))
    segments = unit.findall(q(ns, "segment"))
    out: list[BilingualSegment] = []
    for elem in segments:
        source_elem = elem.find(q(ns, "source"))
        source, terms = _source(source_elem, "2", shown) if source_elem is not None else ("", [])
        target_elem = elem.find(q(ns, "target"))
        target = _text(target_elem, "2", shown)
        target = clean_imported(target, f"unit {unit.get('id')}", doc.warnings)
        state = elem.get("state") or "initial"
        sub = elem.get("subState") or ""
        hint = sub[len(SUBSTATE_PREFIX) :] if sub.startswith(SUBSTATE_PREFIX) else None
        if hint is not None:
            doc.tarjama = True
        status = derive_status(
            target=target,
            final=state == "final",
            hint=hint,
            machine=machine,
            memory_target=memory,
        )
        out.append(BilingualSegment(source, target, status, machine, terms=terms))
    if len(out) == 1:
        _apply_facts(out[0], facts, warnings, notes, origin)
    else:  # a tool split the unit: its facts belong to none of the pieces alone
        for seg in out:
            seg.notes = list(notes)
    return out


def _apply_facts(
    seg: BilingualSegment,
    facts: dict[str, str],
    warnings: list[str],
    notes: list[str],
    memory_origin: str | None,
) -> None:
    seg.paragraph = _int(facts.get("paragraph"))
    seg.start = _int(facts.get("start"))
    seg.end = _int(facts.get("end"))
    seg.base = facts.get("base")
    seg.memory_id = _int(facts.get("memory-id"))
    seg.memory_origin = memory_origin
    stored = _terms_fact(facts.get("terms"))
    if stored is not None:
        seg.terms = stored
    seg.warnings = warnings
    seg.notes = notes


# ---------------------------------------------------------------------- XLIFF 1.2
def _unit_12(unit: etree._Element, doc: BilingualDocument, shown: str) -> BilingualSegment:
    ns = XLIFF12_NS
    facts = {
        etree.QName(name).localname: value
        for name, value in unit.attrib.items()
        if etree.QName(name).namespace == TJ_NS
    }
    if facts:
        doc.tarjama = True
    source_elem = unit.find(q(ns, "source"))
    source, terms = _source(source_elem, "1.2", shown) if source_elem is not None else ("", [])
    target_elem = unit.find(q(ns, "target"))
    target = _text(target_elem, "1.2", shown)
    target = clean_imported(target, f"unit {unit.get('id')}", doc.warnings)
    state = target_elem.get("state") if target_elem is not None else None
    approved = unit.get("approved")
    final = approved == "yes" if approved is not None else state in ("signed-off", "final")
    machine = memory = origin = None
    for alt in unit.findall(q(ns, "alt-trans")):
        kind = alt.get(q(TJ_NS, "kind"))
        if kind == MACHINE_KIND and machine is None:
            machine = _text(alt.find(q(ns, "target")), "1.2", shown)
        elif kind == MEMORY_KIND and memory is None:
            memory = _text(alt.find(q(ns, "target")), "1.2", shown)
            origin = alt.get("origin") or ""
    warnings: list[str] = []
    notes: list[str] = []
    for note in unit.findall(q(ns, "note")):
        who = note.get("from")
        if who == WARNING_NOTE:
            warnings.append(_text(note, "1.2", shown))
        elif who != TERMS_NOTE:
            notes.append(_text(note, "1.2", shown))
    status = derive_status(
        target=target,
        final=final,
        hint=facts.get("status"),
        machine=machine,
        memory_target=memory,
    )
    seg = BilingualSegment(source, target, status, machine, terms=terms)
    _apply_facts(seg, facts, warnings, notes, origin)
    return seg
