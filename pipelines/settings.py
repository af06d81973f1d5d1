"""Paths and defaults, in one place. Every path can be overridden by an environment variable."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_DIR = PROJECT_ROOT / "dbt"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"


def raw_dir() -> Path:
    """Folder of the source documents (``DPID_RAW_DIR``, default ``raw/deliberations``)."""
    return Path(os.environ.get("DPID_RAW_DIR", PROJECT_ROOT / "raw" / "deliberations")).resolve()


def realised_dir() -> Path:
    """Folder of the realised figures filled by the services (``DPID_REALISE_DIR``,
    default ``raw/realise``)."""
    return Path(os.environ.get("DPID_REALISE_DIR", PROJECT_ROOT / "raw" / "realise")).resolve()


def warehouse_path() -> Path:
    """The published warehouse (``DPID_WAREHOUSE``, default ``warehouse/dpid.duckdb``)."""
    return Path(os.environ.get("DPID_WAREHOUSE", PROJECT_ROOT / "warehouse" / "dpid.duckdb")).resolve()


def building_path(warehouse: Path) -> Path:
    """The file a build writes before it is swapped in: one name per warehouse, so that dbt's profile
    (``DPID_DUCKDB_PATH``) is the same from one build to the next and dbt parses only what changed."""
    return warehouse.with_name(f".{warehouse.stem}.construction.duckdb")


def dev_database_path() -> Path:
    """The file that ``dagster dev`` materializes into: never the published warehouse."""
    return Path(
        os.environ.get("DPID_DEV_DATABASE", PROJECT_ROOT / "warehouse" / "dagster_dev.duckdb")
    ).resolve()


def duckdb_memory_limit() -> str:
    """DuckDB's memory limit for a build, in dbt and in dagster's process (``DPID_DUCKDB_MEMOIRE``,
    default 600MB, also the default of ``dbt/profiles.yml``): beyond it DuckDB spills to disk, so the
    build's peak memory stays flat as the corpus grows. The two models dbt builds at once share it.
    Since the intermediate models are tables (each control is computed by its own query), dbt
    builds 1 000 documents within 400MB; with views, `anomalies_qualite` computed the 25 controls
    in one query that could not spill, and ran out of memory at 400MB (and once at 500MB)."""
    return os.environ.get("DPID_DUCKDB_MEMOIRE", "600MB")


def ingestion_memory_limit() -> str:
    """DuckDB's memory limit while the extraction step loads the ``raw`` tables from the documents'
    Parquet files (``DPID_DUCKDB_MEMOIRE_CHARGEMENT``, default 300MB). That load ran at the build's
    peak of memory: at 1 000 documents it took 10.4 s and the process 749 MB with 600MB, 10.7 s and
    465 MB with 300MB, 12.2 s and 390 MB with 200MB (DuckDB spills the sort to disk)."""
    return os.environ.get("DPID_DUCKDB_MEMOIRE_CHARGEMENT", "300MB")


def reports_dir() -> Path:
    return Path(os.environ.get("DPID_REPORTS_DIR", PROJECT_ROOT / "reports")).resolve()


@contextmanager
def environment(**values: str) -> Iterator[None]:
    """Set environment variables (the paths that ``dg.EnvVar`` and dbt's profile read), restored after."""
    before = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in before.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
