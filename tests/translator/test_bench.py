"""``tarjama bench --json`` end to end on the tiny model (figures are not asserted, fields are)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

FIELDS = {
    "baseline_tokens_per_s": float,
    "tarjama_tokens_per_s": float,
    "speedup": float,
    "peak_rss_mb": float,
    "baseline_peak_rss_mb": float,
    "baseline_tokens": int,
    "tarjama_tokens": int,
}


def _bench(model: Path, *extra: str) -> tuple[dict, str, str]:
    # conftest's isolated_cache keeps the conversion out of the user's cache.
    done = subprocess.run(
        [sys.executable, "-m", "tui.cli", "bench", "--model", str(model), "--sentences", "4",
         "--json", *extra],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stdout, done.stderr


@pytest.mark.parametrize("with_glossary", [False, True])
def test_bench_json_reports_both_sides(
    tiny_model_dir: Path, seed_glossary_path: Path, with_glossary: bool
) -> None:
    extra = ("--glossary", str(seed_glossary_path)) if with_glossary else ()
    result, text, err = _bench(tiny_model_dir, *extra)
    # progress: each side says when it starts (a bar follows on a terminal)
    assert "running baseline" in err and "running tarjama" in err
    assert isinstance(result["machine_busy"], bool)
    for name, kind in FIELDS.items():
        assert isinstance(result[name], kind), name
    assert result["backend"] == "ctranslate2"
    # The tiny model's small vocabulary does end some beams early, so equal counts are
    # reported, not assumed; the opus-mt-sized model never ends them.
    assert isinstance(result["tokens_equal"], bool) and result["baseline_tokens"] > 0
    assert result["speedup"] > 0 and result["peak_rss_mb"] > 0
    assert "speedup:" in text
    if with_glossary:
        terms = result["terms"]
        assert terms["missing"] == 0 and terms["found"] == terms["ok"] + terms["enforced"] > 0


def test_busy_machine_is_warned_about(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from translator.bench.command import busy_warning

    monkeypatch.setattr(os, "getloadavg", lambda: (3.2, 3.0, 2.5))
    warning = busy_warning(cores=2)
    assert warning is not None and "load average 3.2 on 2 cores" in warning
    assert busy_warning(cores=16) is None


def test_packaged_seed_files_are_the_seeds() -> None:
    # tarjama bench reads its sentences from package data (it must work from a wheel);
    # the copies must not drift from seeds/, which the tests and docs describe.
    from translator.bench.seed import seed_folder

    seeds = Path(__file__).resolve().parents[2] / "seeds"
    packaged = {p.name: p.read_bytes() for p in seed_folder().iterdir() if p.is_file()}
    assert packaged == {p.name: p.read_bytes() for p in seeds.iterdir() if p.is_file()}
