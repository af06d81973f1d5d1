import dagster as dg


def test_definitions_load_with_every_stage_and_check():
    from pipelines.definitions import BUILD_JOB, defs

    repo = defs.get_repository_def()
    keys = {k.to_user_string() for k in repo.asset_graph.get_all_asset_keys()}
    assert {
        "raw/documents",
        "raw/lignes_budgetaires",
        "marts/anomalies_qualite",
        "marts/deliberations",
    } <= keys
    assert {
        "raw/realises_saisis",
        "marts/realise_vs_cible",
        "marts/matrice_cofinancement",
        "marts/trajectoires_pacte",
    } <= keys
    # dbt reads the realised figures typed by the services: the staging model depends on their asset
    stg = repo.asset_graph.get(dg.AssetKey(["staging", "stg_realises_saisis"]))
    assert dg.AssetKey(["raw", "realises_saisis"]) in stg.parent_keys
    groups = {repo.asset_graph.get(dg.AssetKey.from_user_string(k)).group_name for k in keys}
    assert {"ingestion", "extraction", "saisies", "staging", "intermediate", "marts"} <= groups
    check_names = {c.name for c in repo.asset_graph.asset_check_keys}
    assert {
        "ge_deliberations",
        "ge_subventions",
        "ge_bilans",
        "articles_vs_imputation",
        "total_tableau",
    } <= check_names
    assert defs.resolve_job_def(BUILD_JOB) is not None


def test_one_location_in_process_with_per_document_partitions_and_no_import_cycle():
    import subprocess
    import sys

    from pipelines.definitions import defs
    from pipelines.defs.assets.extraction import DOCUMENT_PARTITIONS, PER_DOCUMENT

    repo = defs.get_repository_def()
    node = repo.asset_graph.get(PER_DOCUMENT)
    assert node.partitions_def == DOCUMENT_PARTITIONS and DOCUMENT_PARTITIONS.name == "documents"
    # "Materialize all" in the UI runs in one process: DuckDB is never opened by two processes
    assert defs.executor is dg.in_process_executor
    # the definitions do not import the build module (which imports them)
    code = "import sys, pipelines.definitions; print('pipelines.build' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_duckdb_memory_is_limited_alike_in_dbt_and_in_dagster(monkeypatch):
    """One limit: dbt's profile defaults to the limit of settings, the build passes it to dbt, and the
    warehouse resource opens DuckDB with it."""
    import re

    from pipelines import settings
    from pipelines.defs.resources import Warehouse

    profile = (settings.DBT_DIR / "profiles.yml").read_text(encoding="utf-8")
    monkeypatch.delenv("DPID_DUCKDB_MEMOIRE", raising=False)
    assert re.search(r"memory_limit: \"\{\{ env_var\('DPID_DUCKDB_MEMOIRE', '([^']+)'\) \}\}\"", profile)[
        1
    ] == (settings.duckdb_memory_limit())
    monkeypatch.setenv("DPID_DUCKDB_MEMOIRE", "300MB")
    with Warehouse(database=":memory:").connect() as con:
        limit = con.execute("select current_setting('memory_limit')").fetchone()[0]
    assert limit.replace(" ", "") in ("286.1MiB", "300.0MB", "300MB")
