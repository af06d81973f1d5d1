"""The single ``Definitions`` object of the dagster code location (``dagster dev`` loads it).

``dpid build`` uses the same assets and checks with the warehouse resource pointed at a
fresh file that is swapped in when the build is complete; ``dagster dev`` materializes
into ``warehouse/dagster_dev.duckdb``, never into the published warehouse.
"""

from __future__ import annotations

import os

import dagster as dg

from pipelines import settings
from pipelines.defs.assets.dbt import dbt_models
from pipelines.defs.assets.extraction import extraction
from pipelines.defs.assets.ingestion import ingestion
from pipelines.defs.assets.realised import realises_saisis
from pipelines.defs.checks import consistency_checks, ge_checks
from pipelines.build import ensure_dbt_manifest
from pipelines.defs.resources import make_resources

if os.environ.get("DAGSTER_IS_DEV_CLI"):
    # `dagster dev`: parse the dbt project when its manifest is missing or stale (as
    # DbtProject.prepare_if_dev does, with the dbt of this environment).
    ensure_dbt_manifest()

ASSETS = [ingestion, extraction, realises_saisis, dbt_models]
CHECKS = [*ge_checks, *consistency_checks]
BUILD_JOB = "construire_entrepot"


def build_definitions(database: str, folder: str, realised_folder: str | None = None) -> dg.Definitions:
    return dg.Definitions(
        assets=ASSETS,
        asset_checks=CHECKS,
        jobs=[
            dg.define_asset_job(
                BUILD_JOB,
                selection=dg.AssetSelection.all(),
                description="Tout reconstruire : ingestion, extraction, dbt build, contrôles.",
                executor_def=dg.in_process_executor,
            )
        ],
        resources=make_resources(database, folder, realised_folder),
    )


defs = build_definitions(str(settings.dev_database_path()), str(settings.raw_dir()))
