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
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from lxml import etree

from glossary.safe_text import clean_imported
from translator.errors import TranslatorError
from translator.formats.bilingual import BilingualDocument, BilingualSegment
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


def read_xliff(path: str | Path) -> BilingualDocument:
    """The XLIFF file at ``path``; TranslatorError (one line) when it cannot be read."""
    shown = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise TranslatorError(f"cannot read {shown}: {err.strerror or err}") from err
    return parse_xliff(data, shown)


def parse_xliff(data: bytes, shown: str = "XLIFF") -> BilingualDocument:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as err:
        raise TranslatorError(f"{shown} is not well-formed XML: {err}") from err
    tag = etree.QName(root)
    if tag.localname == "xliff" and tag.namespace == XLIFF2_NS:
        return _read_2(root, shown)
    if tag.localname == "xliff" and tag.namespace == XLIFF12_NS:
        return _read_12(root, shown)
    raise TranslatorError(
        f"{shown} is not an XLIFF 1.2 or 2.x file (its root is <{tag.localname}> "
        f"in {tag.namespace or 'no namespace'})"
    )


# ---------------------------------------------------------------------- inline content
def _local(elem: Any) -> str:
    return etree.QName(elem).localname if isinstance(elem.tag, str) else ""


def _inline(
    elem: etree._Element, version: str, out: list[str], terms: list[dict[str, Any]] | None
) -> None:
    """Append the text of ``elem``'s content to ``out``; collect tarjama's term marks."""
    if elem.text:
        out.append(elem.text)
    for child in elem:
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
            _inline(child, version, out, terms)
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


def _text(elem: etree._Element | None, version: str) -> str:
    if elem is None:
        return ""
    out: list[str] = []
    _inline(elem, version, out, None)
    return "".join(out)


def _source(elem: etree._Element, version: str) -> tuple[str, list[dict[str, Any]]]:
    out: list[str] = []
    terms: list[dict[str, Any]] = []
    _inline(elem, version, out, terms)
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
def _meta_group(parent: etree._Element, category: str) -> dict[str, str] | None:
    for meta in parent.findall(q(MDA_NS, "metadata")):
        for group in meta.findall(q(MDA_NS, "metaGroup")):
            if group.get("category") == category:
                return {
                    item.get("type", ""): _text(item, "2")
                    for item in group.findall(q(MDA_NS, "meta"))
                }
    return None


def _read_2(root: etree._Element, shown: str) -> BilingualDocument:
    ns = XLIFF2_NS
    files = root.findall(q(ns, "file"))
    if not files:
        raise TranslatorError(f"{shown} has no <file> element")
    metadata = _meta_group(files[0], PROJECT_META)
    doc = BilingualDocument(
        segments=[],
        original=files[0].get("original") or Path(shown).stem,
        source_language=root.get("srcLang") or "ar",
        target_language=root.get("trgLang") or "en",
        metadata=metadata or {},
        version=root.get("version") or "2.0",
        tarjama=metadata is not None,
    )
    for file in files:
        for unit in file.iter(q(ns, "unit")):
            doc.segments.extend(_unit_2(unit, doc))
    return doc


def _unit_2(unit: etree._Element, doc: BilingualDocument) -> list[BilingualSegment]:
    ns = XLIFF2_NS
    facts = _meta_group(unit, SEGMENT_META) or {}
    if facts:
        doc.tarjama = True
    machine = memory = origin = None
    for match in unit.iter(q(MTC_NS, "match")):
        sub = match.get("subType")
        if sub == SUBSTATE_PREFIX + MACHINE_KIND and machine is None:
            machine = _text(match.find(q(ns, "target")), "2")
        elif sub == SUBSTATE_PREFIX + MEMORY_KIND and memory is None:
            memory = _text(match.find(q(ns, "target")), "2")
            origin = match.get("origin") or ""
    warnings: list[str] = []
    notes: list[str] = []
    for note in unit.iter(q(ns, "note")):
        category = note.get("category")
        if category == WARNING_NOTE:
            warnings.append(_text(note, "2"))
        elif category != TERMS_NOTE:
            notes.append(_text(note, "2"))
    segments = unit.findall(q(ns, "segment"))
    out: list[BilingualSegment] = []
    for elem in segments:
        source_elem = elem.find(q(ns, "source"))
        source, terms = _source(source_elem, "2") if source_elem is not None else ("", [])
        target_elem = elem.find(q(ns, "target"))
        target = clean_imported(_text(target_elem, "2"), f"unit {unit.get('id')}", doc.warnings)
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
def _read_12(root: etree._Element, shown: str) -> BilingualDocument:
    ns = XLIFF12_NS
    files = root.findall(q(ns, "file"))
    if not files:
        raise TranslatorError(f"{shown} has no <file> element")
    first = files[0]
    metadata: dict[str, str] | None = None
    header = first.find(q(ns, "header"))
    box = header.find(q(TJ_NS, "metadata")) if header is not None else None
    if box is not None:
        metadata = {item.get("type", ""): _text(item, "1.2") for item in box}
    doc = BilingualDocument(
        segments=[],
        original=first.get("original") or Path(shown).stem,
        source_language=first.get("source-language") or "ar",
        target_language=first.get("target-language") or "en",
        metadata=metadata or {},
        version=root.get("version") or "1.2",
        tarjama=metadata is not None,
    )
    for file in files:
        for unit in file.iter(q(ns, "trans-unit")):
            doc.segments.append(_unit_12(unit, doc))
    return doc


def _unit_12(unit: etree._Element, doc: BilingualDocument) -> BilingualSegment:
    ns = XLIFF12_NS
    facts = {
        etree.QName(name).localname: value
        for name, value in unit.attrib.items()
        if etree.QName(name).namespace == TJ_NS
    }
    if facts:
        doc.tarjama = True
    source_elem = unit.find(q(ns, "source"))
    source, terms = _source(source_elem, "1.2") if source_elem is not None else ("", [])
    target_elem = unit.find(q(ns, "target"))
    target = clean_imported(_text(target_elem, "1.2"), f"unit {unit.get('id')}", doc.warnings)
    state = target_elem.get("state") if target_elem is not None else None
    approved = unit.get("approved")
    final = approved == "yes" if approved is not None else state in ("signed-off", "final")
    machine = memory = origin = None
    for alt in unit.findall(q(ns, "alt-trans")):
        kind = alt.get(q(TJ_NS, "kind"))
        if kind == MACHINE_KIND and machine is None:
            machine = _text(alt.find(q(ns, "target")), "1.2")
        elif kind == MEMORY_KIND and memory is None:
            memory = _text(alt.find(q(ns, "target")), "1.2")
            origin = alt.get("origin") or ""
    warnings: list[str] = []
    notes: list[str] = []
    for note in unit.findall(q(ns, "note")):
        who = note.get("from")
        if who == WARNING_NOTE:
            warnings.append(_text(note, "1.2"))
        elif who != TERMS_NOTE:
            notes.append(_text(note, "1.2"))
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
