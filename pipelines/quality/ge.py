"""Great-expectations 1.x suites (kept as JSON in ``expectations/``) run on polars frames.

GE is imported lazily (about 4 s) and its progress bars are silenced. The suites use GE's
own serialisation: ``{"name": ..., "expectations": [{"type": ..., "kwargs": {...}}]}``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl


@dataclass(frozen=True)
class Failure:
    expectation: str
    column: str | None
    unexpected_count: int | None
    examples: list = field(default_factory=list)


@dataclass(frozen=True)
class SuiteResult:
    suite: str
    success: bool
    evaluated: int
    failures: list[Failure]


def load_suite(path: Path) -> dict:
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def _for_validation(frame: pl.DataFrame) -> pandas.DataFrame:  # noqa: F821
    """Decimals become floats and dates ISO strings (what GE's pandas engine compares well)."""
    casts = [
        pl.col(c).cast(pl.Float64) if isinstance(t, pl.Decimal) else pl.col(c).dt.strftime("%Y-%m-%d")
        for c, t in frame.schema.items()
        if isinstance(t, pl.Decimal) or t == pl.Date
    ]
    return (frame.with_columns(casts) if casts else frame).to_pandas()


def validate_frame(frame: pl.DataFrame, suite_config: dict) -> SuiteResult:
    """Run one suite on one frame with an ephemeral GE context; returns what failed."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    name = suite_config["name"]
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    batch = (
        context.data_sources.add_pandas(f"{name}_source")
        .add_dataframe_asset(name)
        .add_batch_definition_whole_dataframe(f"{name}_batch")
    )
    suite = context.suites.add(gx.ExpectationSuite(**suite_config))
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(name=f"{name}_validation", data=batch, suite=suite)
    )
    result = definition.run(batch_parameters={"dataframe": _for_validation(frame)})
    failures = [
        Failure(
            expectation=r.expectation_config.type,
            column=r.expectation_config.kwargs.get("column"),
            unexpected_count=r.result.get("unexpected_count"),
            examples=[str(x) for x in (r.result.get("partial_unexpected_list") or [])[:5]],
        )
        for r in result.results
        if not r.success
    ]
    return SuiteResult(name, bool(result.success), len(result.results), failures)
