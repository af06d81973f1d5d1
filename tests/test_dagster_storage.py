"""The kept-open event log storage: what dagster writes through it reads back as dagster's own."""

import dagster as dg
from dagster._core.events import DagsterEventType
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

from pipelines.dagster_storage import (
    OPEN_FILES,
    RUN_QUEUE_YAML,
    KeptOpenSqliteEventLogStorage,
    instance_yaml,
)


@dg.asset
def nombre() -> int:
    return 1


@dg.asset_check(asset=nombre)
def nombre_positif() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)


def test_runs_beyond_the_open_files_all_read_back(tmp_path):
    (tmp_path / "dagster.yaml").write_text(instance_yaml(tmp_path), encoding="utf-8")
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        storage = instance.event_log_storage
        assert isinstance(storage, KeptOpenSqliteEventLogStorage)
        run_ids = [
            dg.materialize([nombre, nombre_positif], instance=instance).run_id for _ in range(OPEN_FILES + 2)
        ]
        assert len(storage._engines) <= OPEN_FILES  # older run files are closed, not kept open
        for run_id in run_ids:  # each run's file, open or reopened
            records = instance.get_records_for_run(run_id, of_type=DagsterEventType.ASSET_CHECK_EVALUATION)
            assert [r.event_log_entry.dagster_event.event_specific_data.passed for r in records.records] == [
                True
            ]
        assert instance.get_run_by_id(run_ids[0]).status == dg.DagsterRunStatus.SUCCESS
        latest = instance.get_latest_materialization_event(dg.AssetKey("nombre"))
        assert latest.run_id == run_ids[-1]
        # the check executions went to dagster's own table, which the UI reads (has_table, remembered)
        history = storage.get_asset_check_execution_history(
            dg.AssetCheckKey(dg.AssetKey("nombre"), "nombre_positif"), limit=10
        )
        assert sorted(h.run_id for h in history) == sorted(run_ids)
        assert "asset_check_executions" in storage._tables_present
        assert not storage.has_table("table_absente") and not storage.has_table("table_absente")
        storage.wipe()
        # what it remembers after a wipe is what dagster's own check still finds
        assert all(SqliteEventLogStorage.has_table(storage, t) for t in storage._tables_present)
        assert instance.get_latest_materialization_event(dg.AssetKey("nombre")) is None
        assert (tmp_path / "history" / "runs").is_dir()


def test_the_instance_yaml_names_this_storage_and_an_absolute_folder(tmp_path):
    text = instance_yaml(tmp_path)
    assert "class: KeptOpenSqliteEventLogStorage" in text and "module: pipelines.dagster_storage" in text
    assert f'base_dir: "{tmp_path}/history/runs"' in text
    assert "telemetry:\n  enabled: false" in text


def test_the_instance_runs_one_run_at_a_time_from_the_queue(tmp_path):
    """Every run writes the same DuckDB file: a second « Materialize all » waits in the queue."""
    (tmp_path / "dagster.yaml").write_text(instance_yaml(tmp_path), encoding="utf-8")
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        assert instance.get_concurrency_config().run_queue_config.max_concurrent_runs == 1


def test_dagster_home_upgrades_the_old_default_yaml_and_keeps_a_users_own(tmp_path, monkeypatch):
    from pipelines.build import dagster_home

    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "ancien"))
    (tmp_path / "ancien").mkdir()
    (tmp_path / "ancien" / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    assert (dagster_home() / "dagster.yaml").read_text(encoding="utf-8") == instance_yaml(tmp_path / "ancien")
    # the file of the previous version (the event log storage, no run queue) gets the queue
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "precedent"))
    (tmp_path / "precedent").mkdir()
    previous = instance_yaml(tmp_path / "precedent").replace(RUN_QUEUE_YAML, "")
    (tmp_path / "precedent" / "dagster.yaml").write_text(previous, encoding="utf-8")
    assert "max_concurrent_runs: 1" in (dagster_home() / "dagster.yaml").read_text(encoding="utf-8")
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "perso"))
    (tmp_path / "perso").mkdir()
    own = "telemetry:\n  enabled: true\nrun_queue:\n  max_concurrent_runs: 1\n"
    (tmp_path / "perso" / "dagster.yaml").write_text(own, encoding="utf-8")
    assert (dagster_home() / "dagster.yaml").read_text(encoding="utf-8") == own
