"""``tarjama bench``: tarjama's default path against the loop a user writes from the model card.

A subpackage so that the command works from an installed wheel: ``command`` is the
command, ``sides`` the two child processes it times, ``seed`` the sample article shipped
as package data (``data/``), and ``random_model`` the random-weight opus-mt-sized model
the command builds when no ``--model`` is given.  The random-model builder lives here,
not in the test rig, because the installed command needs it; the tests build their tiny
random model with it too.
"""
