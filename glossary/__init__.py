"""The proper-name glossary: what decides that "Patrushev" comes out as "Patrushev".

Modules, smallest first:

* ``errors`` — GlossaryError: a complete user-facing message (``FILE:LINE: problem`` lines);
* ``atomic`` — write_text_atomic / write_bytes_atomic: temp file, fsync, os.replace;
* ``entry`` — Entry (target, Arabic forms, type, note) and the rules each field obeys;
* ``termbase`` — Glossary: ordered entries, one target per Arabic form (add/remove);
* ``storage`` — the glossary file (load_glossary/save_glossary), format below;
* ``normalize`` — Arabic normalization and tokenization with an offset map;
* ``clitics`` — reading و ف ب ل ك and the article ال (and لل) off the front of a word;
* ``matcher`` — Matcher/Match: finds glossary names in Arabic text (trie, cost
  independent of glossary size); TargetFinder: finds targets in English text;
* ``omegat``, ``csv_format``, ``tbx``, ``exchange`` — import/export formats;
* ``cli`` — ``tarjama glossary ...`` (also ``python -m glossary ...``).

Glossary file (UTF-8, one entry a line, tab-separated, diffs well in git)::

    # tarjama glossary v1
    # english<TAB>arabic forms separated by " | "<TAB>type<TAB>note
    Victoria Nuland	فيكتوريا نولاند	person	US Under Secretary of State
    AstraZeneca	أسترازينيكا | أسترازينكا	organization

Type (person, organization, place, other) and note are optional; ``#`` lines
and blank lines are ignored.  See ``storage`` for every rule.

Matching, in short (details in ``normalize`` and ``clitics``): diacritics,
tatweel, alef forms, presentation forms, invisible format characters, digit
scripts, Latin case, whitespace runs and hyphens are ignored; ى/ي and ة/ه are
not (they would create false matches).  Clitics و ف ب ل ك, their pairs and the
article (ال, لل) may precede a name.  Whole words only, longest match wins,
no overlaps, spans are offsets into the original text.

This package imports nothing from ``translator`` or ``tui`` and no ML library,
so the CLI starts fast.
"""

from glossary.entry import TYPES, Entry
from glossary.errors import AtomicWriteError, GlossaryError
from glossary.matcher import Match, Matcher, TargetFinder
from glossary.storage import load_glossary, save_glossary
from glossary.termbase import Glossary

__all__ = [
    "TYPES",
    "AtomicWriteError",
    "Entry",
    "Glossary",
    "GlossaryError",
    "Match",
    "Matcher",
    "TargetFinder",
    "load_glossary",
    "save_glossary",
]
