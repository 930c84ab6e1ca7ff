"""Glossary enforcement: what a sentence owes, and holding each backend to it.

* ``terms`` — requirements from the glossary's matches, verifying an English
  output against them, statuses and term accuracy;
* ``enforce`` — the Enforcer: strict/check/off over the PyTorch model, with the
  constrained decoder from ``translator.decoding.constrained``;
* ``ct2_glossary`` — the same rules on the CTranslate2 fast path.
"""
