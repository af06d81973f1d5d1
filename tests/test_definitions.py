import dagster as dg


def test_definitions_load_with_every_stage_and_check():
    from pipelines.definitions import BUILD_JOB, defs

    repo = defs.get_repository_def()
    keys = {k.to_user_string() for k in repo.asset_graph.get_all_asset_keys()}
    assert {"raw/documents", "raw/lignes_budgetaires", "marts/anomalies_qualite", "marts/deliberations"} <= keys
    groups = {repo.asset_graph.get(dg.AssetKey.from_user_string(k)).group_name for k in keys}
    assert {"ingestion", "extraction", "staging", "intermediate", "marts"} <= groups
    check_names = {c.name for c in repo.asset_graph.asset_check_keys}
    assert {"ge_deliberations", "articles_vs_imputation", "solde_rapport"} <= check_names
    assert defs.resolve_job_def(BUILD_JOB) is not None
