"""The review app's shape (docs/design/architecture.md, "Review app"), kept true.

Screens, components and controllers get what they work on in their constructor:
none imports ``tui.app`` (only the command that starts the review does), so the
package has no import cycle.  Imports inside functions and under TYPE_CHECKING count.
"""

from __future__ import annotations

import grimp


def tui_graph() -> grimp.ImportGraph:
    return grimp.build_graph("tui", cache_dir=None)


def test_only_the_command_imports_the_app() -> None:
    graph = tui_graph()
    importers = graph.find_modules_that_directly_import("tui.app")
    assert all(m.startswith("tui.cli") for m in importers), importers


def test_the_review_package_has_no_import_cycle() -> None:
    graph = tui_graph()
    cycles = [
        (m, other)
        for m in sorted(graph.modules)
        for other in sorted(graph.find_modules_directly_imported_by(m))
        if graph.chain_exists(importer=other, imported=m)
    ]
    assert cycles == []


def test_the_app_provides_what_controllers_may_ask_of_it() -> None:
    """Every member of the ``ReviewHost`` Protocol exists on ``ReviewApp``."""
    from tui.app import ReviewApp
    from tui.review_host import ReviewHost

    members = [name for name in vars(ReviewHost) if not name.startswith("_")]
    assert "request_translation" in members and "notify" in members
    instance_attributes = {"memory"}  # set in ReviewApp.__init__
    missing = [m for m in members if not hasattr(ReviewApp, m) and m not in instance_attributes]
    assert missing == []
