"""`tarjama glossary ...` through argparse + register, as the top-level CLI will call it."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from glossary.cli import register
from glossary.errors import GlossaryError
from glossary.storage import load_glossary

ROOT = Path(__file__).resolve().parents[2]


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="tarjama")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["glossary", *argv])
    return args.func(args)


@pytest.fixture
def gfile(tmp_path: Path) -> str:
    return str(tmp_path / "g.tsv")


def test_add_list_edit_remove(gfile: str, capsys) -> None:
    assert run("add", "-g", gfile, "فيكتوريا نولاند", "Victoria Nuland", "--type", "person") == 0
    assert run("add", "--glossary", gfile, "نولاند", "Nuland", "--note", "short form") == 0
    assert run("add", "-g", gfile, "نيولاند", "Nuland") == 0
    capsys.readouterr()
    assert run("list", "-g", gfile) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Victoria Nuland\tفيكتوريا نولاند\tperson",
        "Nuland\tنولاند | نيولاند\t\tshort form",
    ]
    assert run("list", "-g", gfile, "--type", "person") == 0
    assert capsys.readouterr().out == "Victoria Nuland\tفيكتوريا نولاند\tperson\n"

    assert (
        run(
            "edit",
            "-g",
            gfile,
            "نُولاند",
            "--target",
            "Nuland (Victoria)",
            "--type",
            "person",
            "--note",
            "",
            "--add-form",
            "نولند",
            "--remove-form",
            "نيولاند",
        )
        == 0
    )
    entry = load_glossary(gfile).entry_for_target("Nuland (Victoria)")
    assert (entry.forms, entry.type, entry.note) == (["نولاند", "نولند"], "person", None)

    assert run("remove", "-g", gfile, "نولند") == 0
    assert "removed form" in capsys.readouterr().out
    assert run("remove", "-g", gfile, "Victoria Nuland") == 0
    assert "removed entry" in capsys.readouterr().out
    assert load_glossary(gfile).targets() == ["Nuland (Victoria)"]


def test_add_refuses_conflict_unless_replace(gfile: str) -> None:
    run("add", "-g", gfile, "بوتين", "Putin")
    with pytest.raises(GlossaryError, match="already maps to 'Putin'"):
        run("add", "-g", gfile, "بوتين", "Poutine")
    assert load_glossary(gfile).targets() == ["Putin"]
    assert run("add", "-g", gfile, "بوتين", "Poutine", "--replace") == 0
    assert load_glossary(gfile).targets() == ["Poutine"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("edit", "KEY"), "nothing to change"),
        (("edit", "Nobody", "--type", "person"), "no entry has the English target or Arabic form"),
        (("edit", "Putin", "--remove-form", "بوتين"), "cannot remove the last Arabic form"),
        (("edit", "Putin", "--remove-form", "موسكو"), "has no Arabic form 'موسكو'"),
        (("edit", "Putin", "--target", "Moscow"), "another entry already has the target"),
        (("edit", "Putin", "--type", "city"), "unknown type 'city'"),
        (("edit", "Putin", "--add-form", "موسكو"), "already maps to 'Moscow'"),
        (("remove", "Nobody"), "no entry has"),
    ],
)
def test_edit_errors_leave_file_unchanged(gfile: str, argv: tuple[str, ...], message: str) -> None:
    run("add", "-g", gfile, "بوتين", "Putin")
    run("add", "-g", gfile, "موسكو", "Moscow")
    before = Path(gfile).read_bytes()
    with pytest.raises(GlossaryError, match=message):
        run(argv[0], "-g", gfile, *argv[1:])
    assert Path(gfile).read_bytes() == before


def test_check(tmp_path: Path, capsys) -> None:
    good = tmp_path / "good.tsv"
    good.write_text("Putin\tبوتين | بُوتين\n", encoding="utf-8")
    assert run("check", "-g", str(good)) == 0
    out = capsys.readouterr().out
    assert "warning:" in out and "OK, 1 entries, 2 Arabic forms, 1 warning(s)" in out
    assert run("check", "-g", str(good), "--strict") == 1
    bad = tmp_path / "bad.tsv"
    bad.write_text("Putin\tبوتين\nPoutine\tبوتين\n\tx\n", encoding="utf-8")
    assert run("check", "-g", str(bad)) == 1
    out = capsys.readouterr().out
    assert f"error: {bad}:2: Arabic form 'بوتين' also maps to 'Putin' on line 1" in out
    assert f"error: {bad}:3: empty English target" in out


def test_match_prints_json_lines(seed_glossary_path: Path, capsys, monkeypatch) -> None:
    text = "قال بوتين للناتو"
    assert run("match", "-g", str(seed_glossary_path), text) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert records == [
        {"start": 4, "end": 9, "source": "بوتين", "target": "Putin", "suggest": False},
        {"start": 12, "end": 16, "source": "ناتو", "target": "NATO", "suggest": False},
    ]
    stdin = io.TextIOWrapper(io.BytesIO("أ\r\nوبوتين".encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert run("match", "-g", str(seed_glossary_path), "-") == 0
    out = capsys.readouterr().out
    assert json.loads(out) == {
        "start": 4,
        "end": 9,
        "source": "بوتين",
        "target": "Putin",
        "suggest": False,
    }
    assert "بوتين" in out  # ensure_ascii=False


def test_import_export(tmp_path: Path, seed_glossary_path: Path, capsys) -> None:
    tbx, dest = tmp_path / "seed.tbx", tmp_path / "imported.tsv"
    assert run("export", str(seed_glossary_path), "-o", str(tbx), "--format", "tbx") == 0
    assert run("import", str(tbx), "-o", str(dest)) == 0
    assert load_glossary(dest).entries == load_glossary(seed_glossary_path).entries
    with pytest.raises(GlossaryError, match=r"already exists; use --merge .* or --force"):
        run("import", str(tbx), "-o", str(dest))
    assert run("import", str(tbx), "-o", str(dest), "--force") == 0
    omegat = tmp_path / "extra.txt"
    omegat.write_text("بوتين\tPutin\nموسكو\tMoskva\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="'موسكو' already maps to 'Moscow'"):
        run("import", str(omegat), "-o", str(dest), "--merge")
    omegat.write_text("بوتين\tPutin\nبوتن\tPutin\tvariant\n", encoding="utf-8")
    assert run("import", str(omegat), "-o", str(dest), "--merge") == 0
    assert load_glossary(dest).entry_for_target("Putin").forms == ["بوتين", "بوتن"]
    with pytest.raises(GlossaryError, match="is the glossary being exported"):
        run("export", str(dest), "-o", str(dest), "--format", "csv")


def test_malformed_import_writes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "bad.txt"
    src.write_text("بوتين\tPutin\nbroken\tline\tof\tfour\n", encoding="utf-8")
    dest = tmp_path / "out.tsv"
    with pytest.raises(GlossaryError, match=r"bad.txt:2: expected 2 or 3"):
        run("import", str(src), "-o", str(dest))
    assert not dest.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt"]


def test_python_m_glossary_standalone(tmp_path: Path, seed_glossary_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "glossary", "match", "-g", str(seed_glossary_path), "وبوتين"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["target"] == "Putin"
    result = subprocess.run(
        [sys.executable, "-m", "glossary", "list", "-g", str(tmp_path / "none.tsv")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"tarjama: error: {tmp_path / 'none.tsv'}: no such file")
    assert "Traceback" not in result.stderr


def test_glossary_package_does_not_import_heavy_or_sibling_packages() -> None:
    code = (
        "import sys, glossary, glossary.cli, glossary.__main__; "
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('translator', 'tui', 'torch', 'transformers', 'textual')]; print(bad)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "[]"
