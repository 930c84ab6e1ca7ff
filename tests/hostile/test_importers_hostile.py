"""Every importer fed what an attacker (or a broken tool) would send it.

XXE, billion laughs, deep nesting, control characters, formula cells, path traversal
in every attribute, a big file and truncated files, for glossary TSV/CSV/TBX/OmegaT,
XLIFF 2.1 and 1.2, TMX and the review project JSON.  Each must return or refuse with
the project's one-line error (never a traceback), read no local file through an
entity, expand no entity bomb, and write nothing outside the target it was given.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hostile_support import snapshot
from importers import ENGLISH, IMPORTERS, SUFFIX, XML_KINDS, run_importer, sample
from lxml import etree

from tui.cli import main

SECRET = "TOP-SECRET-PAYROLL"


def strings(value: object, depth: int = 0) -> list[str]:
    """Every string reachable from an importer's result (what could reach the English)."""
    if depth > 6:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        items = list(value.keys()) + list(value.values())
    elif isinstance(value, list | tuple | set | frozenset):
        items = list(value)
    elif hasattr(value, "__dict__"):
        items = list(vars(value).values())
    elif hasattr(value, "__iter__") and not isinstance(value, bytes):
        items = list(value)  # a Glossary iterates its entries
    else:
        return []
    return [s for item in items for s in strings(item, depth + 1)]


def write(tmp_path: Path, kind: str, data: bytes) -> Path:
    path = tmp_path / f"input{SUFFIX[kind]}"
    path.write_bytes(data)
    return path


def with_doctype(kind: str, subset: str, english: str) -> bytes:
    """The sample with an internal DTD subset, its English replaced by ``english``."""
    text = sample(kind).decode("utf-8")
    target = "Putin" if kind == "glossary-tbx" else ENGLISH
    if kind == "glossary-tbx":
        text = text.replace(">Putin<", f">{english}<")
    else:
        text = text.replace(f">{target}<", f">{english}<")
    declaration = re.match(r"<\?xml[^>]*\?>", text)
    cut = declaration.end() if declaration else 0
    return (text[:cut] + f"<!DOCTYPE root [{subset}]>" + text[cut:]).encode("utf-8")


@pytest.mark.parametrize("kind", XML_KINDS)
def test_xxe_never_reads_a_local_file(tmp_path: Path, kind: str) -> None:
    secret = tmp_path / "payroll.txt"
    secret.write_text(SECRET, encoding="utf-8")
    subset = f'<!ENTITY xxe SYSTEM "{secret.as_uri()}">'
    result = run_importer(kind, write(tmp_path, kind, with_doctype(kind, subset, "&xxe; said")))
    assert not any(SECRET in s for s in strings(result))


@pytest.mark.parametrize("kind", XML_KINDS)
def test_billion_laughs_is_not_expanded(tmp_path: Path, kind: str) -> None:
    subset = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    path = write(tmp_path, kind, with_doctype(kind, subset, "&lol9;"))
    started = time.monotonic()
    result = run_importer(kind, path)
    assert time.monotonic() - started < 10
    assert not any("lollollol" in s for s in strings(result))


@pytest.mark.parametrize("kind", XML_KINDS)
@pytest.mark.parametrize("depth", [300, 5000])
def test_deep_nesting_is_one_line(tmp_path: Path, kind: str, depth: int) -> None:
    deep = "<hi>" * depth + "Putin" + "</hi>" * depth
    data = sample(kind).decode("utf-8")
    data = data.replace(">Putin<" if kind == "glossary-tbx" else f">{ENGLISH}<", f">{deep}<")
    run_importer(kind, write(tmp_path, kind, data.encode("utf-8")))


def test_a_deeply_nested_project_file_is_one_line(tmp_path: Path) -> None:
    data = sample("project-json").decode("utf-8")
    data = data.replace('"current": 0', '"current": ' + "[" * 100_000 + "]" * 100_000)
    assert run_importer("project-json", write(tmp_path, "project-json", data.encode())) is None


CONTROL = ["\x1b]52;c;ZXZpbA==\x07", "\x1b]0;pwned\x1b\\", "\u202eevil", "\x00", "\x9b31m"]


@pytest.mark.parametrize("kind", list(IMPORTERS))
@pytest.mark.parametrize("control", CONTROL)
def test_control_characters_are_read_or_refused(tmp_path: Path, kind: str, control: str) -> None:
    data = sample(kind).decode("utf-8")
    if kind == "glossary-tbx":
        data = data.replace(">Putin<", f">Pu{control}tin<")
    elif kind == "xliff-2.1":  # XLIFF 2 carries a control character as <cp>
        cps = "".join(f'<cp hex="{ord(c):X}"/>' for c in control)
        data = data.replace(f">{ENGLISH}<", f">Putin{cps}<", 1)
    else:
        data = data.replace("Putin", f"Pu{control}tin", 1)
    run_importer(kind, write(tmp_path, kind, data.encode("utf-8", "surrogatepass")))


FORMULAS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", '=HYPERLINK("http://x")']


@pytest.mark.parametrize("kind", ["glossary-tsv", "glossary-csv", "glossary-omegat"])
@pytest.mark.parametrize("formula", FORMULAS)
def test_formula_cells_are_data(tmp_path: Path, kind: str, formula: str) -> None:
    data = sample(kind).decode("utf-8-sig")
    cell = '"' + formula.replace('"', '""') + '"' if kind == "glossary-csv" else formula
    data = data.replace("Putin", cell, 1)
    result = run_importer(kind, write(tmp_path, kind, data.encode("utf-8")))
    if result is not None:
        assert formula in strings(result)  # imported as text, never evaluated


@pytest.mark.parametrize("kind", list(IMPORTERS))
def test_truncated_files_are_read_or_refused(tmp_path: Path, kind: str) -> None:
    data = sample(kind)
    for cut in sorted({1, len(data) // 4, len(data) // 2, len(data) * 3 // 4, len(data) - 1}):
        run_importer(kind, write(tmp_path, kind, data[:cut]))


@pytest.mark.parametrize("kind", list(IMPORTERS))
def test_a_big_file_is_read_or_refused(tmp_path: Path, kind: str) -> None:
    data = sample(kind).decode("utf-8")
    big = "Putin " * 170_000  # 1 MB in one name / sentence
    if kind == "project-json":
        data = data.replace(f'"target": "{ENGLISH}"', f'"target": "{big}"')
    else:
        data = data.replace("Putin", big, 1)
    started = time.monotonic()
    run_importer(kind, write(tmp_path, kind, data.encode("utf-8")))
    assert time.monotonic() - started < 20


def traversal(data: bytes) -> bytes:
    """Every attribute of every element set to a path out of the folder."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False))
    for elem in root.iter():
        for name in list(elem.attrib):
            if not name.endswith("lang") and name not in ("version", "state", "srcLang"):
                elem.set(name, "../../outside/evil")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@pytest.fixture
def boxed(tmp_path: Path) -> tuple[Path, Path]:
    """``tmp/box/`` to work in, and ``tmp/outside/`` that nothing may touch."""
    box, outside = tmp_path / "box", tmp_path / "outside"
    box.mkdir()
    outside.mkdir()
    (outside / "keep.txt").write_text("untouched", encoding="utf-8")
    return box, outside


def test_path_traversal_in_every_xliff_attribute_writes_only_beside_it(
    boxed: tuple[Path, Path], capsys
) -> None:
    box, outside = boxed
    for version in ("2.1", "1.2"):
        xlf = box / f"story-{version}.xlf"
        xlf.write_bytes(traversal(sample(f"xliff-{version}")))
        code = main(["import-xliff", str(xlf), "--no-memory"])
        assert code == 1  # the file names no project beside it: one line, nothing written
        assert capsys.readouterr().err.count("\n") == 1
    assert snapshot(outside) == {"keep.txt": snapshot(outside)["keep.txt"]}
    assert sorted(p.name for p in box.iterdir()) == ["story-1.2.xlf", "story-2.1.xlf"]
    assert not (box.parent / "evil").exists() and not (box.parent / "evil.tarjama.json").exists()


def test_path_traversal_in_every_tmx_and_tbx_attribute_writes_only_the_target(
    boxed: tuple[Path, Path], capsys
) -> None:
    box, outside = boxed
    before = snapshot(outside)
    tmx = box / "desk.tmx"
    tmx.write_bytes(traversal(sample("tmx")))
    assert main(["tm", "import", str(tmx), "--memory", str(box / "tm.sqlite3")]) == 0
    tbx = box / "names.tbx"
    tbx.write_bytes(traversal(sample("glossary-tbx")))
    main(["glossary", "import", str(tbx), "-o", str(box / "names.tsv")])
    capsys.readouterr()
    assert snapshot(outside) == before
    allowed = {"desk.tmx", "names.tbx", "names.tsv", "tm.sqlite3", "tm.sqlite3-wal",
               "tm.sqlite3-shm"}  # fmt: skip
    assert {p.name for p in box.iterdir()} <= allowed


def test_path_traversal_in_a_project_file_writes_only_the_export(
    boxed: tuple[Path, Path], capsys
) -> None:
    box, outside = boxed
    before = snapshot(outside)
    data = sample("project-json").decode("utf-8")
    data = data.replace('"path": null', '"path": "../outside/keep.txt"')
    data = data.replace('"glossary": null', '"glossary": "../outside/names.tsv"')
    project = box / "story.txt.tarjama.json"
    project.write_text(data, encoding="utf-8")
    # the project calls ../outside/keep.txt its Arabic source: never an export target
    assert main(["export", str(project), "-o", str(outside / "keep.txt"), "--force"]) == 1
    assert "Arabic source" in capsys.readouterr().err
    assert main(["export", str(project), "-o", str(box / "story.en.txt")]) == 0
    assert snapshot(outside) == before and not (outside / "names.tsv").exists()
    assert {p.name for p in box.iterdir()} == {"story.txt.tarjama.json", "story.en.txt"}
