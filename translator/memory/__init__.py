"""The translation memory: approved Arabic→English sentence pairs, reused before the model.

Modules, smallest first:

* ``errors`` — MemoryStoreError: one line a user can act on;
* ``location`` — where the memory lives (``--memory``, ``$TARJAMA_MEMORY``, XDG data folder);
* ``keys`` — the exact-match key (the glossary's Arabic normalization) and word spans;
* ``entry`` — MemoryEntry: one stored pair (used by ``store`` and ``fuzzy`` alike);
* ``store`` — TranslationMemory: the SQLite store (WAL, FTS5 candidates), add/exact/remove;
* ``fuzzy`` — FuzzyMatch: FTS5 candidates scored with rapidfuzz, differing words marked;
* ``exchange`` — the memory to and from TMX (streamed import, export of all or one origin);
* ``options`` — ``--memory``/``--no-memory`` and opening the memory for reuse;
* ``reused`` — ReusedSentence: a sentence whose English came from the memory;
* ``reuse`` — MemoryReuse: the thin layer around ``Translator`` that reuses exact matches and
  sends only the rest to the model, with the glossary check on every reused English.

The memory imports nothing from ``tui`` and no ML library.
"""
