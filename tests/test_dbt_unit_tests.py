"""The dbt unit tests (the formulas and controls of the models, on static inputs), run once here
rather than on every build (``dbt build --exclude-resource-type unit_test``, as dbt recommends for
production): on a copy of the default corpus's warehouse, whose tables give dbt the input columns."""

import json
import os
import subprocess

import pytest

from pipelines import settings
from pipelines.defs.assets.dbt import BUILD_ARGS
from pipelines.defs.resources import dbt_executable

from .conftest import copy_warehouse

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("entrepot_defaut")]


def test_the_build_leaves_the_unit_tests_to_this_test():
    assert BUILD_ARGS[:3] == ["build", "--exclude-resource-type", "unit_test"]


def test_every_dbt_unit_test_passes(default_warehouse, tmp_path):
    manifest = json.loads((settings.DBT_DIR / "target" / "manifest.json").read_text(encoding="utf-8"))
    declared = set(manifest["unit_tests"])
    assert len(declared) >= 30
    warehouse = copy_warehouse(default_warehouse, tmp_path / "entrepot")
    target = tmp_path / "cible"
    done = subprocess.run(
        [dbt_executable(), "test", "--select", "test_type:unit", "--target-path", str(target)],
        cwd=settings.DBT_DIR,
        env={**os.environ, "DPID_DUCKDB_PATH": str(warehouse)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]
    failed = [(r["unique_id"], r["status"], r.get("message")) for r in results if r["status"] != "pass"]
    assert not failed and done.returncode == 0, (failed, done.stdout[-3000:])
    assert {r["unique_id"] for r in results} == declared
