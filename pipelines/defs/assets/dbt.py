"""Stage 3, transformation: the dbt project (staging -> intermediate -> marts) in one ``dbt build``.

The build runs the models, seeds and data tests; the unit tests (static inputs, the formulas of the
models) are not run on every build, as dbt recommends for production: ``make test`` runs them once
(``tests/test_dbt_unit_tests.py``). ``--fail-fast``: a failing model or test stops the build at once
(nothing is published after a failure; the user fixes it and reruns) instead of building the
rest of the project for nothing. ``--log-level-file none``: dbt's debug log file went into the run's
target folder, which is removed after the run; writing it cost ~3 s of a 5-document build (its
events still reach dagster on stdout).

dbt's profile reads the warehouse from ``DPID_DUCKDB_PATH``, the variable the ``warehouse``
resource is configured from. A failed ``dbt build`` stops the step with its real cause: each failing
test with its name and the rows that fail it (its compiled query, run on the warehouse), or the
model's error. The run's target folder is removed afterwards (``dbt/target`` does not grow).
"""

import shutil
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, dbt_assets

from pipelines import dbt_parse, dbt_warm, settings

from ..resources import DbtCli, Warehouse, dbt_project, lock_message

FAILING_ROWS_SHOWN = 5
BUILD_ARGS = ["build", "--exclude-resource-type", "unit_test", "--fail-fast", "--log-level-file", "none"]


class DpidTranslator(DagsterDbtTranslator):
    """Asset keys ``[schema, table]`` (``raw.*`` for sources), groups by dbt folder."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey([dbt_resource_props["source_name"], dbt_resource_props["name"]])
        return dg.AssetKey([dbt_resource_props["fqn"][1], dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return dbt_resource_props["fqn"][1]


def failure_report(run_results: dict, warehouse: Warehouse | None) -> str:
    """French lines for each failed node of a dbt run: the test and its failing rows, or the error
    (``warehouse``: where to read a failed test's rows and name a locked file; None when unknown)."""
    lines = []
    locked = None  # DuckDB's lock error, explained once before the nodes it failed
    for result in run_results.get("results", []):
        if result.get("status") not in ("fail", "error", "runtime error"):
            continue
        name = result["unique_id"].split(".")[2]
        kind = result["unique_id"].split(".")[0]
        message = (result.get("message") or "").strip()
        if kind == "test" and result.get("status") == "fail" and result.get("compiled_code"):
            lines.append(f"Test dbt en échec : {name} ({result.get('failures')} ligne(s) en échec)")
            try:
                with warehouse.connect(read_only=True) as con:
                    cursor = con.execute(
                        f"select * from ({result['compiled_code']}) limit {FAILING_ROWS_SHOWN}"
                    )
                    columns = [d[0] for d in cursor.description]
                    for row in cursor.fetchall():
                        lines.append(
                            "    " + ", ".join(f"{c} = {v}" for c, v in zip(columns, row, strict=True))
                        )
            except Exception as exc:  # noqa: BLE001 - the name and count are still worth printing
                lines.append(f"    (lignes non relues : {exc})")
        else:
            lines.append(f"{'Test' if kind == 'test' else 'Modèle'} dbt en erreur : {name} : {message}")
            database = warehouse.database if warehouse is not None else "de ce run"
            locked = locked or lock_message(database, message)
            if "Out of Memory Error" in message:
                lines.append(
                    f"    Mémoire de DuckDB épuisée (limite {settings.duckdb_memory_limit()}, "
                    "DPID_DUCKDB_MEMOIRE) : relancez avec une limite plus haute, "
                    "par exemple DPID_DUCKDB_MEMOIRE=2GB dpid build."
                )
    if locked:
        lines.insert(0, locked)
    return (
        "\n".join(lines)
        or "dbt build a échoué sans nœud en échec : `dpid build --verbeux` montre les lignes de dbt."
    )


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=DpidTranslator())
def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCli, warehouse: Warehouse):
    run_target = dbt_project.project_dir / "target" / f"dbt_models-{context.run.run_id[:8]}"
    if dbt_warm.started():  # `dpid build` made dbt ready while it started (pipelines.dbt_warm)
        context.log.info("dbt prêt : importé et projet analysé pendant le démarrage du run")
    invocation = dbt.cli(BUILD_ARGS, context=context, raise_on_error=False, target_path=run_target)
    try:
        try:
            yield from invocation.stream()
        finally:  # interrupted (SIGINT/SIGTERM, or a failure above): no orphan dbt process
            if invocation.process.poll() is None:
                invocation.process.terminate()
                invocation.process.wait(timeout=30)
        if not invocation.is_successful():
            raise dg.Failure(
                description=failure_report(invocation.get_artifact("run_results.json"), warehouse)
            )
        # the run's parse, kept: the next build of this warehouse parses only what changed
        dbt_parse.keep(run_target / dbt_parse.PARSE, warehouse.database)
    finally:
        shutil.rmtree(run_target, ignore_errors=True)
