"""Characters XML 1.0 cannot hold (most C0 controls, lone surrogates, U+FFFE/U+FFFF).

lxml refuses them with a bare ValueError; the writers split text around them and
write each as a code point element (XLIFF 2 ``<cp hex="…"/>``) or refuse with a line
that names the text (TMX has no such element).
"""

from __future__ import annotations

import re

INVALID_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def pieces(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is_invalid_char) runs, in order."""
    out: list[tuple[str, bool]] = []
    cursor = 0
    for m in INVALID_XML.finditer(text):
        if m.start() > cursor:
            out.append((text[cursor : m.start()], False))
        out.append((m.group(), True))
        cursor = m.end()
    if cursor < len(text):
        out.append((text[cursor:], False))
    return out


def has_invalid(text: str) -> bool:
    return INVALID_XML.search(text) is not None
