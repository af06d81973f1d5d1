"""The kept dbt parse (``pipelines/dbt_parse.py``): kept with the settings it was made for, handed to
the build's ready dbt only for the same settings (the ready dbt itself: ``test_dbt_warm.py``)."""

import pytest

from pipelines import dbt_parse, dbt_warm


@pytest.fixture
def target(tmp_path, monkeypatch):
    """The kept parse in a temporary folder, not in dbt/target."""
    monkeypatch.setattr(dbt_parse, "_target", lambda: tmp_path / "target")
    return tmp_path / "target"


@pytest.fixture
def started(monkeypatch):
    """What ``dbt_parse.start`` asked of the ready dbt: (profile variables, kept parse)."""
    calls = []
    monkeypatch.setattr(dbt_warm, "start", lambda env, _dbt_dir, kept: calls.append((env, kept)))
    return calls


def test_the_kept_parse_is_reused_only_for_its_settings(target, tmp_path, monkeypatch, started):
    monkeypatch.delenv("DPID_DUCKDB_MEMOIRE", raising=False)
    database = tmp_path / "ailleurs" / ".dpid.construction.duckdb"
    parsed = tmp_path / "run" / dbt_parse.PARSE
    parsed.parent.mkdir()
    parsed.write_text(f"analyse pour {database}", encoding="utf-8")
    # a first build there: no kept parse, the ready dbt parses the whole project
    dbt_parse.start(database)
    assert started[-1] == ({"DPID_DUCKDB_PATH": str(database), "DPID_DUCKDB_MEMOIRE": "600MB"}, None)
    # the build keeps the parse of its dbt step, with its settings: the next one starts from it
    dbt_parse.keep(parsed, database)
    assert (target / dbt_parse.PARSE).read_text(encoding="utf-8") == f"analyse pour {database}"
    dbt_parse.start(database)
    assert started[-1][1] == target / dbt_parse.PARSE
    # another warehouse file or another memory limit: parsed again
    dbt_parse.start(tmp_path / "autre.duckdb")
    assert started[-1][1] is None
    monkeypatch.setenv("DPID_DUCKDB_MEMOIRE", "2GB")
    dbt_parse.start(database)
    assert started[-1] == ({"DPID_DUCKDB_PATH": str(database), "DPID_DUCKDB_MEMOIRE": "2GB"}, None)


def test_nothing_is_kept_when_dbt_wrote_no_parse(target, tmp_path):
    dbt_parse.keep(tmp_path / "absent" / dbt_parse.PARSE, tmp_path / "x.duckdb")
    assert not target.exists() or list(target.iterdir()) == []
    assert not dbt_parse.is_kept(dbt_parse.parse_settings(tmp_path / "x.duckdb"))
