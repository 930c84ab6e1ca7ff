"""Small corpora cut from the seed article, and helpers to read a run's manifest."""

from __future__ import annotations

import json
from pathlib import Path

from translator.manifest import MANIFEST_NAME

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "seeds" / "000_33cab2cb41f507af.txt"


def seed_paragraphs() -> list[str]:
    return [p for p in ARTICLE.read_text("utf-8").split("\n") if p.strip()]


def make_corpus(folder: Path, spans: dict[str, tuple[int, int]]) -> dict[str, Path]:
    """Files named by ``spans`` (relative path -> paragraphs [start, stop) of the seed)."""
    paragraphs = seed_paragraphs()
    made = {}
    for name, (start, stop) in spans.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n\n".join(paragraphs[start:stop]) + "\n", encoding="utf-8")
        made[name] = path
    return made


# Five small news items in two folders: names, a short form after its full name
# (the glossary's document rule), one- and multi-paragraph files.
SMALL_CORPUS = {
    "a.txt": (0, 2),
    "b.txt": (2, 3),
    "wire/c.txt": (3, 6),
    "wire/d.txt": (21, 22),
    "wire/deep/e.txt": (6, 8),
}


def manifest_records(outdir: Path) -> list[dict]:
    lines = (outdir / MANIFEST_NAME).read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def latest_records(outdir: Path) -> dict[str, dict]:
    return {record["output"]: record for record in manifest_records(outdir)}
