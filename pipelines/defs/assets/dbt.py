"""Stage 3, transformation: the dbt project (staging -> intermediate -> marts) in one ``dbt build``."""

import os
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from ..resources import Warehouse, dbt_project


class DpidTranslator(DagsterDbtTranslator):
    """Asset keys ``[schema, table]`` (``raw.*`` for sources), groups by dbt folder."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey([dbt_resource_props["source_name"], dbt_resource_props["name"]])
        return dg.AssetKey([dbt_resource_props["fqn"][1], dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return dbt_resource_props["fqn"][1]


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=DpidTranslator())
def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: Warehouse):
    # dbt's profile reads the warehouse file from the environment (profiles.yml).
    os.environ["DPID_DUCKDB_PATH"] = warehouse.database
    yield from dbt.cli(["build"], context=context).stream()
