"""The review's model queue, with a translation memory: reused sentences and the model's marks.

The queue's worker call (``TranslationQueue._run``, what its thread runs for each
chunk) goes through the same pipeline as ``tarjama translate``: the sentence in
the memory comes back reused, and a model-translated sentence keeps its
``last_resort`` marks (which the memory's old copy of the flow dropped).  The
queue is given a stand-in for the app with only what the worker reads of it
(segments, glossary, memory) and a list for the messages it posts.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

from glossary.entry import Entry
from glossary.termbase import Glossary
from translator.memory.reused import ReusedSentence
from translator.memory.store import TranslationMemory
from tui.messages import TranslationProgress
from tui.translation_queue import TranslationQueue

SYLLABLES = ["با", "تو", "ري", "سا", "كو", "مي", "نا", "لو", "دي", "فا"]
LONG = "Edinburgh Evening News of the European Medicines Agency"
SUFFIXES = "Alpha Bravo Charlie Delta Echo Foxtrot Golf Hotel India Juliet Kilo Mike November "
SUFFIXES += "Oscar Papa Romeo Sierra Tango Uniform Victor Whiskey Zulu North South East West "
SUFFIXES += "Red Blue Green White"
NAMES = [f"{SYLLABLES[i % 10]}{SYLLABLES[i // 10]}كاف" for i in range(30)]
BEFORE = "وقال بوتين إن الحوار مستمر."
LISTING = "وشارك في الاجتماع " + "، ".join(NAMES) + "."
AFTER = "وأشار بيسكوف إلى أن الاجتماع انتهى."


class Review:
    """What the queue's worker reads of ``ReviewApp``, and the messages it posts."""

    def __init__(self, sources: list[str], glossary: Glossary, memory: TranslationMemory) -> None:
        self.glossary = glossary
        self.project = SimpleNamespace(segments=[SimpleNamespace(source=s) for s in sources])
        self.errors: list[str] = []
        self.memory = SimpleNamespace(reader=lambda: memory, report=self.errors.append)
        self.messages: list[Any] = []

    def post_message(self, message: Any) -> None:
        self.messages.append(message)


def test_the_queue_reuses_the_memory_and_keeps_the_models_marks(
    tiny_model_dir: Path, tmp_path: Path
) -> None:
    entries = [Entry(f"{LONG} {s}", [n]) for s, n in zip(SUFFIXES.split(), NAMES, strict=True)]
    glossary = Glossary([*entries, Entry("Putin", ["بوتين"]), Entry("Peskov", ["بيسكوف"])])
    with TranslationMemory(tmp_path / "memory.sqlite3") as memory:
        memory.add(BEFORE, "Putin said the dialogue continues.", origin="review:x.txt")
        app = Review([BEFORE, LISTING, AFTER], glossary, memory)
        queue = TranslationQueue(app, str(tiny_model_dir), "cpu", 1, backend="ctranslate2")  # type: ignore[arg-type]
        results, model_id, held = queue._run([(0, 0, True), (1, 0, True), (2, 0, True)])
    before, listing, after = results
    assert isinstance(before, ReusedSentence) and before.origin == "review:x.txt"
    assert before.target == "Putin said the dialogue continues." and before.last_resort == []
    assert not isinstance(listing, ReusedSentence) and not isinstance(after, ReusedSentence)
    assert listing.last_resort == ["split-to-fit"]
    assert any("split at clause boundaries" in w for w in listing.warnings)
    assert after.last_resort == [] and after.target
    assert model_id == str(tiny_model_dir) and held == {} and app.errors == []
    # progress counted the reused sentence as done before the model's two
    counts = [(m.done, m.total) for m in app.messages if isinstance(m, TranslationProgress)]
    assert counts[-1] == (3, 3) and all(done >= 1 for done, total in counts if total)
