"""Resources, configured in one place: the warehouse file, the source folder, dbt."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
import shutil
import sys

import dagster as dg
import duckdb
import polars as pl
from dagster_dbt import DbtCliResource, DbtProject

from pipelines import settings

dbt_project = DbtProject(project_dir=settings.DBT_DIR, profiles_dir=settings.DBT_DIR)


class Warehouse(dg.ConfigurableResource):
    """The DuckDB file a run writes into (one writer: the run that owns it)."""

    database: str

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        con = duckdb.connect(self.database, read_only=read_only)
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


def dbt_executable() -> str:
    """The dbt installed beside this Python (the project's .venv), even when not on PATH."""
    for folder in (Path(sys.executable).parent, Path(sys.prefix) / "bin"):
        if (folder / "dbt").exists():
            return str(folder / "dbt")
    return shutil.which("dbt") or "dbt"


def make_resources(database: str, folder: str, realised_folder: str | None = None) -> dict[str, object]:
    return {
        "warehouse": Warehouse(database=database),
        "sources": SourceDocuments(folder=folder),
        "realised_inputs": RealisedInputs(folder=realised_folder or str(settings.realised_dir())),
        "dbt": DbtCliResource(
            project_dir=dbt_project, profiles_dir=str(settings.DBT_DIR), dbt_executable=dbt_executable()
        ),
    }
