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


def _fake_dbt(tmp_path, script: str) -> str:
    """A stand-in for dbt (the real ``dbt parse`` of the project is exercised by the build tests)."""
    path = tmp_path / "dbt"
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(0o755)
    return str(path)


# writes "analyse pour <DPID_DUCKDB_PATH>" as the parse, into the folder given by --target-path
WRITES_A_PARSE = """while [ "$1" != "--target-path" ]; do shift; done
mkdir -p "$2" && printf "analyse pour %s" "$DPID_DUCKDB_PATH" > "$2/partial_parse.msgpack"
"""


def test_a_parse_started_for_new_settings_is_kept_and_not_redone(target, tmp_path, monkeypatch):
    monkeypatch.setattr(dbt_parse, "dbt_executable", lambda: _fake_dbt(tmp_path, WRITES_A_PARSE))
    database = tmp_path / "ailleurs" / ".dpid.construction.duckdb"
    assert not dbt_parse.is_kept(dbt_parse.parse_settings(database))
    assert dbt_parse.start(database)
    run_target = target / "dbt_models-1234"
    assert dbt_parse.settle(run_target)
    assert (run_target / dbt_parse.PARSE).read_text(encoding="utf-8") == f"analyse pour {database}"
    assert sorted(p.name for p in target.iterdir()) == ["dbt_models-1234"]  # its folder is removed
    # the build keeps the parse of its dbt step, with its settings: the next build does not parse ahead
    dbt_parse.keep(run_target / dbt_parse.PARSE, database)
    assert dbt_parse.is_kept(dbt_parse.parse_settings(database))
    # the same settings: nothing to do; another memory limit or another file: parsed again
    assert not dbt_parse.start(database)
    assert not dbt_parse.settle(run_target)
    assert not dbt_parse.is_kept(dbt_parse.parse_settings(tmp_path / "autre.duckdb"))
    monkeypatch.setenv("DPID_DUCKDB_MEMOIRE", "2GB")
    assert not dbt_parse.is_kept(dbt_parse.parse_settings(database))


def test_a_failed_parse_keeps_nothing(target, tmp_path, monkeypatch):
    monkeypatch.setattr(dbt_parse, "dbt_executable", lambda: "false")  # exits 1
    target.mkdir()
    assert dbt_parse.start(tmp_path / "x.duckdb")
    assert not dbt_parse.settle(target / "dbt_models-1234")
    assert not (target / dbt_parse.PARSE).exists()
    assert list(target.iterdir()) == []  # its folder is removed


def test_a_build_that_stops_early_stops_its_parse(target, tmp_path, monkeypatch):
    slow = _fake_dbt(tmp_path, "exec sleep 60\n")
    monkeypatch.setattr(dbt_parse, "dbt_executable", lambda: slow)
    assert dbt_parse.start(tmp_path / "x.duckdb")
    process, folder, _ = dbt_parse._pending
    started = time.perf_counter()
    dbt_parse.stop()
    assert process.poll() is not None and time.perf_counter() - started < 5
    assert not folder.exists() and not (target / dbt_parse.PARSE).exists()
    assert not dbt_parse.settle(target / "dbt_models-1234")  # nothing pending any more
