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
* ``reused`` — ReusedSentence (``translator.pipeline.record``): a sentence whose English came
  from the memory;
* ``reuse`` — ExactReuse: the pipeline's memory stage, which reuses exact matches and leaves
  only the rest to the model, with the glossary check on every reused English; MemoryReuse,
  the pipeline with that stage behind ``Translator``'s ``translate_documents``.

The memory imports nothing from ``tui`` and no ML library.
"""
