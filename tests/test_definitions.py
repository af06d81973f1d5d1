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


def test_the_raw_tables_are_loaded_within_their_own_memory_limit(tmp_path, monkeypatch):
    """The extraction step loads the raw tables with DuckDB limited to the ingestion limit (the
    build's peak of memory at 1 000 documents), not the build's."""
    from contextlib import contextmanager

    import dagster as dg
    import duckdb

    from pipelines import settings
    from pipelines.defs.assets.extraction import extraction
    from pipelines.defs.resources import SourceDocuments, Warehouse

    monkeypatch.setenv("DPID_PROCESSUS", "1")
    monkeypatch.setenv("DPID_DUCKDB_MEMOIRE_CHARGEMENT", "123MB")
    monkeypatch.setenv("DPID_DUCKDB_MEMOIRE", "456MB")
    limits = []

    class Recording(Warehouse):
        @contextmanager
        def connect(self, read_only: bool = False, memory_limit: str | None = None):
            with super().connect(read_only, memory_limit) as con:
                limits.append(con.execute("select current_setting('memory_limit')").fetchone()[0])
                yield con

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "001.txt").write_bytes((settings.raw_dir() / "001_d2d07801e5745474.txt").read_bytes())
    result = dg.materialize(
        [extraction],
        instance=dg.DagsterInstance.ephemeral(),
        resources={
            "sources": SourceDocuments(folder=str(raw)),
            "warehouse": Recording(database=str(tmp_path / "w.duckdb")),
        },
    )
    assert result.success
    with duckdb.connect(config={"memory_limit": "123MB"}) as con:
        expected = con.execute("select current_setting('memory_limit')").fetchone()[0]
    assert limits == [expected] and expected != "456MB"
