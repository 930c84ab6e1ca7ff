"""What the XLIFF writer and reader agree on: namespaces, versions, and the state mapping.

Segment states (tarjama → XLIFF):

============  ==============================  ==========================================
tarjama       XLIFF 2.1 ``state`` (subState)  XLIFF 1.2 ``<target state>`` (qualifier)
============  ==============================  ==========================================
pending       initial (tarjama:pending)       no ``<target>``
machine       translated (tarjama:machine)    needs-review-translation (leveraged-mt)
edited        translated (tarjama:edited)     translated
approved      final (tarjama:approved)        signed-off, and ``approved="yes"``
tm            translated (tarjama:tm)         translated (exact-match)
============  ==============================  ==========================================

Reading back (``derive_status``) trusts what another tool can change: a segment whose
English is empty is pending; one in state ``final`` (2.x), or ``signed-off``/``final``
or ``approved="yes"`` (1.2), is approved; otherwise it is ``machine`` only while its
English is still the model's, ``tm`` only while it is still the memory's, and
``edited`` in every other case.
"""

from __future__ import annotations

XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"
XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
MTC_NS = "urn:oasis:names:tc:xliff:matches:2.0"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
TJ_NS = "urn:tarjama:xliff:1"  # tarjama's own data where XLIFF has no place for it
XML_NS = "http://www.w3.org/XML/1998/namespace"

VERSIONS = ("2.1", "1.2")
DEFAULT_VERSION = "2.1"

# tarjama status -> (XLIFF 2 state, 1.2 target state or None for no target, 1.2 qualifier)
STATE_2 = {
    "pending": "initial",
    "machine": "translated",
    "edited": "translated",
    "approved": "final",
    "tm": "translated",
}
STATE_12 = {
    "pending": None,
    "machine": "needs-review-translation",
    "edited": "translated",
    "approved": "signed-off",
    "tm": "translated",
}
QUALIFIER_12 = {"machine": "leveraged-mt", "tm": "exact-match"}

SUBSTATE_PREFIX = "tarjama:"
PROJECT_META = "tarjama-document"  # metaGroup category (2.x) of document facts
SEGMENT_META = "tarjama-segment"  # metaGroup category (2.x) of segment facts
WARNING_NOTE = "tarjama-warning"  # note category (2.x) / from (1.2) of a segment warning
TERMS_NOTE = "tarjama-terms"  # the human-readable list of terms (not read back)
MACHINE_KIND = "machine"
MEMORY_KIND = "memory"


def tool_version() -> str:
    """tarjama's installed version, written into the files it makes."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tarjama")
    except PackageNotFoundError:
        return "unknown"


def q(ns: str, name: str) -> str:
    """Clark notation: ``{ns}name``."""
    return f"{{{ns}}}{name}"


def derive_status(
    *,
    target: str,
    final: bool,
    hint: str | None,
    machine: str | None,
    memory_target: str | None,
) -> str:
    """The tarjama status of a segment read from XLIFF (see the module docstring)."""
    if not target.strip():
        return "pending"
    if final:
        return "approved"
    if hint == "tm" and memory_target is not None and target == memory_target:
        return "tm"
    if hint == "edited":
        return "edited"
    if machine is not None and target == machine:
        return "machine"
    return "edited"
