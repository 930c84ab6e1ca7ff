"""The corpus job on Ray: a Ray Data pipeline over an actor pool, one loaded model per actor.

    planned files ─▶ read (Ray tasks) ─▶ translate (map_batches over an
    ActorPoolStrategy: one Translator per actor) ─▶ driver: write + manifest

Rows are whole documents, never sentences: the glossary's document rules (a
short form after its full name) need a document's sentences together, and an
actor translates each document with the same ``translate_text`` call as the
local engine, so the English is byte-identical.  Segmenting happens inside that
call.  The driver is the one writer of outputs and of the manifest, through the
same ``Recorder`` as the local engine, so the resume rules and records are the
same too, and the actors never need write access to OUTDIR.

Ray is optional (``pip install 'tarjama[ray]'``) and imported only here.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from translator.corpus import (
    CHANGED,
    BadInput,
    DocumentResult,
    JobOptions,
    Recorder,
    Task,
    describe_failure,
    read_input,
    translate_text,
)
from translator.corpus_memory import decode, encode
from translator.errors import TranslatorError, first_line

if TYPE_CHECKING:
    from glossary.termbase import Glossary

INSTALL_HINT = "--engine ray needs Ray; install it with: pip install 'tarjama[ray]'"


@dataclass(frozen=True)
class RaySettings:
    """Where and how wide the Ray engine runs (here, not in ``corpus_job``, which imports
    this module: the one name that made the two import each other)."""

    address: str | None
    actors: int
    cpus_per_actor: float
    gpus_per_actor: float
    docs_per_batch: int = 4


def import_ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError as err:
        raise TranslatorError(INSTALL_HINT) from err
    return ray


def local_cpus() -> int:
    """CPUs this process may run on (its affinity, which containers and taskset narrow)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def check_local_pool(settings: RaySettings) -> None:
    """A local Ray cannot grow: refuse a pool wider than this machine before any work.

    Ray would otherwise be started with as many CPU slots as asked for and run every
    actor at once on too few cores (70 workers on 2 cores: ten times slower than local).
    """
    if settings.address is not None:
        return  # a cluster may autoscale: ``_check_resources`` warns there
    have = local_cpus()
    need = settings.actors * settings.cpus_per_actor
    if need > have:
        raise TranslatorError(
            f"--actors {settings.actors} with {settings.cpus_per_actor:g} CPU each needs "
            f"{need:g} CPUs but this machine has {have}; lower --actors (at most "
            f"{int(have // settings.cpus_per_actor) or 1} here) or give --ray-address of a cluster"
        )


def read_row(row: dict[str, Any]) -> dict[str, Any]:
    """Read stage: a planned file's text and hash, or why it cannot be read now."""
    try:
        text, digest = read_input(str(row["path"]))
        error = ""
    except BadInput as bad:
        text, digest, error = "", bad.sha256 or "", bad.reason
    return {**row, "text": text, "sha256": digest, "error": error}


class TranslateDocuments:
    """Translate stage: an actor holding one loaded Translator for its whole life."""

    def __init__(self, options: JobOptions, glossary: Glossary | None) -> None:
        self.options = options
        self.translator = options.load(glossary)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {"index": [], "sha256": [], "result": [], "error": []}
        for index, name, text, digest, matches, planned, error in zip(
            batch["index"],
            batch["name"],
            batch["text"],
            batch["sha256"],
            batch["matches"],
            batch["planned"],
            batch["error"],
            strict=True,
        ):
            result = ""
            if not error and digest != planned:  # its memory matches are for the old text
                error = CHANGED
            if not error:
                try:
                    done = translate_text(
                        self.translator,
                        str(text),
                        self.options,
                        name=str(name),
                        matches=decode(json.loads(matches)),
                    )
                    result = json.dumps(asdict(done), ensure_ascii=False)
                except Exception as err:  # one document's failure must not stop the corpus
                    error = describe_failure(err)
            out["index"].append(int(index))
            out["sha256"].append(str(digest))
            out["result"].append(result)
            out["error"].append(str(error))
        return out


def _start(ray: Any, settings: RaySettings) -> bool:
    """Join the cluster at ``settings.address``, or start a local Ray; True if started here."""
    if ray.is_initialized():
        return False
    options: dict[str, Any] = {
        "include_dashboard": False,
        "logging_level": logging.ERROR,
        "configure_logging": True,
        # Actors' own output stays in Ray's session logs; results and their warnings
        # come back through the pipeline, and errors as exceptions.
        "log_to_driver": False,
    }
    if settings.address is None:
        # A local Ray for this run: the machine's CPUs, no more (``check_local_pool``).
        options["num_cpus"] = local_cpus()
    try:
        # "local": a fresh Ray for this run, never one found running on the machine.
        ray.init(address=settings.address or "local", **options)
    except Exception as err:
        where = settings.address or "a local Ray"
        reason = first_line(err) or type(err).__name__
        raise TranslatorError(f"cannot start Ray ({where}): {reason}") from err
    return settings.address is None


def _check_resources(ray: Any, settings: RaySettings, local: bool) -> None:
    """An actor pool the cluster cannot hold would wait forever: say so at once.

    A local Ray cannot grow, so it is an error there; a cluster may be
    autoscaling, so there it is a warning.
    """
    have = ray.cluster_resources()
    need = {
        "CPU": settings.actors * settings.cpus_per_actor,
        "GPU": settings.actors * settings.gpus_per_actor,
    }
    short = [
        f"{need[kind]:g} {kind}s (it has {have.get(kind, 0):g})"
        for kind in ("CPU", "GPU")
        if need[kind] > have.get(kind, 0)
    ]
    if not short:
        return
    message = (
        f"--actors {settings.actors} with {settings.cpus_per_actor:g} CPU and "
        f"{settings.gpus_per_actor:g} GPU each needs {' and '.join(short)}"
    )
    if local:
        raise TranslatorError(
            f"{message} on this machine's Ray; lower --actors, --cpus-per-actor or --gpus-per-actor"
        )
    print(
        f"tarjama: warning: {message} on the Ray cluster; the job waits until the cluster has them",
        file=sys.stderr,
    )


def _root_cause(err: BaseException) -> str:
    """The last line of the innermost error: Ray wraps an actor's error in its traceback."""
    while err.__cause__ is not None:
        err = err.__cause__
    lines = [line.strip() for line in str(err).strip().splitlines() if line.strip()]
    return lines[-1][:300] if lines else type(err).__name__


def _quiet_console() -> None:
    """Ray Data logs every execution to the console; keep it to errors (the file log stays)."""
    for handler in logging.getLogger("ray.data").handlers:
        if not isinstance(handler, logging.FileHandler):
            handler.setLevel(logging.ERROR)


def run_ray(
    tasks: Sequence[Task],
    options: JobOptions,
    glossary: Glossary | None,
    recorder: Recorder,
    settings: RaySettings,
) -> None:
    """Translate ``tasks`` on Ray; results are written and recorded as they stream back."""
    ray = import_ray()
    # Load the model here first (on the CPU: the driver may have no GPU): a model that
    # cannot load fails in one line before any actor starts, and the CTranslate2
    # conversion is cached once instead of by every actor at the same time.
    options.load(glossary, device="cpu")
    recorder.progress.model_loaded()
    started_here = _start(ray, settings)
    try:
        _check_resources(ray, settings, started_here)
        _quiet_console()
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False  # tarjama draws its own files/sentences line
        context.print_on_execution_start = False
        rows = [
            {
                "index": i,
                "path": str(task.file.path),
                "name": task.file.shown,  # as given: an XLIFF names its file
                "planned": task.sha256,
                # The memory stays on this machine; each file carries its matches (JSON
                # text, so Arrow never has to infer a schema for them).
                "matches": json.dumps(encode(task.matches), ensure_ascii=False),
            }
            for i, task in enumerate(tasks)
        ]
        dataset = (
            ray.data.from_items(rows)
            # Reading is I/O: it takes no CPU slot from the actors, and a few tasks at a
            # time keep up with them (unbounded, Ray would start a worker per block).
            .map(read_row, num_cpus=0, compute=ray.data.TaskPoolStrategy(size=settings.actors))
            .map_batches(
                TranslateDocuments,
                fn_constructor_kwargs={"options": options, "glossary": glossary},
                compute=ray.data.ActorPoolStrategy(size=settings.actors),
                batch_size=settings.docs_per_batch,
                num_cpus=settings.cpus_per_actor,
                num_gpus=settings.gpus_per_actor or None,
            )
        )
        try:
            for row in dataset.iter_rows():
                task = tasks[int(row["index"])]
                if row["error"]:
                    recorder.failed(task.file, row["error"], row["sha256"] or None, task)
                else:
                    result = DocumentResult(**json.loads(row["result"]))
                    recorder.finished(task, row["sha256"], result)
        except (KeyboardInterrupt, TranslatorError):
            raise
        except Exception as err:  # an actor that cannot start, a lost node, ...
            raise TranslatorError(
                f"the Ray job stopped: {_root_cause(err)}; the files finished so far are "
                "recorded, and running the same command again resumes"
            ) from err
    finally:
        if started_here:
            ray.shutdown()
