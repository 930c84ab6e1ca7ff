"""Glossary enforcement: what a sentence owes, and holding each backend to it.

* ``terms`` — requirements from the glossary's matches, verifying an English
  output against them, statuses and term accuracy;
* ``enforce`` — the Enforcer: the rules of strict/check/off, and the last-resort
  constrained decoder from ``translator.decoding.constrained`` on the PyTorch model;
* ``prefix_glossary`` — names placed by forced-prefix continuation, on either
  backend (CTranslate2 or PyTorch ``generate``).
"""
