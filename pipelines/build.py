"""The main job: materialize every asset through dagster into a fresh file, then swap it in.

The published warehouse is replaced only by a complete build (``os.replace`` is atomic):
a failed or interrupted build leaves the previous warehouse as it was.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines import settings

MART_TABLES = (
    "deliberations", "montants_articles", "montants_rapport", "lignes_budgetaires",
    "anomalies_qualite", "documents_rejetes", "lignes_non_lues", "documents", "lignes_source",
    "dim_actions", "cofinancements", "plans_financiers", "indicateurs_cibles", "indicateurs_realises",
    "realise_vs_cible", "matrice_cofinancement", "trajectoires_pacte",
)  # fmt: skip


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


def _dbt_sources_mtime() -> float:
    paths = [settings.DBT_DIR / "dbt_project.yml", settings.DBT_DIR / "profiles.yml"]
    for folder in ("models", "macros", "tests", "seeds"):
        paths += [p for p in (settings.DBT_DIR / folder).rglob("*") if p.is_file()]
    return max(p.stat().st_mtime for p in paths if p.exists())


def ensure_dbt_manifest(progress: Callable[[str], None] = print) -> None:
    """Parse the dbt project once (``dbt parse``) when its manifest is missing or stale."""
    manifest = settings.DBT_DIR / "target" / "manifest.json"
    if manifest.exists() and manifest.stat().st_mtime >= _dbt_sources_mtime():
        return
    progress("Préparation du manifeste dbt (dbt parse)...")
    from dagster_dbt import DbtCliResource

    from pipelines.defs.resources import dbt_executable

    DbtCliResource(
        project_dir=str(settings.DBT_DIR), profiles_dir=str(settings.DBT_DIR), dbt_executable=dbt_executable()
    ).cli(
        ["parse"], target_path=Path("target")
    ).wait()


def previous_warehouse(warehouse: Path) -> Path:
    """Where a build keeps the warehouse it replaces: ``<stem>.precedent.duckdb`` beside it."""
    return warehouse.with_name(f"{warehouse.stem}.precedent.duckdb")


def _remove(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        p.unlink(missing_ok=True)


def _remove_abandoned_builds(warehouse: Path) -> None:
    """Files left by a build that was killed (its process is gone) are deleted."""
    for path in warehouse.parent.glob(f".{warehouse.stem}.construction-*.duckdb"):
        pid = path.stem.rsplit("-", 1)[-1]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            _remove(path)


def run_build(
    raw_dir: Path | None = None,
    warehouse: Path | None = None,
    progress: Callable[[str], None] | None = None,
    realised_dir: Path | None = None,
) -> BuildSummary:
    """Build the whole warehouse from ``raw_dir`` (and the realised figures of ``realised_dir``)
    into ``warehouse`` (defaults: settings).

    ``progress`` receives one line per step; by default they go to the terminal.
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
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    building = warehouse.with_name(f".{warehouse.stem}.construction-{os.getpid()}.duckdb")
    _remove_abandoned_builds(warehouse)
    _remove(building)

    ensure_dbt_manifest(progress)
    progress(f"Construction de l'entrepôt depuis {raw_dir} ...")
    import dagster as dg

    from pipelines.definitions import BUILD_JOB, build_definitions
    from pipelines.progress import DbtOutputFilter, progress_logger

    defs = build_definitions(str(building), str(raw_dir), str(realised_dir))
    job = defs.resolve_job_def(BUILD_JOB).with_logger_defs({"dpid": progress_logger(progress)})
    try:
        with dg.DagsterInstance.ephemeral() as instance, redirect_stdout(DbtOutputFilter(progress)):
            result = job.execute_in_process(
                instance=instance,
                raise_on_error=False,
                run_config={"loggers": {"dpid": {}}},
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
                + "".join(f"\n{reason}" for reason in _failure_reasons(result))
            )
        if warehouse.exists():  # kept for "what changed since the previous build" (reports/qualite.html)
            shutil.copy2(warehouse, previous_warehouse(warehouse))
        os.replace(building, warehouse)
    finally:
        _remove(building)
    summary = summarize(warehouse, time.perf_counter() - started)
    summary.stage_seconds = stage_seconds
    summary.checks = checks
    return summary


def _failure_reasons(result) -> list[str]:
    """The description of each ``dg.Failure`` raised by a failed step (the step's own French message)."""
    reasons = []
    for event in result.all_events:
        if event.is_step_failure:
            user_failure = event.event_specific_data.user_failure_data
            if user_failure is not None and user_failure.description:
                reasons.append(user_failure.description)
    return reasons


def _stage_seconds(instance, run_id: str) -> dict[str, float]:
    """Wall time of each step of the run (ingestion, extraction, dbt_models, checks)."""
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
    """What the published warehouse holds: documents, rows per mart, anomalies."""
    summary = BuildSummary(warehouse=warehouse, seconds=seconds)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        summary.documents_lus = con.execute("select count(*) from marts.documents").fetchone()[0]
        summary.documents_rejetes = con.execute("select fichier, raison from marts.documents_rejetes order by 1").fetchall()
        summary.lignes_par_mart = {
            t: con.execute(f"select count(*) from marts.{t}").fetchone()[0] for t in MART_TABLES
        }
        summary.extraction_par_document = con.execute(
            "select doc_id, numero, montants_articles, lignes_imputation_deliberation, lignes_imputation_rapport,"
            " lignes_non_lues, anomalies, subventions, bilans from marts.extraction_par_document order by doc_id"
        ).fetchall()
        summary.anomalies = con.execute(
            "select controle, gravite, doc_id, ligne, message from marts.anomalies_qualite order by doc_id, ligne"
        ).fetchall()
    return summary
