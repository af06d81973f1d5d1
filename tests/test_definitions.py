import dagster as dg


def test_definitions_load_with_every_stage_and_check():
    from pipelines.definitions import BUILD_JOB, defs

    repo = defs.get_repository_def()
    keys = {k.to_user_string() for k in repo.asset_graph.get_all_asset_keys()}
    assert {"raw/documents", "raw/lignes_budgetaires", "marts/anomalies_qualite", "marts/deliberations"} <= keys
    assert {"raw/realises_saisis", "marts/realise_vs_cible", "marts/matrice_cofinancement", "marts/trajectoires_pacte"} <= keys
    # dbt reads the realised figures typed by the services: the staging model depends on their asset
    stg = repo.asset_graph.get(dg.AssetKey(["staging", "stg_realises_saisis"]))
    assert dg.AssetKey(["raw", "realises_saisis"]) in stg.parent_keys
    groups = {repo.asset_graph.get(dg.AssetKey.from_user_string(k)).group_name for k in keys}
    assert {"ingestion", "extraction", "saisies", "staging", "intermediate", "marts"} <= groups
    check_names = {c.name for c in repo.asset_graph.asset_check_keys}
    assert {"ge_deliberations", "ge_subventions", "ge_bilans", "articles_vs_imputation", "total_tableau"} <= check_names
    assert defs.resolve_job_def(BUILD_JOB) is not None
