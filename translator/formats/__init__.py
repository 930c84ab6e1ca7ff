"""Exchange formats for translations (not glossaries: those are in ``glossary``).

* ``xmltext`` — text that XML 1.0 cannot hold, found before a writer trips on it;
* ``bilingual`` — BilingualDocument: the neutral form of a translated document that the
  XLIFF writer and reader use (a review project and ``tarjama translate`` both map to it);
* ``xliff_common`` — namespaces and the state mapping shared by the XLIFF writer and reader;
* ``xliff_write`` / ``xliff_read`` — XLIFF 2.1 and 1.2;
* ``tmx`` — TMX 1.4b.

All written with lxml and tarjama's own small writers, not translate-toolkit (GPL),
so tarjama stays Apache-2.0 (docs/design/formats.md says more).
"""
