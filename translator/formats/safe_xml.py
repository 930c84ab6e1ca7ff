"""Reading XML from outside (XLIFF, TMX) safely and in bounded memory, with lxml.

``xml_events`` is ``iterparse`` set up for hostile files: no DTD is loaded, no entity
is expanded (so no XXE and no billion laughs), nothing is fetched from the network,
and libxml2's own limits (256 levels of nesting, 10 MB text nodes) stay on.  Its
errors are one ``TranslatorError`` line.  ``free`` drops an element once read, with
the earlier siblings iterparse would otherwise keep, so a reader that frees every
element it is done with holds one record at a time.  ``entity_error`` is the refusal
for an entity reference left in text: silently dropping it would change the English.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from translator.errors import TranslatorError


def xml_events(source: object, shown: str) -> Iterator[tuple[str, etree._Element]]:
    """``iterparse`` start/end events, safe for files from outside: no DTD loaded, no
    entity expanded, nothing from the network, libxml2's depth and size limits kept.
    Its errors become one TranslatorError line."""
    events = etree.iterparse(
        source, events=("start", "end"), resolve_entities=False, no_network=True,
        load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True,
    )  # fmt: skip
    try:
        yield from events
    except etree.XMLSyntaxError as err:
        text = " ".join(str(err).split())  # libxml2's messages can hold a newline
        if "depth" in text.lower():
            raise TranslatorError(
                f"{shown} nests its elements deeper than XML readers allow (256 levels; "
                f"{text}); no real file does: it is refused"
            ) from err
        raise TranslatorError(f"{shown} is not well-formed XML: {text}") from err


def entity_error(shown: str, node: object) -> TranslatorError:
    """An entity reference in text: its replacement lives in a DTD tarjama never reads."""
    name = getattr(node, "name", None) or str(node)
    return TranslatorError(
        f"{shown} uses the entity &{name}; (text defined in its DTD, which tarjama never "
        "loads); replace it with the text it stands for and import again"
    )


def free(elem: etree._Element) -> None:
    """Drop an element that has been read, and its earlier siblings (iterparse keeps them)."""
    elem.clear(keep_tail=False)
    parent = elem.getparent()
    if parent is not None:
        while elem.getprevious() is not None:
            del parent[0]
