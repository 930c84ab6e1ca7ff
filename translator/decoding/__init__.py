"""Decoding backends: how a batch of Arabic sentences becomes English tokens.

* ``backend`` — the ``Backend`` protocol every decoder implements, its data
  (``Decoded``, ``Continuation``) and the table of backends by name, resolved lazily;
* ``ct2_backend`` — the CTranslate2 backend (conversion cache, int8 decode);
* ``torch_prefix`` — the PyTorch backend (transformers ``generate``);
* ``marian`` — loading the tokenizer and PyTorch model both start from;
* ``batching`` and ``lengths`` — length-sorted batches, padding and the
  output-length cap every backend shares;
* ``free_decoding`` — plain beam search with transformers ``generate``;
* ``alignment`` — the alignment head's attention read from a PyTorch forward pass;
* ``constrained`` — tarjama's own constraint-aware beam search over a Marian
  model's forward pass (hand-written: transformers 5 dropped constrained search).

Which glossary names a sentence owes, and holding a backend to them, lives in
``translator.enforcement``.
"""
