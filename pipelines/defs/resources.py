"""Resources, configured in one place: the warehouse file, the source folder, dbt.

Every path comes from the environment through ``dg.EnvVar`` (``DPID_DUCKDB_PATH``, ``DPID_RAW_DIR``,
``DPID_REALISE_DIR``): ``dagster dev`` gets them from ``make dev``, ``dpid build`` sets them for its
run. dbt's profile reads the same ``DPID_DUCKDB_PATH``: one path, one place.
"""

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from importlib.metadata import version
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
from dagster_dbt import DbtCliResource, DbtProject
from packaging.version import Version

from pipelines import dbt_parse, dbt_warm, settings
from pipelines.dbt_parse import dbt_executable

DBT_SOURCES_FILE = settings.DBT_DIR / "models" / "staging" / "__sources.yml"


def write_dbt_sources() -> bool:
    """Generate the dbt sources from ``pipelines.frames`` (one declaration per table); the file is
    rewritten only when its content changes (its date decides whether dbt parses again)."""
    import yaml

    from pipelines.frames import dbt_sources

    text = "# Généré par `dpid prepare` depuis pipelines/frames.py : ne pas modifier, ne pas versionner.\n"
    text += yaml.safe_dump(dbt_sources(), allow_unicode=True, sort_keys=False, width=100)
    if DBT_SOURCES_FILE.exists() and DBT_SOURCES_FILE.read_text(encoding="utf-8") == text:
        return False
    DBT_SOURCES_FILE.write_text(text, encoding="utf-8")
    return True


write_dbt_sources()  # before any dbt parse: `dagster dev`, `dpid prepare`, `dpid build`
dbt_project = DbtProject(project_dir=settings.DBT_DIR, profiles_dir=settings.DBT_DIR)
dbt_project.prepare_if_dev()  # `dagster dev`: parse the dbt project at load, so edits are picked up


class WarehouseLockedError(RuntimeError):
    """The warehouse file is held by another process (DuckDB takes one writing process per file)."""


def lock_message(database: str, error: str) -> str | None:
    """A French explanation of DuckDB's lock error on ``database`` (None for any other error)."""
    detail = next((line.strip() for line in error.splitlines() if "could not set lock" in line.lower()), None)
    if detail is None:
        return None
    holder = re.search(r"\(PID (\d+)\)", detail)
    return (
        f"L'entrepôt {database} est ouvert par un autre processus"
        f"{f' (PID {holder.group(1)})' if holder else ''} : un autre run (« Materialize all » lancé "
        "deux fois ?) ou une lecture restée ouverte (`dpid sql`, un rapport, un client DuckDB). DuckDB "
        "n'y admet qu'un processus qui écrit : attendez la fin de ce run ou fermez cette connexion, "
        "puis relancez. "
        f"Message de DuckDB : {detail}"
    )


class Warehouse(dg.ConfigurableResource):
    """The DuckDB file a run writes into (one writer: the run that owns it)."""

    database: str

    @contextmanager
    def connect(
        self, read_only: bool = False, memory_limit: str | None = None
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to the warehouse; DuckDB's memory limit is the build's unless given. Another
        process holding the file: :class:`WarehouseLockedError`, in French, naming that process."""
        try:
            con = duckdb.connect(
                self.database,
                read_only=read_only,
                config={"memory_limit": memory_limit or settings.duckdb_memory_limit()},
            )
        except duckdb.IOException as exc:
            message = lock_message(self.database, str(exc))
            if message is None:
                raise
            raise WarehouseLockedError(message) from None
        try:
            yield con
        finally:
            con.close()

    def replace_table(self, schema: str, table: str, frame: pl.DataFrame) -> int:
        """``create or replace`` ``schema.table`` with the rows of ``frame`` (no upserts)."""
        with self.connect() as con:
            con.execute(f"create schema if not exists {schema}")
            con.register("_frame", frame.to_arrow())
            con.execute(f"create or replace table {schema}.{table} as select * from _frame")
            con.unregister("_frame")
        return frame.height

    def read_frame(self, sql: str) -> pl.DataFrame:
        with self.connect() as con:
            return con.sql(sql).pl()


class SourceDocuments(dg.ConfigurableResource):
    """The folder of deliberations to read (``raw/deliberations`` by default)."""

    folder: str


class RealisedInputs(dg.ConfigurableResource):
    """The folder of realised figures filled by the services (``raw/realise`` by default)."""

    folder: str


class DbtCli(DbtCliResource):
    """dagster-dbt's dbt resource without two start-up costs of each call that dpid does not use
    (~10 s of a 5-document build): ``dbt --version`` run in a subprocess to learn the version of the
    dbt beside this Python (the version of the installed ``dbt-core`` package is that version), and
    a dbt adapter opened in the dagster process, which only ``fetch_row_counts`` and column
    metadata need (the row counts come from the published warehouse, ``dpid build``'s summary)."""

    @cached_property
    def _cli_version(self) -> Version:
        return Version(version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:
        return None


def _dbt_sources_mtime() -> float:
    paths = [settings.DBT_DIR / "dbt_project.yml", settings.DBT_DIR / "profiles.yml"]
    for folder in ("models", "macros", "tests", "seeds"):
        paths += [p for p in (settings.DBT_DIR / folder).rglob("*") if p.is_file()]
    return max(p.stat().st_mtime for p in paths if p.exists())


def prepare_dbt_project() -> bool:
    """``dpid prepare`` (and ``dpid build`` when dbt changed): ``dbt parse`` writes the manifest
    dagster-dbt reads. Returns False when the manifest was already up to date."""
    manifest = dbt_project.manifest_path
    if manifest.exists() and manifest.stat().st_mtime >= _dbt_sources_mtime():
        return False
    # parsed with the profile of `dpid build` on the default warehouse: its first build reuses this parse
    building = settings.building_path(settings.warehouse_path())
    with settings.environment(
        DPID_DUCKDB_PATH=str(building), DPID_DUCKDB_MEMOIRE=settings.duckdb_memory_limit()
    ):
        DbtCli(
            project_dir=dbt_project, profiles_dir=str(settings.DBT_DIR), dbt_executable=dbt_executable()
        ).cli(["parse", "--quiet"], target_path=Path("target")).wait()
    dbt_parse.keep(dbt_project.project_dir / "target" / dbt_parse.PARSE, building)
    return True


RESOURCES = {
    "warehouse": Warehouse(database=dg.EnvVar("DPID_DUCKDB_PATH")),
    "sources": SourceDocuments(folder=dg.EnvVar("DPID_RAW_DIR")),
    "realised_inputs": RealisedInputs(folder=dg.EnvVar("DPID_REALISE_DIR")),
    # dpid-dbt: the dbt `dpid build` made ready while it started, or dbt itself (pipelines.dbt_warm)
    "dbt": DbtCli(
        project_dir=dbt_project, profiles_dir=str(settings.DBT_DIR), dbt_executable=dbt_warm.launcher()
    ),
}
