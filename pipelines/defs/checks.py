"""Asset checks, beside the assets they guard — two steps, each opening DuckDB once.

* great-expectations suites of ``expectations/`` on the extracted tables (``raw.*``): one check
  per suite (``ge_<table>``), blocking, severity ERROR — a broken extraction stops the run before
  dbt, and the published warehouse is left as it was. All suites run in one step (GE is imported
  once, each table read once; under ``dpid build`` in the GE worker process that imported GE while
  the build started, see ``pipelines.quality.ge``); each suite keeps its own result.
* consistency checks on ``marts.anomalies_qualite``: one per control, severity from the list, WARN
  today — a mismatch in a document is a finding to show, not a reason to stop. The controls are
  listed once, in the dbt seed ``dbt/seeds/reference/controles.csv`` (name, description,
  severity); one step reads ``anomalies_qualite`` once and reports every control.
"""

import csv
from collections.abc import Iterator

import dagster as dg

from pipelines import settings
from pipelines.quality.ge import load_suite, suite_columns, validate_suites

from .resources import Warehouse

ANOMALIES = dg.AssetKey(["marts", "anomalies_qualite"])
CONTROLS_SEED = settings.DBT_DIR / "seeds" / "reference" / "controles.csv"


def controls() -> dict[str, tuple[str, dg.AssetCheckSeverity]]:
    """The consistency controls of the dbt seed: name -> (description, severity)."""
    with CONTROLS_SEED.open(encoding="utf-8", newline="") as f:
        return {
            r["controle"]: (r["description"], dg.AssetCheckSeverity(r["severite"])) for r in csv.DictReader(f)
        }


def _suites() -> list[tuple[str, str, dict, str]]:
    """(check name, table, suite, file name) of each suite of ``expectations/``."""
    out = []
    for path in sorted(settings.EXPECTATIONS_DIR.glob("*.json")):
        suite = load_suite(path)
        table = suite["meta"]["table"]
        out.append((f"ge_{table.split('.')[1]}", table, suite, path.name))
    return out


SUITES = _suites()


@dg.multi_asset_check(
    name="ge_suites",
    description="Suites great-expectations de `expectations/` sur les tables extraites, en une étape.",
    specs=[
        dg.AssetCheckSpec(
            name=check,
            asset=dg.AssetKey(table.split(".")),
            description=f"Suite great-expectations `expectations/{file}` : {suite['meta'].get('notes', '')}",
            blocking=True,
        )
        for check, table, suite, file in SUITES
    ],
)
def ge_checks(context: dg.AssetCheckExecutionContext, warehouse: Warehouse) -> Iterator[dg.AssetCheckResult]:
    heights: dict[str, int] = {}

    def reader(con, table: str, suite: dict):
        # one table at a time in memory (pipelines.quality.ge), only the columns its suite reads
        columns = suite_columns(suite)
        selected = ", ".join(f'"{c}"' for c in columns) if columns else "*"

        def read():
            frame = con.sql(f"select {selected} from {table}").pl()
            heights[table] = frame.height
            return frame

        return read

    with warehouse.connect(read_only=True) as con:
        results = validate_suites(
            [(reader(con, table, suite), suite) for _, table, suite, _ in SUITES], log=context.log.warning
        )
    for (check, table, _, _), result in zip(SUITES, results, strict=True):
        yield dg.AssetCheckResult(
            asset_key=dg.AssetKey(table.split(".")),
            check_name=check,
            passed=result.success,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={
                "lignes": heights[table],
                "attentes_evaluees": result.evaluated,
                "echecs": [
                    f"{f.expectation}({f.column}) : {f.unexpected_count} valeur(s), ex. {f.examples}"
                    for f in result.failures
                ],
            },
        )


CONTROLS = controls()


@dg.multi_asset_check(
    name="controles_coherence",
    description=(
        "Contrôles de cohérence de `marts.anomalies_qualite` (liste : seed dbt `controles`), en une étape."
    ),
    specs=[dg.AssetCheckSpec(name=c, asset=ANOMALIES, description=d) for c, (d, _) in CONTROLS.items()],
)
def consistency_checks(warehouse: Warehouse) -> Iterator[dg.AssetCheckResult]:
    rows = warehouse.read_frame(
        "select controle, doc_id, ligne, message from marts.anomalies_qualite"
        " order by controle, doc_id, ligne"
    )
    for control, (_, severity) in CONTROLS.items():
        found = rows.filter(rows["controle"] == control)
        yield dg.AssetCheckResult(
            asset_key=ANOMALIES,
            check_name=control,
            passed=found.height == 0,
            severity=severity,
            metadata={
                "anomalies": found.height,
                "detail": [
                    f"{r['doc_id']} l.{r['ligne']} : {r['message']}"
                    for r in found.head(20).iter_rows(named=True)
                ],
            },
        )
