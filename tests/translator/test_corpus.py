"""Corpus runs: folders in, folders out, each file exactly as ``tarjama translate FILE``.

Runs go through the real ``tarjama`` entry point (in-process where a kill is not
needed) on the tiny random model, with the seed glossary.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from corpus_support import SMALL_CORPUS, latest_records, make_corpus, manifest_records
from tests_support import TARJAMA

from translator.corpus_progress import CorpusProgress
from translator.manifest import MANIFEST_NAME, Manifest
from tui.cli import main


def tarjama(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run ``tarjama ARGS`` in this process; (exit status, stderr)."""
    capsys.readouterr()
    status = main(list(args))
    return status, capsys.readouterr().err


def one_line_error(status: int, err: str, *needles: str) -> None:
    assert status != 0
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    for needle in needles:
        assert needle in err, err


@pytest.fixture(scope="module")
def model_args(tiny_model_dir: Path, seed_glossary_path: Path) -> list[str]:
    return ["--model", str(tiny_model_dir), "--glossary", str(seed_glossary_path)]


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    make_corpus(folder, SMALL_CORPUS)
    return folder


def single_file_output(capsys, model_args: list[str], source: Path, out: Path, fmt: str) -> bytes:
    status, err = tarjama(capsys, "translate", str(source), "-o", str(out), "--format", fmt,
                          *model_args)  # fmt: skip
    assert status == 0, err
    return out.read_bytes()


@pytest.mark.parametrize("fmt", ["jsonl", "text"])
def test_folder_run_equals_single_file_runs(
    capsys, tmp_path: Path, corpus: Path, model_args: list[str], fmt: str
) -> None:
    out = tmp_path / "out"
    status, err = tarjama(capsys, "translate", str(corpus), "-o", str(out), "--format", fmt,
                          *model_args)  # fmt: skip
    assert status == 0, err
    suffix = ".jsonl" if fmt == "jsonl" else ""
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == sorted([MANIFEST_NAME, *(name + suffix for name in SMALL_CORPUS)])
    for name in SMALL_CORPUS:
        target = tmp_path / ("alone-" + name.replace("/", "-"))  # -o never replaces unasked
        alone = single_file_output(capsys, model_args, corpus / name, target, fmt)
        assert (out / (name + suffix)).read_bytes() == alone, name
    records = latest_records(out)
    assert set(records) == {name + suffix for name in SMALL_CORPUS}
    assert all(r["status"] == "done" for r in records.values())
    if fmt == "jsonl":  # the counts in the manifest are those of the output itself
        for output, record in records.items():
            rows = [json.loads(line) for line in (out / output).read_text("utf-8").splitlines()]
            statuses = [term["status"] for row in rows for term in row["terms"]]
            assert record["sentences"] == len(rows)
            assert record["terms"]["found"] == len(statuses)
            for status_name in ("ok", "enforced", "missing"):
                assert record["terms"].get(status_name, 0) == statuses.count(status_name)
        assert sum(r["terms"]["found"] for r in records.values()) > 0


def test_rerun_skips_finished_files_and_redoes_changed_ones(
    capsys, tmp_path: Path, corpus: Path, model_args: list[str]
) -> None:
    out = tmp_path / "out"
    command = ["translate", str(corpus), "-o", str(out), "--format", "jsonl", *model_args]
    assert tarjama(capsys, *command)[0] == 0
    before = {p: p.read_bytes() for p in out.rglob("*.jsonl") if p.name != MANIFEST_NAME}
    count = len(manifest_records(out))

    status, err = tarjama(capsys, *command)
    assert status == 0, err
    assert "0 translated, 5 up to date" in err
    assert len(manifest_records(out)) == count, "a skipped file is not recorded again"

    changed = corpus / "wire" / "c.txt"
    changed.write_text(changed.read_text("utf-8") + "\nانتهى الاجتماع.\n", encoding="utf-8")
    status, err = tarjama(capsys, *command)
    assert status == 0, err
    assert "1 translated, 4 up to date" in err
    new = manifest_records(out)[count:]
    assert [r["output"] for r in new] == ["wire/c.txt.jsonl"]
    for path, data in before.items():
        if path.name != "c.txt.jsonl":
            assert path.read_bytes() == data

    status, err = tarjama(capsys, *command[:-4], "--beam", "2", *model_args)
    assert status == 0
    assert "5 translated, 0 up to date" in err, "other options redo every file"


def test_glossary_change_redoes_what_it_affects(
    capsys, tmp_path: Path, corpus: Path, tiny_model_dir: Path, seed_glossary_path: Path
) -> None:
    glossary = tmp_path / "names.tsv"
    shutil.copy(seed_glossary_path, glossary)
    out = tmp_path / "out"
    command = ["translate", str(corpus), "-o", str(out), "--format", "jsonl",
               "--model", str(tiny_model_dir), "--glossary", str(glossary)]  # fmt: skip
    assert tarjama(capsys, *command)[0] == 0

    # Comments and layout are not what the glossary says: nothing to redo.
    glossary.write_text(glossary.read_text("utf-8") + "# reviewed by the desk\n\n", "utf-8")
    status, err = tarjama(capsys, *command)
    assert status == 0 and "0 translated, 5 up to date" in err, err

    # A respelled name can change any file (strict mode looks for every target in
    # every sentence's English), so every file is redone, and comes out as alone.
    text = glossary.read_text("utf-8").replace("Vladimir Putin\t", "Wladimir Putin\t")
    glossary.write_text(text, "utf-8")
    status, err = tarjama(capsys, *command)
    assert status == 0 and "5 translated, 0 up to date" in err, err
    alone = single_file_output(
        capsys, ["--model", str(tiny_model_dir), "--glossary", str(glossary)],
        corpus / "a.txt", tmp_path / "alone", "jsonl",
    )  # fmt: skip
    assert (out / "a.txt.jsonl").read_bytes() == alone
    assert "Wladimir Putin" in alone.decode()


def test_memory_reuse_is_per_file_as_for_a_single_file(
    capsys, tmp_path: Path, corpus: Path, model_args: list[str]
) -> None:
    """A folder run with a memory, in XLIFF: each file as ``translate FILE --memory``."""
    from translator.memory.store import TranslationMemory

    plain = tmp_path / "plain"
    assert tarjama(capsys, "translate", str(corpus), "-o", str(plain), "--format", "jsonl",
                   "--no-memory", *model_args)[0] == 0  # fmt: skip
    rows = {
        name: [
            json.loads(line) for line in (plain / f"{name}.jsonl").read_text("utf-8").splitlines()
        ]
        for name in SMALL_CORPUS
    }
    # The model's English under strict mode keeps every name, so an approval of it does too.
    kept = next(
        (name, r)
        for name in ("a.txt", "b.txt", "wire/deep/e.txt")
        for r in rows[name]
        if r["terms"] and not r.get("warnings")
        and all(t["status"] in ("ok", "enforced") for t in r["terms"])
    )  # fmt: skip
    named = next(r for r in rows["wire/c.txt"] if r["terms"])
    late = rows["wire/d.txt"][0]
    memory_path = tmp_path / "memory.sqlite3"
    with TranslationMemory(memory_path) as memory:
        memory.add(kept[1]["source"], kept[1]["target"] + " [approved]", origin="desk", user="huda")
        # Lacks the glossary's names: held back, translated by the model with a warning.
        memory.add(
            named["source"], "An approved sentence without names.", origin="desk", user="huda"
        )

    out = tmp_path / "out"
    command = ["translate", str(corpus), "-o", str(out), "--format", "xliff",
               "--memory", str(memory_path), *model_args]  # fmt: skip
    status, err = tarjama(capsys, *command)
    assert status == 0, err
    assert "translation memory: 1 of " in err
    for name in SMALL_CORPUS:
        alone = tmp_path / ("alone-" + name.replace("/", "-") + ".xlf")  # never replaced unasked
        status, single_err = tarjama(capsys, "translate", str(corpus / name), "-o", str(alone),
                                     "--format", "xliff", "--memory", str(memory_path),
                                     *model_args)  # fmt: skip
        assert status == 0, single_err
        assert (out / f"{name}.xlf").read_bytes() == alone.read_bytes(), name
    assert "[approved]" in (out / f"{kept[0]}.xlf").read_text("utf-8")
    assert "was not reused" in (out / "wire/c.txt.xlf").read_text("utf-8")
    records = latest_records(out)
    with_matches = {n for n, r in records.items() if r["memory_sha256"] is not None}
    assert with_matches == {"wire/c.txt.xlf", f"{kept[0]}.xlf"}
    assert sum(r["memory_reused"] for r in records.values()) == 1

    status, err = tarjama(capsys, *command)
    assert status == 0 and "0 translated, 5 up to date" in err, err
    # A new approval redoes the one file with that sentence, and only it.
    with TranslationMemory(memory_path) as memory:
        memory.add(late["source"], "Another approved sentence.", origin="desk", user="huda")
    count = len(manifest_records(out))
    status, err = tarjama(capsys, *command)
    assert status == 0 and "1 translated, 4 up to date" in err, err
    assert [r["output"] for r in manifest_records(out)[count:]] == ["wire/d.txt.xlf"]
    # It lacks the sentence's names, so it is held back, and the English says so.
    assert "was not reused" in (out / "wire/d.txt.xlf").read_text("utf-8")
    # Without the memory, exactly the files that had matches change.
    status, err = tarjama(capsys, *command, "--no-memory")
    assert status == 0 and "3 translated, 2 up to date" in err, err


def test_bad_files_are_recorded_and_the_rest_go_on(
    capsys, tmp_path: Path, corpus: Path, model_args: list[str]
) -> None:
    (corpus / "cp1256.txt").write_bytes("قال الرئيس".encode("cp1256"))
    (corpus / "empty.txt").write_text(" \n\n", "utf-8")
    (corpus / "gone.txt").symlink_to(corpus / "no-such-file.txt")
    out = tmp_path / "out"
    status, err = tarjama(capsys, "translate", str(corpus), "-o", str(out), *model_args)
    assert status == 1
    assert "Traceback" not in err
    assert "5 translated, 0 up to date (skipped), 3 failed" in err
    records = latest_records(out)
    reasons = {name: records[name]["reason"] for name in ("cp1256.txt", "empty.txt", "gone.txt")}
    assert all(records[name]["status"] == "failed" for name in reasons)
    assert "is not UTF-8" in reasons["cp1256.txt"] and "iconv" in reasons["cp1256.txt"]
    assert "empty" in reasons["empty.txt"]
    assert "cannot read" in reasons["gone.txt"]
    for name, reason in reasons.items():
        assert f"failed: {corpus / name}: {reason}" in err
        assert not (out / name).exists()
    assert all((out / name).is_file() for name in SMALL_CORPUS)


def test_edited_output_is_never_overwritten(
    capsys, tmp_path: Path, corpus: Path, model_args: list[str]
) -> None:
    out = tmp_path / "out"
    command = ["translate", str(corpus), "-o", str(out), *model_args]
    assert tarjama(capsys, *command)[0] == 0
    edited = out / "b.txt"
    edited.write_text("A translator's post-edit.\n", "utf-8")
    (corpus / "b.txt").write_text((corpus / "a.txt").read_text("utf-8"), "utf-8")
    (out / "stranger.txt").write_text("Not tarjama's.\n", "utf-8")
    (corpus / "stranger.txt").write_text((corpus / "a.txt").read_text("utf-8"), "utf-8")
    status, err = tarjama(capsys, *command)
    assert status == 1 and "4 up to date (skipped), 2 failed" in err, err
    assert edited.read_text("utf-8") == "A translator's post-edit.\n"
    assert (out / "stranger.txt").read_text("utf-8") == "Not tarjama's.\n"
    records = latest_records(out)
    for name in ("b.txt", "stranger.txt"):
        assert records[name]["status"] == "failed"
        assert "was not written by tarjama (or was edited since)" in records[name]["reason"]


def test_a_file_changed_after_planning_is_failed_not_mistranslated(
    tmp_path: Path, corpus: Path, tiny_model_dir: Path
) -> None:
    """Its memory matches were looked up for the old text: record it failed, redo it next run."""
    from translator.corpus import CHANGED, JobOptions, Recorder, fingerprint, plan, run_local
    from translator.corpus_files import discover

    options = JobOptions(str(tiny_model_dir), "cpu", "auto", "int8", 1, 16, None, "text")
    out = tmp_path / "out"
    out.mkdir()
    manifest = Manifest(out)
    recorder = Recorder(out, manifest, fingerprint(options, None), CorpusProgress(enabled=False))
    files = discover([str(corpus)], files_from=None, glob="*.txt", outdir=out, fmt="text")
    tasks = plan(files, manifest, out, recorder)
    assert len(tasks) == len(SMALL_CORPUS)
    recorder.progress.start(len(tasks), sum(task.sentences for task in tasks))
    (corpus / "b.txt").write_text((corpus / "a.txt").read_text("utf-8"), "utf-8")
    run_local(tasks, options.load(None), options, recorder)
    manifest.close()
    records = latest_records(out)
    assert records["b.txt"]["status"] == "failed" and records["b.txt"]["reason"] == CHANGED
    assert not (out / "b.txt").exists()
    assert sum(r["status"] == "done" for r in records.values()) == len(SMALL_CORPUS) - 1


def test_files_from_standard_input_keeps_listed_paths(
    capsys, monkeypatch, tmp_path: Path, corpus: Path, model_args: list[str]
) -> None:
    listing = io.BytesIO(b"wire/c.txt\nb.txt\n\n")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(listing, encoding="utf-8"))
    monkeypatch.chdir(corpus)
    status, err = tarjama(capsys, "translate", "--files-from", "-", "-o", str(tmp_path / "out"),
                          "-q", *model_args)  # fmt: skip
    assert status == 0, err
    assert err == ""
    written = sorted(p.relative_to(tmp_path / "out").as_posix()
                     for p in (tmp_path / "out").rglob("*.txt"))  # fmt: skip
    assert written == ["b.txt", "wire/c.txt"]


def test_refuses_to_write_onto_inputs(capsys, tmp_path: Path, corpus: Path) -> None:
    article = corpus / "a.txt"
    arabic = article.read_bytes()
    status, err = tarjama(capsys, "translate", str(article), "-o", str(article))
    one_line_error(status, err, "is the input file")
    assert article.read_bytes() == arabic

    link = tmp_path / "link.txt"
    link.symlink_to(article)
    one_line_error(*tarjama(capsys, "translate", str(article), "-o", str(link)), "input file")
    one_line_error(*tarjama(capsys, "translate", str(corpus), "-o", str(corpus)), "input folder")
    one_line_error(*tarjama(capsys, "translate", str(corpus / "wire"), "-o", str(corpus)),
                   "input folder")  # fmt: skip
    one_line_error(
        *tarjama(capsys, "translate", str(article), str(corpus / "b.txt"), "-o", str(corpus)),
        "would overwrite the input",
    )
    one_line_error(*tarjama(capsys, "translate", "-", str(article), "-o", str(tmp_path / "o")),
                   "--files-from -")  # fmt: skip
    one_line_error(*tarjama(capsys, "translate", str(corpus)), "needs -o OUTDIR")
    one_line_error(*tarjama(capsys, "translate", str(corpus), "-o", str(tmp_path / "x"),
                            "--glob", "*.md"), "no input files")  # fmt: skip
    assert not list(tmp_path.rglob(MANIFEST_NAME))


def test_two_inputs_with_one_output_are_refused(capsys, tmp_path: Path, corpus: Path) -> None:
    other = tmp_path / "other"
    make_corpus(other, {"a.txt": (9, 10)})
    status, err = tarjama(
        capsys, "translate", str(corpus / "a.txt"), str(other / "a.txt"), "-o", str(tmp_path / "o")
    )
    one_line_error(status, err, "would both be written to")


def test_outdir_inside_the_input_folder_is_not_walked(
    capsys, tmp_path: Path, corpus: Path, model_args: list[str]
) -> None:
    out = corpus / "english"
    command = ["translate", str(corpus), "-o", str(out), *model_args]
    assert tarjama(capsys, *command)[0] == 0
    status, err = tarjama(capsys, *command)
    assert status == 0 and "5 files: 0 translated, 5 up to date" in err, err


def test_kill_during_a_run_loses_only_the_files_in_flight(
    tmp_path: Path, tiny_model_dir: Path, seed_glossary_path: Path
) -> None:
    corpus = tmp_path / "in"
    make_corpus(corpus, {f"f{i:02d}.txt": (i, i + 1) for i in range(10)})
    out = tmp_path / "out"
    command = [TARJAMA, "translate", str(corpus), "-o", str(out), "-q", "--format", "jsonl",
               "--model", str(tiny_model_dir), "--glossary", str(seed_glossary_path)]  # fmt: skip
    manifest = out / MANIFEST_NAME
    run = subprocess.Popen(command, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and run.poll() is None:
        if manifest.exists() and manifest.read_bytes().count(b"\n") >= 3:
            break
        time.sleep(0.01)
    assert run.poll() is None, "the run ended before it could be killed"
    run.send_signal(signal.SIGKILL)
    run.wait()
    run.stderr.close()
    killed = Manifest(out)  # reads past a line torn by the kill
    done_before = {r["output"] for r in killed.records if r["status"] == "done"}
    assert 3 <= len(done_before) < 10

    again = subprocess.run(command, capture_output=True, timeout=300)
    assert again.returncode == 0, again.stderr.decode()
    redone = [r["output"] for r in Manifest(out).records[len(killed.records) :]]
    assert sorted(redone) == sorted({f"f{i:02d}.txt.jsonl" for i in range(10)} - done_before)

    fresh = tmp_path / "fresh"
    assert main([*command[1:4], str(fresh), *command[5:]]) == 0
    for i in range(10):
        name = f"f{i:02d}.txt.jsonl"
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name


def test_manifest_survives_a_torn_last_line(tmp_path: Path) -> None:
    path = tmp_path / MANIFEST_NAME
    good = {"output": "a.txt", "status": "done", "output_sha256": "ab"}
    path.write_text(json.dumps(good) + "\n" + '{"output": "b.txt", "sta', "utf-8")
    manifest = Manifest(tmp_path)
    assert manifest.bad_lines == 1
    assert manifest.latest("a.txt") == good and manifest.latest("b.txt") is None
    assert manifest.wrote("a.txt", "ab")
    manifest.append({"output": "b.txt", "status": "done", "output_sha256": "cd"})
    manifest.close()
    lines = path.read_text("utf-8").splitlines()
    assert [json.loads(line)["output"] for line in lines] == ["a.txt", "b.txt"]
    reread = Manifest(tmp_path)
    assert reread.bad_lines == 0 and reread.wrote("b.txt", "cd")
    assert os.path.getsize(path) == len(path.read_bytes())


def test_progress_counts_files_and_sentences_with_a_rate_and_eta() -> None:
    progress = CorpusProgress(enabled=True)  # stderr is not a terminal here: nothing drawn
    progress.start(files=4, sentences=10)
    assert progress.line().startswith("0/4 files · 0/10 sentences · 0.0 sentences/s")
    assert "ETA" not in progress.line()  # no rate yet, so no honest ETA
    progress.within_file(3)(1, 2)  # half of a 3-sentence file's batches are done
    assert progress.line().startswith("0/4 files · 1/10 sentences")
    progress.file_done(3)
    line = progress.line()
    assert line.startswith("1/4 files · 3/10 sentences · ")
    assert "sentences/s · ETA " in line
    progress.close()
