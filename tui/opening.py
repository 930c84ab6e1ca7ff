"""From the command line's FILE to a project ready to review: new, continued or refused.

FILE may be an Arabic text (its project ``FILE.tarjama.json`` is continued when
it exists, created otherwise) or a project file itself.  Everything a user can
get wrong is reported here, before the screen opens, as one error line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from glossary.storage import load_glossary
from glossary.termbase import Glossary
from translator.source_text import read_source
from tui.errors import ProjectError
from tui.project import Project, is_project_file, load_project, new_project, project_path_for
from tui.project_lock import ProjectLock


@dataclass
class Opened:
    """A project plus the glossary and model it will be reviewed with."""

    project: Project
    glossary: Glossary | None
    model_id: str
    created: bool  # a new project (nothing saved before)
    notes: list[str] = field(default_factory=list)  # warnings to show once the screen is up
    lock: ProjectLock | None = None  # taken before the project was read (the review keeps it)


def default_glossary_path(project: Project) -> Path:
    """Where new glossary entries go when no glossary was given: ``story.glossary.tsv``."""
    name = project.name
    stem = name[: -len(".txt")] if name.endswith(".txt") else name
    return project.path.parent / f"{stem}.glossary.tsv"


def open_review(file: str, glossary: str | None = None, model: str | None = None) -> Opened:
    """Open or create the review of ``file``; ProjectError, GlossaryError, TranslatorError."""
    # lazy: json, socket, decoding; the review app imports this at start
    from translator.model_loading import DEFAULT_MODEL

    path = Path(file)
    if not path.exists():
        raise ProjectError(f"file {file!r} does not exist")
    if path.is_dir():
        raise ProjectError(f"{file!r} is a folder; give an Arabic text file or a review project")
    notes: list[str] = []
    created = False
    if is_project_file(path):
        project = load_project(path)
    else:
        text = read_source(file)
        saved = project_path_for(path)
        if saved.exists():
            project = load_project(saved)
            if project.source_text != text:
                raise ProjectError(
                    f"{file!r} has changed since its review was saved in {str(saved)!r}; to keep "
                    f"the old review open {str(saved)!r} itself, or move it away to start a new "
                    "review of the changed text"
                )
            project.source_path = path
        else:
            if not text.strip():
                raise ProjectError(f"{file!r} has no text to translate")
            project = new_project(path, text, glossary_path=None, model_id=model or DEFAULT_MODEL)
            created = True
    if glossary is not None:
        project.glossary_path = Path(glossary)
    loaded = None
    if project.glossary_path is not None:
        if project.glossary_path.exists() or glossary is not None:
            loaded = load_glossary(project.glossary_path)
        else:
            notes.append(
                f"the glossary saved with this review, {str(project.glossary_path)!r}, is missing; "
                "names are not checked (reopen with --glossary FILE)"
            )
            project.glossary_path = None
    model_id = model or project.model_id or DEFAULT_MODEL
    if model is not None and project.model_id not in (None, model) and not created:
        notes.append(
            f"re-translations now use {model!r} (this review was made with {project.model_id!r})"
        )
    return Opened(project, loaded, model_id, created, notes)


def check_model_available(model_id: str) -> None:
    """Fail fast (TranslatorError) when the model cannot be found, before the screen opens."""
    # lazy: json, socket, decoding; the review app imports this at start
    from translator.model_loading import resolve_model_folder

    resolve_model_folder(model_id)
