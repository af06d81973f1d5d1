"""The single ``Definitions`` object of the dagster code location (``dagster dev`` and ``dpid build``).

Paths come from the environment (see ``pipelines.defs.resources``); unset, they default to the
development file ``warehouse/dagster_dev.duckdb`` — ``dagster dev`` never writes the published
warehouse. ``dpid build`` runs the same job on a fresh file that it swaps in when complete.

The default executor is in-process: DuckDB allows one writing process per file, so the steps of
a run (and "Materialize all" in the UI) must not open it from several processes. The parallel
work, parsing documents, runs in a process pool inside the extraction step.
"""

from __future__ import annotations

import os

import dagster as dg

from pipelines import settings

for _name, _default in (
    ("DPID_DUCKDB_PATH", settings.dev_database_path()),
    ("DPID_RAW_DIR", settings.raw_dir()),
    ("DPID_REALISE_DIR", settings.realised_dir()),
):
    os.environ.setdefault(_name, str(_default))

# Imported only once the environment defaults above are set (the resources read them).
from pipelines.defs.assets.dbt import dbt_models  # noqa: E402
from pipelines.defs.assets.extraction import extraction, per_document  # noqa: E402
from pipelines.defs.assets.realised import realises_saisis  # noqa: E402
from pipelines.defs.checks import consistency_checks, ge_checks  # noqa: E402
from pipelines.defs.resources import RESOURCES  # noqa: E402

BUILD_JOB = "construire_entrepot"

defs = dg.Definitions(
    assets=[per_document, extraction, realises_saisis, dbt_models],
    asset_checks=[ge_checks, consistency_checks],
    jobs=[
        dg.define_asset_job(
            BUILD_JOB,
            selection=dg.AssetSelection.all() - dg.AssetSelection.assets(per_document.key),
            description=(
                "Tout reconstruire : lecture et extraction (par document, en cache), dbt build, contrôles."
            ),
        )
    ],
    resources=RESOURCES,
    executor=dg.in_process_executor,
)
