"""The test rig: the trained test model, its checks and its reference (not installed).

``pyproject.toml`` installs only ``translator``, ``glossary`` and ``tui``, so none of this
ships in a wheel.  Tests, ``benchmarks/`` and the commands below import it as
``tests.support`` from the repository root (pytest's ``pythonpath``; the benchmark scripts
put the root on ``sys.path``):

    python -m tests.support.trained_model build DIR   # retrain the romanizer

The random-weight model builder is not here: ``tarjama bench`` builds one from an
installed wheel, so it is ``translator.bench.random_model``.
"""
