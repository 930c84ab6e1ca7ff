"""Helpers shared by the end-to-end tests."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from glossary.matcher import Matcher
    from tests.support.names_reference import ReferenceWord

TARJAMA = str(Path(sys.executable).parent / "tarjama")


def name_context_problems(
    output: str,
    reference: Sequence[ReferenceWord],
    window: int = 2,
    optional_clitics: bool = True,
) -> list[str]:
    """Differences between ``output`` and the names reference near a name; [] when none.

    ``reference`` is ``tests.support.names_reference.reference_words(sentence, matches)``.
    Words are compared exactly (split on whitespace) with difflib; a difference
    counts when it touches a name's words or the ``window`` words either side
    (a dropped "said", "Poutine Putin", a name one word off).  With
    ``optional_clitics`` a clitic the Arabic attached to the name (``w`` of
    وبوتين) may be written before the name or left out.
    """
    from difflib import SequenceMatcher

    ref = [w for w in reference if not (optional_clitics and w.kind == "clitic")]
    clitics = {w.name: w.text for w in reference if w.kind == "clitic"}
    words = [w.text for w in ref]
    out = output.split()
    near: set[int] = set()
    for i, w in enumerate(ref):
        if w.kind == "name":
            near.update(range(max(0, i - window), min(len(ref), i + window + 1)))
    problems: list[str] = []
    matcher = SequenceMatcher(a=words, b=out, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        starts_name = (
            i1 < len(ref)
            and ref[i1].kind == "name"
            and (i1 == 0 or ref[i1 - 1].name != ref[i1].name)
        )
        if (
            optional_clitics
            and tag == "insert"
            and starts_name
            and out[j1:j2] == [clitics.get(ref[i1].name)]
        ):
            continue
        touched = range(i1, i2) if i2 > i1 else (i1 - 1, i1)
        if any(k in near for k in touched):
            problems.append(
                f"{tag}: reference {' '.join(words[i1:i2])!r} -> output {' '.join(out[j1:j2])!r}"
            )
    return problems


def assert_name_context(output: str, sentence: str, matcher: Matcher, window: int = 2) -> None:
    """Assert that the words around every forced name are exactly the reference's."""
    from tests.support.names_reference import names_reference, reference_words

    matches = [m for m in matcher.find(sentence) if not m.suggest]
    problems = name_context_problems(output, reference_words(sentence, matches), window)
    assert not problems, (
        "words around a name differ from the reference:\n  "
        + "\n  ".join(problems)
        + f"\n  reference: {names_reference(sentence, matches)}\n  output:    {output}"
    )
