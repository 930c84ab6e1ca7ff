"""``python -m tui.cli``: the ``tarjama`` command from a source tree."""

from tui.cli import main

raise SystemExit(main())
