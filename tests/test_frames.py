"""Every column of the warehouse is described (issue 12): the raw tables declared in
``pipelines/frames.py`` and the columns of every dbt model yml under ``dbt/models``."""

import re

import yaml

from pipelines.frames import COLUMN_DESCRIPTIONS, SCHEMAS, TABLE_DESCRIPTIONS, dbt_sources

from .conftest import ROOT

MODELS = ROOT / "dbt" / "models"


def test_every_raw_table_and_column_has_a_description_and_none_is_stale():
    assert list(TABLE_DESCRIPTIONS) == list(SCHEMAS)
    assert all(d.strip() for d in TABLE_DESCRIPTIONS.values())
    missing = {
        table: [c for c in schema if not COLUMN_DESCRIPTIONS.get(table, {}).get(c, "").strip()]
        for table, schema in SCHEMAS.items()
    }
    assert {t: cols for t, cols in missing.items() if cols} == {}, "columns of SCHEMAS without a description"
    stale = {
        table: [c for c in columns if c not in SCHEMAS.get(table, {})]
        for table, columns in COLUMN_DESCRIPTIONS.items()
    }
    assert {t: cols for t, cols in stale.items() if cols} == {}, "descriptions of columns not in SCHEMAS"
    # one declaration per table, its columns in the order of SCHEMAS (the order of __sources.yml)
    assert {t: list(c) for t, c in COLUMN_DESCRIPTIONS.items()} == {t: list(s) for t, s in SCHEMAS.items()}


def test_raw_columns_named_in_descriptions_exist():
    """A description that cites `raw.<table>.<column>` cites a column that exists."""
    columns = [d for described in COLUMN_DESCRIPTIONS.values() for d in described.values()]
    texts = [*TABLE_DESCRIPTIONS.values(), *columns]
    cited = {m for text in texts for m in re.findall(r"raw\.(\w+)\.(\w+)", text)}
    assert cited  # the pattern finds the citations
    assert sorted((t, c) for t, c in cited if c not in SCHEMAS.get(t, {})) == []


def test_generated_dbt_sources_describe_every_raw_column():
    (source,) = dbt_sources()["sources"]
    tables = {t["name"]: t for t in source["tables"]}
    assert list(tables) == list(SCHEMAS)
    for name, table in tables.items():
        assert [c["name"] for c in table["columns"]] == list(SCHEMAS[name])
        assert all(c.get("description", "").strip() for c in table["columns"]), name


def _model_ymls() -> list:
    return sorted(p for p in MODELS.rglob("*.yml") if p.name != "__sources.yml")  # generated, tested above


def test_every_dbt_model_and_column_has_a_description():
    ymls = _model_ymls()
    assert len(ymls) > 50
    undescribed: dict[str, list[str]] = {}
    declared = set()
    for path in ymls:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for model in doc.get("models") or []:
            declared.add(model["name"])
            where = f"{path.relative_to(MODELS)}: {model['name']}"
            if not (model.get("description") or "").strip():
                undescribed.setdefault(where, []).append("(model)")
            if not model.get("columns"):
                undescribed.setdefault(where, []).append("(no columns declared)")
            for column in model.get("columns") or []:
                if not (column.get("description") or "").strip():
                    undescribed.setdefault(where, []).append(column["name"])
    assert undescribed == {}
    # every model has its yml (where its columns are described)
    assert {p.stem for p in MODELS.rglob("*.sql")} - declared == set()
