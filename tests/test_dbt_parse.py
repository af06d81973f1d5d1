"""The dbt parse made ahead of a build's dbt step (``pipelines/dbt_parse.py``): kept with the settings
it was made for, not redone for the same settings, dropped when it fails, stopped with its build."""

import time

import pytest

from pipelines import dbt_parse


@pytest.fixture
def target(tmp_path, monkeypatch):
    """The kept parse and the parse folders in a temporary folder, not in dbt/target."""
    monkeypatch.setattr(dbt_parse, "_target", lambda: tmp_path / "target")
    return tmp_path / "target"


def test_a_parse_started_for_new_settings_is_kept_and_not_redone(target, tmp_path):
    database = tmp_path / "ailleurs" / ".dpid.construction.duckdb"
    assert not dbt_parse.is_kept(dbt_parse.parse_settings(database, "600MB"))
    assert dbt_parse.start(database, "600MB")
    assert dbt_parse.settle()
    assert (target / dbt_parse.PARSE).stat().st_size > 100_000  # the whole project, parsed
    assert dbt_parse.is_kept(dbt_parse.parse_settings(database, "600MB"))
    assert [p.name for p in target.iterdir()] == sorted([dbt_parse.PARSE, dbt_parse.SETTINGS])
    # the same settings: nothing to do; another memory limit or another file: parsed again
    assert not dbt_parse.start(database, "600MB")
    assert not dbt_parse.settle()
    assert not dbt_parse.is_kept(dbt_parse.parse_settings(database, "2GB"))
    assert not dbt_parse.is_kept(dbt_parse.parse_settings(tmp_path / "autre.duckdb", "600MB"))


def test_a_failed_parse_keeps_nothing(target, tmp_path, monkeypatch):
    monkeypatch.setattr(dbt_parse, "dbt_executable", lambda: "false")  # exits 1
    target.mkdir()
    assert dbt_parse.start(tmp_path / "x.duckdb", "600MB")
    assert not dbt_parse.settle()
    assert not (target / dbt_parse.PARSE).exists()
    assert list(target.iterdir()) == []  # its folder is removed


def test_a_build_that_stops_early_stops_its_parse(target, tmp_path, monkeypatch):
    slow = tmp_path / "dbt_lent"
    slow.write_text("#!/bin/sh\nexec sleep 60\n", encoding="utf-8")
    slow.chmod(0o755)
    monkeypatch.setattr(dbt_parse, "dbt_executable", lambda: str(slow))
    assert dbt_parse.start(tmp_path / "x.duckdb", "600MB")
    process, folder, _ = dbt_parse._pending
    started = time.perf_counter()
    dbt_parse.stop()
    assert process.poll() is not None and time.perf_counter() - started < 5
    assert not folder.exists() and not (target / dbt_parse.PARSE).exists()
    assert not dbt_parse.settle()  # nothing pending any more
