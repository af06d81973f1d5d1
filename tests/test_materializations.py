"""The project's lean `view` and `table` materializations (``dbt/macros/materializations.sql``): one
``create or replace`` per model, the marts' contracts still checked and their constraints created.

Run on a two-model dbt project in a temporary folder that uses the project's macro file."""

import shutil
from pathlib import Path

import duckdb

from pipelines import settings

PROJECT = """
name: lean
version: "1.0.0"
config-version: 2
profile: lean
models:
  lean:
    +materialized: table
    +post-hook: "create or replace table {{ this.name }}_apres as select 1 as x"
"""

PROFILE = """
lean:
  target: local
  outputs:
    local:
      type: duckdb
      path: "{path}"
      threads: 1
"""

CONTRACT = """
version: 2
models:
  - name: montants
    config:
      contract:
        enforced: true
      materialized: {materialized}
    columns:
      - name: doc_id
        data_type: varchar
        constraints:
          - type: not_null
      - name: montant_eur
        data_type: decimal(18,2)
"""


def _project(tmp_path: Path, select_sql: str, materialized: str = "table") -> Path:
    project = tmp_path / "projet"
    (project / "models").mkdir(parents=True, exist_ok=True)
    (project / "macros").mkdir(exist_ok=True)
    shutil.copy(settings.DBT_DIR / "macros" / "materializations.sql", project / "macros")
    (project / "dbt_project.yml").write_text(PROJECT, encoding="utf-8")
    (project / "profiles.yml").write_text(PROFILE.format(path=tmp_path / "lean.duckdb"), encoding="utf-8")
    (project / "models" / "montants.sql").write_text(select_sql, encoding="utf-8")
    (project / "models" / "montants.yml").write_text(
        CONTRACT.format(materialized=materialized), encoding="utf-8"
    )
    (project / "models" / "lecture.sql").write_text(
        "{{ config(materialized='view') }}\nselect doc_id from {{ ref('montants') }}\n-- a comment last",
        encoding="utf-8",
    )
    return project


def _build(project: Path) -> tuple[bool, str]:
    """``dbt build`` in this process (a subprocess per build would start dbt six times): success, messages."""
    from dbt.cli.main import dbtRunner

    args = [
        "build",
        "--project-dir",
        str(project),
        "--profiles-dir",
        str(project),
        "--log-level-file",
        "none",
    ]
    result = dbtRunner().invoke([*args, "--quiet"])
    messages = [str(result.exception or "")]
    messages += [str(r.message) for r in getattr(result.result, "results", None) or []]
    return result.success, "\n".join(messages)


def _relations(database: Path) -> dict[str, str]:
    with duckdb.connect(str(database)) as con:
        return dict(con.execute("select table_name, table_type from information_schema.tables").fetchall())


def test_a_table_is_replaced_its_contract_checked_and_a_view_replaces_a_table(tmp_path):
    good = "select 'd' as doc_id, 12.5::decimal(18,2) as montant_eur"
    project = _project(tmp_path, good)
    assert _build(project)[0]
    assert _build(project)[0]  # a second build replaces what the first one created
    database = tmp_path / "lean.duckdb"
    # the project's materialization ran (dbt's own would create `lecture__dbt_tmp` and rename it)
    ran = (project / "target" / "run" / "lean" / "models" / "lecture.sql").read_text(encoding="utf-8")
    assert "create or replace view" in ran and "__dbt_tmp" not in ran
    assert _relations(database) == {
        "montants": "BASE TABLE",
        "lecture": "VIEW",
        "montants_apres": "BASE TABLE",  # the models' post-hooks ran
        "lecture_apres": "BASE TABLE",
    }
    with duckdb.connect(str(database)) as con:
        assert con.execute("select * from montants").fetchall() == [("d", 12.5)]
        kinds = con.execute("select constraint_type from duckdb_constraints() where table_name = 'montants'")
        assert kinds.fetchall() == [("NOT NULL",)]

    # the contract is still checked: a column of the wrong type stops the model, nothing is replaced
    _project(tmp_path, "select 1 as doc_id, 12.5::decimal(18,2) as montant_eur")
    ok, messages = _build(project)
    assert not ok and "contract" in messages.lower()
    # the constraint holds: a null doc_id stops the model
    _project(tmp_path, "select null::varchar as doc_id, 1.0::decimal(18,2) as montant_eur")
    ok, messages = _build(project)
    assert not ok and "NOT NULL constraint" in messages
    with duckdb.connect(str(database)) as con:
        assert con.execute("select * from montants").fetchall() == [("d", 12.5)]

    # a model that was a table becomes a view
    _project(tmp_path, good, materialized="view")
    ok, messages = _build(project)
    assert ok, messages
    assert {name: kind for name, kind in _relations(database).items() if "apres" not in name} == {
        "montants": "VIEW",
        "lecture": "VIEW",
    }
