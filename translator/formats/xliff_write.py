"""Writing a BilingualDocument as XLIFF 2.1 or 1.2 (lxml; tarjama's own small writer).

Layout, both versions: one ``<file>`` (``original`` = the Arabic file's name), one
``<group>`` per paragraph (``p1``, ``p2``, …), one unit per sentence (2.1 ``<unit
id="u1">`` with one ``<segment id="s1">``; 1.2 ``<trans-unit id="1">``).  Per unit:

* the Arabic in ``<source>``, the English in ``<target>`` (none while pending), the state
  as in ``xliff_common``;
* glossary terms as ITS terminology annotations on the Arabic: 2.1 ``<mrk type="term"
  value="TARGET">`` (the ITS module's termInfo), 1.2 ``<mrk mtype="term">``, each with
  ``tj:status`` (any string) and, in 1.2, ``tj:target``; keys beyond the usual five in
  ``tj:extra`` (JSON).  Terms that cannot be inline (overlapping or not matching the
  Arabic) go whole into a ``terms`` metadata item instead, so nothing is lost;
* a note listing the terms for people (``tarjama-terms``), and one note per warning
  (``tarjama-warning``);
* the model's English as a translation candidate: 2.1 ``<mtc:match type="mt">``, 1.2
  ``<alt-trans>`` with the model as ``origin``; English reused from the memory as a
  100 % ``tm`` match with the memory's origin;
* tarjama's own facts (paragraph, offsets, status, export fingerprint, memory id): 2.1
  in the Metadata module (``<mda:metaGroup category="tarjama-segment">``), 1.2 as
  ``tj:`` attributes on the trans-unit; document facts (model, glossary, …) in a file
  level metaGroup (2.1) or a ``<tj:metadata>`` element in the header (1.2).

Indentation is added between structural elements only: text inside ``<source>``,
``<target>`` and notes is written exactly as held (with ``xml:space="preserve"``).
"""

from __future__ import annotations

import json
from typing import Any

from lxml import etree

from translator.formats.bilingual import BilingualDocument, BilingualSegment
from translator.formats.xliff_common import (
    MACHINE_KIND,
    MDA_NS,
    MEMORY_KIND,
    MTC_NS,
    PROJECT_META,
    QUALIFIER_12,
    SEGMENT_META,
    STATE_2,
    STATE_12,
    SUBSTATE_PREFIX,
    TERMS_NOTE,
    TJ_NS,
    VERSIONS,
    WARNING_NOTE,
    XLIFF2_NS,
    XLIFF12_NS,
    XML_NS,
    q,
)
from translator.formats.xmltext import pieces

TERM_KEYS = ("source", "start", "end", "target", "status")
_SPACE = q(XML_NS, "space")
_LANG = q(XML_NS, "lang")


def write_xliff(doc: BilingualDocument, version: str = "2.1", *, tool_version: str = "") -> bytes:
    """The document as XLIFF ``version`` ("2.1" or "1.2"), UTF-8 bytes."""
    if version not in VERSIONS:
        raise ValueError(f"XLIFF version {version!r}; use one of {', '.join(VERSIONS)}")
    root = _write_2(doc) if version == "2.1" else _write_12(doc, tool_version)
    _indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


# ---------------------------------------------------------------------- shared pieces
def _add_text(parent: etree._Element, text: str, version: str, counter: list[int]) -> None:
    """Append ``text`` after the last child of ``parent``, code points XML lacks as elements."""
    for piece, invalid in pieces(text):
        if invalid:
            hexa = f"{ord(piece):04X}"
            if version == "2.1":
                etree.SubElement(parent, q(XLIFF2_NS, "cp"), hex=hexa)
            else:
                counter[0] += 1
                ph = etree.SubElement(
                    parent, q(XLIFF12_NS, "ph"), id=f"cp{counter[0]}", ctype="x-tarjama-char"
                )
                ph.text = hexa
            continue
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + piece
        else:
            parent.text = (parent.text or "") + piece


def _inline_terms(text: str, terms: list[dict[str, Any]]) -> bool:
    """Whether ``terms`` can be written as marks on ``text``: in order, apart, matching it."""
    cursor = 0
    for term in terms:
        start, end = term.get("start"), term.get("end")
        if not isinstance(start, int) or not isinstance(end, int):
            return False
        if start < cursor or end <= start or end > len(text):
            return False
        if text[start:end] != term.get("source") or not isinstance(term.get("target"), str):
            return False
        if not isinstance(term.get("status", ""), str):
            return False
        cursor = end
    return True


def _extra(term: dict[str, Any]) -> str | None:
    extra = {k: v for k, v in term.items() if k not in TERM_KEYS}
    return json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None


def _write_source(
    parent: etree._Element, ns: str, seg: BilingualSegment, version: str
) -> tuple[etree._Element, bool]:
    """``<source>`` with the terms marked; False when the terms did not fit inline."""
    source = etree.SubElement(parent, q(ns, "source"))
    if version == "2.1":
        source.set(_SPACE, "preserve")  # 1.2: the trans-unit carries it
    counter = [0]
    inline = _inline_terms(seg.source, seg.terms)
    if not inline or not seg.terms:
        _add_text(source, seg.source, version, counter)
        return source, inline
    cursor = 0
    for number, term in enumerate(seg.terms, start=1):
        _add_text(source, seg.source[cursor : term["start"]], version, counter)
        if version == "2.1":
            mark = etree.SubElement(
                source, q(ns, "mrk"), id=f"t{number}", type="term", value=term["target"]
            )
        else:
            mark = etree.SubElement(source, q(ns, "mrk"), mtype="term", mid=f"t{number}")
            mark.set("comment", f"{term['target']} ({term.get('status', '')})")
            mark.set(q(TJ_NS, "target"), term["target"])
        mark.set(q(TJ_NS, "status"), term.get("status", ""))
        extra = _extra(term)
        if extra:
            mark.set(q(TJ_NS, "extra"), extra)
        _add_text(mark, seg.source[term["start"] : term["end"]], version, counter)
        cursor = term["end"]
    _add_text(source, seg.source[cursor:], version, counter)
    return source, True


def _text_element(parent: etree._Element, tag: str, text: str, version: str) -> etree._Element:
    elem = etree.SubElement(parent, tag)
    if version == "2.1":
        elem.set(_SPACE, "preserve")  # 1.2: the trans-unit carries it
    _add_text(elem, text, version, [100])
    return elem


def _terms_note(seg: BilingualSegment) -> str:
    return "; ".join(
        f"{t.get('source', '')} → {t.get('target', '')} ({t.get('status', '')})" for t in seg.terms
    )


def _segment_facts(seg: BilingualSegment, inline: bool, version: str) -> list[tuple[str, str]]:
    # 2.1 says the status in the segment's subState; 1.2 has no such attribute
    facts: list[tuple[str, str]] = [("status", seg.status)] if version == "1.2" else []
    for name, value in (("paragraph", seg.paragraph), ("start", seg.start), ("end", seg.end)):
        if value is not None:
            facts.append((name, str(value)))
    if seg.base:
        facts.append(("base", seg.base))
    if seg.memory_id is not None:
        facts.append(("memory-id", str(seg.memory_id)))
    if not inline:
        facts.append(("terms", json.dumps(seg.terms, ensure_ascii=False)))
    return facts


# ---------------------------------------------------------------------- XLIFF 2.1
def _write_2(doc: BilingualDocument) -> etree._Element:
    ns = XLIFF2_NS
    root = etree.Element(
        q(ns, "xliff"), nsmap={None: ns, "mtc": MTC_NS, "mda": MDA_NS, "tj": TJ_NS}
    )
    root.set("version", "2.1")
    root.set("srcLang", doc.source_language)
    root.set("trgLang", doc.target_language)
    file = etree.SubElement(root, q(ns, "file"), id="f1", original=doc.original)
    if doc.metadata:
        _metadata(file, PROJECT_META, sorted(doc.metadata.items()))
    for number, group in enumerate(doc.paragraphs(), start=1):
        g = etree.SubElement(file, q(ns, "group"), id=f"p{number}")
        for index, seg in group:
            _unit_2(g, index + 1, seg, doc)
    return root


def _metadata(parent: etree._Element, category: str, facts: list[tuple[str, str]]) -> None:
    meta = etree.SubElement(parent, q(MDA_NS, "metadata"))
    group = etree.SubElement(meta, q(MDA_NS, "metaGroup"), category=category)
    for name, value in facts:
        item = etree.SubElement(group, q(MDA_NS, "meta"), type=name)
        _add_text(item, value, "2.1", [0])


def _unit_2(parent: etree._Element, n: int, seg: BilingualSegment, doc: BilingualDocument) -> None:
    ns = XLIFF2_NS
    unit = etree.SubElement(parent, q(ns, "unit"), id=f"u{n}")
    candidate = _candidate(seg, doc)
    if candidate is not None:
        kind, origin, english = candidate
        matches = etree.SubElement(unit, q(MTC_NS, "matches"))
        match = etree.SubElement(matches, q(MTC_NS, "match"), ref=f"#s{n}")
        match.set("type", "mt" if kind == MACHINE_KIND else "tm")
        if kind == MEMORY_KIND:
            match.set("similarity", "100")
        if origin:
            match.set("origin", origin)
        match.set("subType", SUBSTATE_PREFIX + kind)
        _text_element(match, q(ns, "source"), seg.source, "2.1")
        _text_element(match, q(ns, "target"), english, "2.1")
    # The source is built first (detached) to learn whether the terms fit inline.
    holder = etree.Element(q(ns, "segment"))
    _, inline = _write_source(holder, ns, seg, "2.1")
    _metadata(unit, SEGMENT_META, _segment_facts(seg, inline, "2.1"))
    notes = [(TERMS_NOTE, _terms_note(seg), "source")] if seg.terms else []
    notes += [(WARNING_NOTE, w, None) for w in seg.warnings]
    if notes:
        box = etree.SubElement(unit, q(ns, "notes"))
        for category, text, applies in notes:
            note = etree.SubElement(box, q(ns, "note"), category=category)
            if applies:
                note.set("appliesTo", applies)
            _add_text(note, text, "2.1", [0])
    segment = etree.SubElement(unit, q(ns, "segment"), id=f"s{n}")
    segment.set("state", STATE_2[seg.status])
    segment.set("subState", SUBSTATE_PREFIX + seg.status)
    segment.append(holder[0])
    if seg.status != "pending" or seg.target:
        _text_element(segment, q(ns, "target"), seg.target, "2.1")


def _candidate(seg: BilingualSegment, doc: BilingualDocument) -> tuple[str, str, str] | None:
    """(kind, origin, English) of the translation candidate to write beside the target."""
    if seg.status == "tm" and seg.memory_origin is not None:
        return MEMORY_KIND, seg.memory_origin, seg.target
    if seg.machine is not None:
        return MACHINE_KIND, doc.metadata.get("model", ""), seg.machine
    return None


# ---------------------------------------------------------------------- XLIFF 1.2
def _write_12(doc: BilingualDocument, tool_version: str) -> etree._Element:
    ns = XLIFF12_NS
    root = etree.Element(q(ns, "xliff"), nsmap={None: ns, "tj": TJ_NS})
    root.set("version", "1.2")
    file = etree.SubElement(root, q(ns, "file"), original=doc.original, datatype="plaintext")
    file.set("source-language", doc.source_language)
    file.set("target-language", doc.target_language)
    header = etree.SubElement(file, q(ns, "header"))
    tool = etree.SubElement(header, q(ns, "tool"))
    tool.set("tool-id", "tarjama")
    tool.set("tool-name", "tarjama")
    if tool_version:
        tool.set("tool-version", tool_version)
    if doc.metadata:
        box = etree.SubElement(header, q(TJ_NS, "metadata"))
        for name, value in sorted(doc.metadata.items()):
            item = etree.SubElement(box, q(TJ_NS, "meta"), type=name)
            _add_text(item, value, "1.2", [0])
    body = etree.SubElement(file, q(ns, "body"))
    for number, group in enumerate(doc.paragraphs(), start=1):
        g = etree.SubElement(body, q(ns, "group"), id=f"p{number}")
        for index, seg in group:
            _unit_12(g, index + 1, seg, doc)
    return root


def _unit_12(parent: etree._Element, n: int, seg: BilingualSegment, doc: BilingualDocument) -> None:
    ns = XLIFF12_NS
    unit = etree.SubElement(parent, q(ns, "trans-unit"), id=str(n))
    unit.set(_SPACE, "preserve")
    if seg.status == "approved":
        unit.set("approved", "yes")
    source, inline = _write_source(unit, ns, seg, "1.2")
    source.set(_LANG, doc.source_language)
    for name, value in _segment_facts(seg, inline, "1.2"):
        unit.set(q(TJ_NS, name), value)
    state = STATE_12[seg.status]
    if state is not None or seg.target:
        target = _text_element(unit, q(ns, "target"), seg.target, "1.2")
        target.set(_LANG, doc.target_language)
        if state is not None:
            target.set("state", state)
        if seg.status in QUALIFIER_12:
            target.set("state-qualifier", QUALIFIER_12[seg.status])
    if seg.terms:
        note = etree.SubElement(unit, q(ns, "note"), annotates="source")
        note.set("from", TERMS_NOTE)
        _add_text(note, _terms_note(seg), "1.2", [0])
    for warning in seg.warnings:
        note = etree.SubElement(unit, q(ns, "note"), annotates="general")
        note.set("from", WARNING_NOTE)
        _add_text(note, warning, "1.2", [0])
    candidate = _candidate(seg, doc)
    if candidate is not None:
        kind, origin, english = candidate
        alt = etree.SubElement(unit, q(ns, "alt-trans"), alttranstype="proposal")
        if origin:
            alt.set("origin", origin)
        if kind == MEMORY_KIND:
            alt.set("match-quality", "100")
        alt.set(q(TJ_NS, "kind"), kind)
        src = _text_element(alt, q(ns, "source"), seg.source, "1.2")
        src.set(_LANG, doc.source_language)
        tgt = _text_element(alt, q(ns, "target"), english, "1.2")
        tgt.set(_LANG, doc.target_language)


# ---------------------------------------------------------------------- layout
_LEAVES = {"source", "target", "note", "meta", "tool"}


def _indent(elem: etree._Element, level: int = 0) -> None:
    """Newlines and spaces between structural elements; text-bearing ones left as they are."""
    name = etree.QName(elem).localname
    if name in _LEAVES or not len(elem):
        return
    pad = "\n" + " " * (level + 1)
    elem.text = pad
    for child in elem:
        _indent(child, level + 1)
        child.tail = pad
    elem[-1].tail = "\n" + " " * level
