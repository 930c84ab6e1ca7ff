"""The proper-name glossary: what decides that "Patrushev" comes out as "Patrushev".

Modules, smallest first:

* ``errors`` — GlossaryError: a complete user-facing message (``FILE:LINE: problem`` lines);
* ``atomic`` — write_text_atomic / write_bytes_atomic: temp file, fsync, os.replace;
* ``entry`` — Entry (target, Arabic forms, type, note) and the rules each field obeys;
* ``termbase`` — Glossary: ordered entries, one target per Arabic form (add/remove);
* ``storage`` — the glossary file (load_glossary/save_glossary), format below;
* ``normalize`` — Arabic normalization and tokenization with an offset map;
* ``clitics`` — reading و ف ب ل ك and the article ال (and لل) off the front of a word;
* ``common_words`` — which forms are also ordinary Arabic words, and which words
  are words of their own that take no clitic reading (precomputed lists from
  wordfreq, ``data/``, read lazily);
* ``matcher`` — Matcher/Match: finds glossary names in Arabic text (trie, cost
  independent of glossary size), with the article rule per type and the document
  rule for short forms that are words; TargetFinder: finds targets in English text;
* ``checks`` — what ``glossary check`` warns about beyond the file's rules;
* ``index_cache`` — the validated entries and compiled matcher index cached by content
  hash in the user's cache folder: ``load_compiled`` (Glossary and Matcher, for
  ``translate``), ``load_matcher`` (``glossary match``);
* ``omegat``, ``csv_format``, ``tbx``, ``exchange`` — import/export formats;
* ``cli`` — ``tarjama glossary ...`` (also ``python -m glossary ...``).

Glossary file (UTF-8, one entry a line, tab-separated, diffs well in git)::

    # tarjama glossary v1
    # english<TAB>arabic forms separated by " | "<TAB>type<TAB>note
    Victoria Nuland	فيكتوريا نولاند	person	US Under Secretary of State
    AstraZeneca	أسترازينيكا | أسترازينكا	organization
    Nawaf Salam	نواف سلام | سلام {always}	person

Type (person, organization, place, other) and note are optional; ``#`` lines
and blank lines are ignored.  A form may carry flags in braces: ``{suggest}``
(shown, never forced), ``{always}`` (exempt from the document rule),
``{article}`` (matches with an article it lacks).  See ``storage`` for every rule.

Matching, in short (details in ``normalize`` and ``clitics``): diacritics,
tatweel, alef forms, presentation forms, invisible format characters, digit
scripts, Persian/Urdu letters (ی ک ھ ہ ە ۀ ۃ), Latin case, whitespace runs and
hyphens are ignored; ى/ي and ة/ه are not (they would create false matches).
Clitics و ف ب ل ك and their pairs may precede a name; the article (ال, لل) only
organization forms and forms flagged ``{article}`` (السلام is not سلام).  A
one-word form that is also an ordinary word and part of a longer form counts
only after the longer form appeared earlier in the document.  Whole words only,
longest match wins, no overlaps, spans are offsets into the original text.

This package imports nothing from ``translator`` or ``tui`` and no ML library,
so the CLI starts fast.
"""

from glossary.entry import TYPES, Entry
from glossary.errors import AtomicWriteError, GlossaryError
from glossary.index_cache import CompiledGlossary, load_compiled
from glossary.matcher import Match, Matcher, TargetFinder
from glossary.storage import load_glossary, save_glossary
from glossary.termbase import Glossary

__all__ = [
    "TYPES",
    "AtomicWriteError",
    "CompiledGlossary",
    "Entry",
    "Glossary",
    "GlossaryError",
    "Match",
    "Matcher",
    "TargetFinder",
    "load_compiled",
    "load_glossary",
    "save_glossary",
]
