"""Decoding backends: how a batch of Arabic sentences becomes English tokens.

* ``batching`` and ``lengths`` — length-sorted batches and the output-length cap
  every backend shares;
* ``free_decoding`` — plain beam search with transformers ``generate``;
* ``ct2_backend`` — the CTranslate2 model (conversion cache, int8 decode);
* ``constrained`` — tarjama's own constraint-aware beam search over a Marian
  model's forward pass (hand-written: transformers 5 dropped constrained search).

Which glossary names a sentence owes, and holding a backend to them, lives in
``translator.enforcement``.
"""
