"""The main job: materialize every asset through dagster into a fresh file, then swap it in.

The published warehouse is replaced only by a complete build, by renames (atomic): a failed or
interrupted build leaves the previous warehouse as it was. Runs are recorded in ``DAGSTER_HOME``
(default ``.dagster/``), where ``make dev`` shows them.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines import settings


class BuildError(RuntimeError):
    """The build failed; the published warehouse was not touched."""


@dataclass
class BuildSummary:
    warehouse: Path
    seconds: float
    stage_seconds: dict[str, float] = field(default_factory=dict)
    documents_lus: int = 0
    documents_rejetes: list[tuple[str, str]] = field(default_factory=list)
    lignes_par_mart: dict[str, int] = field(default_factory=dict)
    extraction_par_document: list[tuple] = field(default_factory=list)
    anomalies: list[tuple] = field(default_factory=list)
    checks: list[tuple[str, bool, str]] = field(default_factory=list)


def previous_warehouse(warehouse: Path) -> Path:
    """Where a build keeps the warehouse it replaces: ``<stem>.precedent.duckdb`` beside it."""
    return warehouse.with_name(f"{warehouse.stem}.precedent.duckdb")


def _remove(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        p.unlink(missing_ok=True)


@contextmanager
def _one_build_at_a_time(warehouse: Path) -> Iterator[None]:
    """A second build of the same warehouse is refused while one runs (lock on a file beside the
    per-document outputs); the lock goes with the process, even when it is killed."""
    import fcntl

    folder = warehouse.parent / "extraits"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".construction.lock").open("a+", encoding="utf-8") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            owner = lock.read().strip() or "?"
            raise BuildError(
                f"Une autre construction de {warehouse} est en cours (processus {owner}) : "
                "attendez qu'elle se termine, puis relancez."
            ) from None
        lock.seek(0)
        lock.truncate()
        lock.write(str(os.getpid()))
        lock.flush()
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _remove_abandoned_builds(warehouse: Path) -> None:
    """Files left by a build that was killed are deleted (the caller holds the build lock)."""
    _remove(settings.building_path(warehouse))
    for path in warehouse.parent.glob(f".{warehouse.stem}.construction-*.duckdb"):  # older names
        _remove(path)


def dagster_home() -> Path:
    """Where dagster records runs (``DAGSTER_HOME``, default ``.dagster/``): the UI of ``make dev``
    shows the history, per-document partitions and check results of ``dpid build``."""
    home = Path(os.environ.get("DAGSTER_HOME") or settings.PROJECT_ROOT / ".dagster").resolve()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    from pipelines.dagster_storage import earlier_instance_yamls, instance_yaml

    if not config.exists() or config.read_text(encoding="utf-8") in earlier_instance_yamls(home):
        config.write_text(instance_yaml(home), encoding="utf-8")
    return home


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM stops the build like Ctrl-C: the dbt step then stops its dbt child (no orphan)."""
    try:
        previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def os_error_message(exc: OSError, folder: Path) -> str:
    """One French line for the file-system faults a build meets."""
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"Le dossier de l'entrepôt {folder} est en lecture seule : impossible d'y écrire."
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"Disque plein : plus de place pour écrire l'entrepôt dans {folder}. "
            "Libérez de l'espace et relancez."
        )
    return f"Erreur d'écriture dans {folder} : {exc.strerror or exc}."


def publish(building: Path, warehouse: Path) -> None:
    """Swap a complete build in, keeping the warehouse it replaces as ``<stem>.precedent.duckdb``.

    Renames only (atomic on one file system), done after the new file is complete: the previous
    warehouse is kept through a hard link, so the published path always holds a whole warehouse."""
    previous = previous_warehouse(warehouse)
    if warehouse.exists():
        link = warehouse.with_name(f".{warehouse.stem}.precedent-{os.getpid()}.duckdb")
        link.unlink(missing_ok=True)
        try:
            os.link(warehouse, link)
        except OSError:  # no hard links on this file system: rename the old file, then the new one
            os.replace(warehouse, previous)
        else:
            os.replace(link, previous)
        previous.with_name(previous.name + ".wal").unlink(missing_ok=True)
    os.replace(building, warehouse)


def run_build(
    raw_dir: Path | None = None,
    warehouse: Path | None = None,
    progress: Callable[[str], None] | None = None,
    realised_dir: Path | None = None,
    verbose: bool = False,
) -> BuildSummary:
    """Build the whole warehouse from ``raw_dir`` (and the realised figures of ``realised_dir``)
    into ``warehouse`` (defaults: settings).

    ``progress`` receives one line per step; by default they go to the terminal, in French
    (``verbose``: dagster's and dbt's own English lines too). Every expected fault raises
    ``BuildError`` with one French message.
    """
    terminal = sys.stdout
    report = progress or print

    def progress(message: str) -> None:
        # dbt's output is filtered through stdout during the run: report to the real one
        with redirect_stdout(terminal):
            report(message)

    started = time.perf_counter()
    raw_dir = (raw_dir or settings.raw_dir()).resolve()
    warehouse = (warehouse or settings.warehouse_path()).resolve()
    realised_dir = (realised_dir or settings.realised_dir()).resolve()
    if not raw_dir.is_dir():
        raise BuildError(f"Dossier des délibérations introuvable : {raw_dir}")
    building = settings.building_path(warehouse)
    from pipelines import dbt_parse, dbt_warm, document_cache
    from pipelines.quality import ge

    # great-expectations is imported by its own process now, on the second core, while this one
    # imports dagster and dbt (~4.5 s off every build); the GE check step then only validates
    ge.start_worker()
    try:
        warehouse.parent.mkdir(parents=True, exist_ok=True)
        with _one_build_at_a_time(warehouse):
            # the documents not yet in the cache are extracted in the background, on the cores that
            # the imports of dagster and dbt and the run's creation (~10 s on one core) leave idle
            document_cache.start_prefetch(raw_dir, document_cache.cache_dir(building))
            # and dbt made ready on them too (imported, the project parsed): the dbt step skips both
            dbt_parse.start(building)
            return _build(raw_dir, warehouse, realised_dir, building, progress, verbose, started)
    except OSError as exc:
        raise BuildError(os_error_message(exc, warehouse.parent)) from None
    finally:
        ge.stop_worker()
        document_cache.stop_prefetch()
        dbt_warm.stop()


def _build(
    raw_dir: Path,
    warehouse: Path,
    realised_dir: Path,
    building: Path,
    progress: Callable[[str], None],
    verbose: bool,
    started: float,
) -> BuildSummary:
    try:
        _remove_abandoned_builds(warehouse)
        from pipelines.defs.resources import prepare_dbt_project

        if prepare_dbt_project():
            progress("Manifeste dbt mis à jour (dbt parse).")
    except OSError as exc:
        raise BuildError(os_error_message(exc, warehouse.parent)) from None
    progress(f"Construction de l'entrepôt depuis {raw_dir} ...")
    import dagster as dg

    from pipelines.progress import DbtOutputFilter, progress_logger

    paths = {
        "DPID_DUCKDB_PATH": str(building),
        "DPID_RAW_DIR": str(raw_dir),
        "DPID_REALISE_DIR": str(realised_dir),
        "DPID_DUCKDB_MEMOIRE": settings.duckdb_memory_limit(),  # dbt's profile reads it
    }
    try:
        with settings.environment(**paths), _sigterm_as_interrupt():
            from pipelines.definitions import BUILD_JOB, defs

            job = defs.resolve_job_def(BUILD_JOB).with_logger_defs(
                {"dpid": progress_logger(progress, verbose)}
            )
            with (
                dg.DagsterInstance.from_config(str(dagster_home())) as instance,
                redirect_stdout(DbtOutputFilter(progress, verbose)),
            ):
                result = job.execute_in_process(
                    instance=instance, raise_on_error=False, run_config={"loggers": {"dpid": {}}}
                )
                stage_seconds = _stage_seconds(instance, result.run_id)
                checks = _check_outcomes(result)
        if not result.success:
            failed = [e.step_key for e in result.all_events if e.is_step_failure]
            blocking = [name for name, passed, severity in checks if not passed and severity == "ERROR"]
            raise BuildError(
                "La construction a échoué"
                + (f" (étapes en échec : {', '.join(failed)})" if failed else "")
                + (f" (contrôles bloquants en échec : {', '.join(blocking)})" if blocking else "")
                + f". L'entrepôt publié {warehouse} n'a pas été modifié."
                + "".join(f"\n{reason}" for reason in _failure_reasons(result, warehouse.parent))
            )
        publish(building, warehouse)
    except OSError as exc:
        raise BuildError(os_error_message(exc, warehouse.parent)) from None
    finally:
        _remove(building)
        _remove_stale_dbt_runs()
    summary = summarize(warehouse, time.perf_counter() - started)
    summary.stage_seconds = stage_seconds
    summary.checks = checks
    return summary


def _remove_stale_dbt_runs(max_age_seconds: float = 3600) -> None:
    """Run folders of dagster-dbt (``dbt/target/dbt_models-*``) left by killed runs; a finished
    dbt step removes its own."""
    now = time.time()
    for folder in (settings.DBT_DIR / "target").glob("dbt_models-*"):
        try:
            if now - folder.stat().st_mtime > max_age_seconds:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            pass


_DISK_FULL = ("No space left on device", "Disk full", "disk is full")
_READ_ONLY = ("Read-only file system", "Permission denied")


def _failure_reasons(result, folder: Path) -> list[str]:
    """The real cause of each failed step, in French: the step's own message (``dg.Failure``), or
    its exception (type and message, without the traceback)."""
    reasons = []
    for event in result.all_events:
        if not event.is_step_failure:
            continue
        data = event.event_specific_data
        if data.user_failure_data is not None and data.user_failure_data.description:
            reasons.append(data.user_failure_data.description)
            continue
        error = data.error
        while error is not None and error.cause is not None and error.cls_name.startswith("Dagster"):
            error = error.cause  # dagster wraps the exception raised by the step
        message = error.message.strip() if error is not None else "erreur inconnue"
        if any(m in message for m in _DISK_FULL):
            reasons.append(f"Disque plein : plus de place pour écrire l'entrepôt dans {folder}.")
        elif any(m in message for m in _READ_ONLY):
            reasons.append(f"Le dossier de l'entrepôt {folder} est en lecture seule : impossible d'y écrire.")
        else:
            reasons.append(f"Étape {event.step_key} en échec : {message}")
    return reasons


def _stage_seconds(instance, run_id: str) -> dict[str, float]:
    """Wall time of each step of the run (extraction, dbt_models, checks)."""
    starts: dict[str, float] = {}
    out: dict[str, float] = {}
    for entry in instance.all_logs(run_id):
        event = entry.dagster_event
        if event is None or event.step_key is None:
            continue
        if event.event_type_value == "STEP_START":
            starts[event.step_key] = entry.timestamp
        elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE") and event.step_key in starts:
            out[event.step_key] = round(entry.timestamp - starts[event.step_key], 2)
    return out


def _check_outcomes(result) -> list[tuple[str, bool, str]]:
    out = []
    for event in result.all_events:
        if event.event_type_value == "ASSET_CHECK_EVALUATION":
            data = event.event_specific_data
            out.append((data.check_name, data.passed, data.severity.value))
    return out


def summarize(warehouse: Path, seconds: float) -> BuildSummary:
    """What the published warehouse holds: documents, rows of every mart, anomalies."""
    summary = BuildSummary(warehouse=warehouse, seconds=seconds)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        summary.documents_lus = con.execute("select count(*) from marts.documents").fetchone()[0]
        summary.documents_rejetes = con.execute(
            "select fichier, raison from marts.documents_rejetes order by 1"
        ).fetchall()
        marts = con.execute(
            "select table_name from duckdb_tables() where schema_name = 'marts' order by table_name"
        ).fetchall()
        summary.lignes_par_mart = {
            t: con.execute(f'select count(*) from marts."{t}"').fetchone()[0] for (t,) in marts
        }
        summary.extraction_par_document = con.execute(
            "select doc_id, numero, montants_articles, lignes_imputation_deliberation,"
            " lignes_imputation_rapport,"
            " lignes_non_lues, anomalies, subventions, bilans, chiffres, chiffres_lus, chiffres_non_lus,"
            " chiffres_contexte from marts.extraction_par_document order by doc_id"
        ).fetchall()
        summary.anomalies = con.execute(
            "select controle, gravite, doc_id, ligne, message from marts.anomalies_qualite"
            " order by doc_id, ligne"
        ).fetchall()
    return summary
