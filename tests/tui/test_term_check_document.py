"""Names in the review follow the glossary's document rule, as the translator enforced them.

سلام is an ordinary word ("peace") and the short form of Nawaf Salam: it is a name
only after "نواف سلام" appeared earlier in the document.  The review's highlights,
missing-name warnings and exports must agree with that, sentence by sentence.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from glossary.storage import load_glossary
from tui.cli import main
from tui.project import Project, Segment, project_path_for, save_project
from tui.term_check import TermChecker

GLOSSARY = "Nawaf Salam\tنواف سلام | سلام\tperson\n"
SENTENCES = [
    "وقال سلام إن الحكومة ستجتمع.",  # before the full name: an ordinary word
    "التقى الرئيس نواف سلام الوفد.",
    "وقال سلام إن المحادثات مفيدة.",  # after it: Nawaf Salam
]
ENGLISH = [
    "He said peace means the government will meet.",
    "President Nawaf Salam met the delegation.",
    "He said the talks were useful.",  # lacks the name the translator would have forced
]


def test_the_checker_matches_the_document_not_each_sentence(tmp_path: Path) -> None:
    path = tmp_path / "names.tsv"
    path.write_text(GLOSSARY, encoding="utf-8")
    glossary = load_glossary(path)
    document = TermChecker(glossary, SENTENCES)
    names = [document.check(s, ENGLISH[i], True, i).names for i, s in enumerate(SENTENCES)]
    assert [[n.target for n in found] for found in names] == [[], ["Nawaf Salam"], ["Nawaf Salam"]]
    assert document.check(SENTENCES[2], ENGLISH[2], True, 2).missing == ("Nawaf Salam",)
    # a sentence matched alone knows nothing of the document before it
    assert TermChecker(glossary).check(SENTENCES[2], ENGLISH[2]).names == ()


def test_review_highlights_warnings_and_exports_use_the_document_rule(
    tmp_path: Path, make_app
) -> None:
    glossary = tmp_path / "names.tsv"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    source = tmp_path / "salam.txt"
    text = "".join(s + "\n" for s in SENTENCES)
    source.write_text(text, encoding="utf-8")
    segments, start = [], 0
    for paragraph, (arabic, english) in enumerate(zip(SENTENCES, ENGLISH, strict=True)):
        segments.append(
            Segment(paragraph, start, start + len(arabic), arabic, english, english, "machine")
        )
        start += len(arabic) + 1
    project = Project(project_path_for(source), text, source, segments, glossary_path=glossary)
    save_project(project)

    async def review() -> None:
        app = make_app(source)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert [len(t.names) for t in app.terms] == [0, 1, 1]
            assert [t.missing for t in app.terms] == [(), (), ("Nawaf Salam",)]
            assert "1 ⚠ missing names" in app.sub_title
            await pilot.press("ctrl+q")

    asyncio.run(review())
    out = tmp_path / "salam.jsonl"
    assert main(["export", str(source), "-o", str(out), "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["missing"] for r in records] == [[], [], ["Nawaf Salam"]]
