"""Great-expectations 1.x suites (kept as JSON in ``expectations/``) run on polars frames.

GE is imported lazily (about 4.5 s of one core) and its progress bars are silenced. The suites use
GE's own serialisation: ``{"name": ..., "expectations": [{"type": ..., "kwargs": {...}}]}``.

``dpid build`` starts a GE worker process first thing (``start_worker``): it imports GE on the
second core while the build imports dagster and dbt on the first, then waits for the check step,
which sends it the frames one at a time and gets each result back (``validate_suites``): a frame
may be given as a function that reads it, so that only one table is in memory at a time (at 1 000
documents, the step held every table in both processes at once, and was the build's peak). The check keeps its
place (blocking, before dbt); only the import leaves the critical path, and GE's modules leave the
build's process (the worker exits once it has answered). Without a worker (``dagster dev``, the
tests), or if it died, the suites run in the calling process.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
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


def _import_ge():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    from tqdm import tqdm

    # GE builds its (silenced) progress bars all the same, and tqdm's first bar creates a
    # multiprocessing lock: a named semaphore that the worker left behind and that multiprocessing's
    # resource tracker reported, in English, at the end of a build. A thread lock is all it needs.
    tqdm.set_lock(threading.RLock())
    return gx


def validate_frame(frame: pl.DataFrame, suite_config: dict) -> SuiteResult:
    """Run one suite on one frame with an ephemeral GE context; returns what failed."""
    gx = _import_ge()
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
    # BASIC: the unexpected count and the first unexpected values, all the checks report (SUMMARY
    # also computes value counts nobody reads: ~1.3 s of the 3.5 s of the eleven suites)
    result = definition.run(batch_parameters={"dataframe": _for_validation(frame)}, result_format="BASIC")
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


Frame = pl.DataFrame | Callable[[], pl.DataFrame]  # a frame, or a function that reads it

_COLUMN_ARGUMENTS = ("column", "column_A", "column_B")


def suite_columns(suite_config: dict) -> list[str] | None:
    """The columns a suite's expectations read, when each reads named columns only (column and
    column-pair expectations): validating the table restricted to them gives the same results.
    None when an expectation looks at the whole table (its row count, its set of columns)."""
    columns: list[str] = []
    for expectation in suite_config["expectations"]:
        named = [expectation["kwargs"][a] for a in _COLUMN_ARGUMENTS if a in expectation.get("kwargs", {})]
        if not named:
            return None
        columns += [c for c in named if c not in columns]
    return columns


def _frame(frame: Frame) -> pl.DataFrame:
    return frame() if callable(frame) else frame


def validate_all(jobs: Sequence[tuple[Frame, dict]]) -> list[SuiteResult]:
    """Each (frame, suite) validated in this process, in order."""
    return [validate_frame(_frame(frame), suite) for frame, suite in jobs]


def _serve(conn: Connection) -> None:
    """The worker: import GE at once, then validate each (frame, suite) it receives, until None."""
    # Ctrl-C reaches the whole process group: the build stops its worker itself, without a traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.nice(10)  # below the build's process, as the ready dbt (pipelines.dbt_warm.serve)
    try:
        _import_ge()
        while (job := conn.recv()) is not None:
            try:
                conn.send((True, validate_frame(*job)))
            except Exception as exc:  # noqa: BLE001 - the caller gets the message and validates itself
                conn.send((False, f"{type(exc).__name__} : {exc}"))
            del job
    except (EOFError, OSError):  # the build stopped without asking
        pass
    finally:
        conn.close()


class GeWorker:
    """One process that imports GE now and validates later (see the module's docstring)."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child,), name="dpid-ge", daemon=True)
        self.process.start()
        child.close()

    def validate(self, jobs: Sequence[tuple[Frame, dict]]) -> list[SuiteResult]:
        """Each job sent, and its result received, before the next frame is read."""
        results = []
        for frame, suite in jobs:
            self._conn.send((_frame(frame), suite))
            ok, value = self._conn.recv()  # EOFError if the worker died
            if not ok:
                raise RuntimeError(value)
            results.append(value)
        self._conn.send(None)
        return results

    def stop(self) -> None:
        self._conn.close()
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(timeout=10)


_worker: GeWorker | None = None


def start_worker() -> None:
    """Start the GE worker of this process (once); ``validate_suites`` uses and then stops it. A
    process that has already imported GE (the tests, a notebook) validates itself: nothing to gain."""
    global _worker
    if _worker is None and "great_expectations" not in sys.modules:
        _worker = GeWorker()


def _take_worker() -> GeWorker | None:
    """The worker of this process, which is then no longer this process's (one use, then stopped)."""
    global _worker
    worker, _worker = _worker, None
    return worker


def stop_worker() -> None:
    """Stop the worker if it is still there (a build that failed before its checks)."""
    worker = _take_worker()
    if worker is not None:
        worker.stop()


def validate_suites(
    jobs: Sequence[tuple[Frame, dict]], log: Callable[[str], None] | None = None
) -> list[SuiteResult]:
    """Validate each (frame, suite): in the worker started by ``start_worker`` if there is one (it
    is stopped afterwards), else — or if the worker failed — in this process (every suite again: a
    frame given as a function is read again)."""
    worker = _take_worker()
    if worker is not None:
        try:
            return worker.validate(jobs)
        except (EOFError, OSError, RuntimeError) as exc:
            if log is not None:
                log(f"Processus great-expectations indisponible ({exc}) : suites validées ici.")
        finally:
            worker.stop()
    return validate_all(jobs)
