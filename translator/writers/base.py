"""What every writer shares: its option declarations, the streaming protocol, a review's shape.

Writers import nothing heavy at the top (lxml, the memory store, sacrebleu come when
one writes), so declaring ``--format`` costs a few small imports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from translator.engine import Block
    from translator.formats.bilingual import BilingualDocument
    from translator.formats.tmx import TmxUnit


@dataclass(frozen=True)
class Option:
    """One command-line option of a writer: ``--flag`` and ``argparse`` keywords."""

    flag: str
    commands: frozenset[str]  # "translate", "export": where the option is offered
    argparse: dict[str, Any] = field(default_factory=dict)

    @property
    def dest(self) -> str:
        """The writer's keyword (and the parsed attribute): ``--xliff-version`` → xliff_version."""
        return self.flag.lstrip("-").replace("-", "_")


class StreamWriter:
    """Writes a translation block by block; the pieces joined equal ``render``'s output.

    ``begin`` / ``block`` / ``end`` return the text to append.  ``state`` is what
    a checkpoint keeps (taken only after a block that ends a paragraph) and
    ``restore`` puts it back when a run resumes.
    """

    def begin(self) -> str:
        return ""

    def block(self, block: Block) -> str:
        raise NotImplementedError

    def end(self) -> str:
        return ""

    def state(self) -> dict[str, Any]:
        return {}

    def restore(self, state: dict[str, Any]) -> None:
        """Continue after a checkpoint taken with ``state``."""


class ReviewSegment(Protocol):
    """A segment of a saved review, as the export writers read it."""

    paragraph: int
    start: int
    end: int
    status: str  # pending, machine, edited, approved, ...
    source: str
    target: str
    machine: str | None


class ReviewSource(Protocol):
    """A saved review, as the export writers read it (``tui.export.ProjectExport``)."""

    @property
    def segments(self) -> Sequence[ReviewSegment]: ...

    def names(self, index: int) -> tuple[Sequence[str], Sequence[str]] | None:
        """The glossary names segment ``index`` requires and those its English lacks;
        None without a glossary."""

    def bilingual(self) -> BilingualDocument:
        """The review as the XLIFF writer's neutral document."""

    def tmx_units(self, user: str) -> list[TmxUnit]:
        """Its approved segments as TMX units signed by ``user``."""


def post_edit_ter(machine: str | None, target: str) -> float | None:
    """Post-editing effort: TER from the machine output to the final English."""
    if machine is None or not target.strip():
        return None
    if machine.strip() == target.strip():
        return 0.0
    # lazy: loads when written; `translate --help` loads the writers table
    from translator.scoring import sentence_ter

    return sentence_ter(machine, target)


def flat(text: str) -> str:
    """Text on one line: runs of whitespace (tabs, line breaks) as one space."""
    return " ".join(text.split())
