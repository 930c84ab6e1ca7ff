"""TMX 1.4b: writing approved pairs and reading translation memories from other tools.

Written with lxml (tarjama's own small writer; see docs/design/formats.md for why not
translate-toolkit).  One ``<tu>`` per pair with ``creationdate``/``creationid`` and
``changedate``/``changeid`` (TMX's ``YYYYMMDDThhmmssZ``), the pair's origin in a
``<prop type="x-tarjama-origin">``, and one ``<tuv>`` per language.

Reading streams the file (``iterparse``), so a TMX of millions of units never sits in
memory.  A ``<tu>`` contributes its first ``<tuv>`` in the source language (``ar``,
``ar-EG``, …) and its first in the target language; inline codes that hold native
markup (``<bpt> <ept> <ph> <it> <ut>``) are dropped, the text of ``<hi>`` and ``<sub>``
is kept.  Units without both languages are counted as skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from glossary.safe_text import clean_imported
from translator.errors import TranslatorError
from translator.formats.xmltext import has_invalid

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ORIGIN_PROP = "x-tarjama-origin"
_NATIVE_CODE = {"bpt", "ept", "ph", "it", "ut"}


@dataclass(frozen=True)
class TmxUnit:
    """One translation unit; dates in the memory's ISO form (``2024-05-01T12:00:00Z``)."""

    source: str
    target: str
    origin: str = ""
    created_at: str | None = None
    created_by: str = ""
    changed_at: str | None = None
    changed_by: str = ""
    tuid: str | None = None


@dataclass
class TmxRead:
    """What ``read_tmx`` found besides the units: counts for the user."""

    units: int = 0
    skipped: int = 0
    warnings: list[str] = field(default_factory=list)  # control characters removed (first 20)


def iso_to_tmx(stamp: str | None) -> str | None:
    """``2024-05-01T12:00:00Z`` -> ``20240501T120000Z``."""
    if not stamp:
        return None
    return stamp.replace("-", "").replace(":", "")


def tmx_to_iso(stamp: str | None) -> str | None:
    """``20240501T120000Z`` -> ``2024-05-01T12:00:00Z``; None for a missing or bad date."""
    if not stamp:
        return None
    try:
        when = datetime.strptime(stamp.strip(), "%Y%m%dT%H%M%SZ")
    except ValueError:
        return None
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def write_tmx(
    units: Iterable[TmxUnit],
    *,
    user: str,
    source_lang: str = "ar",
    target_lang: str = "en",
    created_at: str | None = None,
    tool_version: str = "",
) -> bytes:
    """A complete TMX 1.4b document (UTF-8 bytes) holding ``units``."""
    root = etree.Element("tmx", version="1.4")
    header = etree.SubElement(
        root,
        "header",
        creationtool="tarjama",
        creationtoolversion=tool_version or "unknown",
        segtype="sentence",
        datatype="plaintext",
        adminlang="en",
        srclang=source_lang,
        attrib={"o-tmf": "tarjama"},
    )
    stamp = iso_to_tmx(created_at or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    header.set("creationdate", stamp or "")
    if user:
        header.set("creationid", user)
    body = etree.SubElement(root, "body")
    for unit in units:
        tu = etree.SubElement(body, "tu")
        if unit.tuid:
            tu.set("tuid", unit.tuid)
        for name, value in (
            ("creationdate", iso_to_tmx(unit.created_at)),
            ("creationid", unit.created_by),
            ("changedate", iso_to_tmx(unit.changed_at)),
            ("changeid", unit.changed_by),
        ):
            if value:
                tu.set(name, value)
        if unit.origin:
            etree.SubElement(tu, "prop", type=ORIGIN_PROP).text = unit.origin
        for lang, text in ((source_lang, unit.source), (target_lang, unit.target)):
            if has_invalid(text):
                raise TranslatorError(
                    f"cannot write {text[:40]!r} to TMX: it holds a control character XML "
                    "cannot carry; remove it from the memory (tarjama tm remove) or the review"
                )
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
            etree.SubElement(tuv, "seg").text = text
    etree.indent(root, space=" ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _lang_matches(lang: str | None, wanted: str) -> bool:
    if not lang:
        return False
    lang = lang.lower().replace("_", "-")
    return lang == wanted.lower() or lang.startswith(wanted.lower() + "-")


def _seg_text(seg: etree._Element) -> str:
    parts: list[str] = [seg.text or ""]
    for child in seg:
        name = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if name and name not in _NATIVE_CODE:
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def read_tmx(
    path: str | Path,
    *,
    source_lang: str = "ar",
    target_lang: str = "en",
    stats: TmxRead | None = None,
) -> Iterator[TmxUnit]:
    """The pairs in a TMX file, streamed; TranslatorError (one line) for a broken file."""
    shown = str(path)
    counts = stats if stats is not None else TmxRead()
    default_origin = f"tmx:{Path(path).name}"
    try:
        events = etree.iterparse(
            str(path), events=("start", "end"), resolve_entities=False, no_network=True,
            huge_tree=True, load_dtd=False,
        )  # fmt: skip
        seen_root = False
        for event, elem in events:
            name = etree.QName(elem).localname if isinstance(elem.tag, str) else ""
            if event == "start":
                if not seen_root:
                    seen_root = True
                    if name != "tmx":
                        raise TranslatorError(f"{shown} is not a TMX file (its root is <{name}>)")
                continue
            if name != "tu":
                continue
            unit = _unit(elem, source_lang, target_lang, default_origin)
            if unit is None:
                counts.skipped += 1
            else:
                counts.units += 1
                where = f"<tu> {counts.units + counts.skipped}" + (
                    f" (tuid {unit.tuid})" if unit.tuid else ""
                )
                target = clean_imported(unit.target, where, counts.warnings, limit=20)
                yield unit if target == unit.target else replace(unit, target=target)
            elem.clear(keep_tail=False)
            while elem.getprevious() is not None:
                del elem.getparent()[0]
    except OSError as err:
        raise TranslatorError(f"cannot read {shown}: {err}") from err
    except etree.XMLSyntaxError as err:
        raise TranslatorError(f"{shown} is not well-formed XML: {err}") from err


def _unit(tu: etree._Element, source_lang: str, target_lang: str, origin: str) -> TmxUnit | None:
    texts: dict[str, str] = {}
    dates: dict[str, str | None] = {}
    for child in tu:
        name = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if name == "prop" and child.get("type") == ORIGIN_PROP and child.text:
            origin = child.text.strip()
        elif name == "tuv":
            lang = child.get(XML_LANG) or child.get("lang")
            for side, wanted in (("source", source_lang), ("target", target_lang)):
                if side not in texts and _lang_matches(lang, wanted):
                    seg = next((c for c in child if etree.QName(c).localname == "seg"), None)
                    if seg is not None:
                        texts[side] = _seg_text(seg).strip()
                        dates.setdefault("created", child.get("creationdate"))
                        dates.setdefault("changed", child.get("changedate"))
    if not texts.get("source") or not texts.get("target"):
        return None
    created = tmx_to_iso(tu.get("creationdate")) or tmx_to_iso(dates.get("created"))
    changed = tmx_to_iso(tu.get("changedate")) or tmx_to_iso(dates.get("changed")) or created
    return TmxUnit(
        source=texts["source"],
        target=texts["target"],
        origin=origin,
        created_at=created,
        created_by=tu.get("creationid") or "",
        changed_at=changed,
        changed_by=tu.get("changeid") or "",
        tuid=tu.get("tuid"),
    )
