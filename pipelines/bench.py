"""``make bench``: time a cold ``dpid build`` on raw/ and each of its stages.

Cold: a new process, an empty warehouse file, dbt without its partial-parse cache. The
figures printed are wall-clock seconds on this machine.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from pipelines import settings


def main() -> int:
    started = time.perf_counter()
    from pipelines.build import run_build

    (settings.DBT_DIR / "target" / "partial_parse.msgpack").unlink(missing_ok=True)
    for stale in (settings.DBT_DIR / "target").glob("dbt_models-*"):
        shutil.rmtree(stale, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        summary = run_build(settings.raw_dir(), Path(tmp) / "bench.duckdb", progress=lambda _m: None)
    total = time.perf_counter() - started
    stages = {"ingestion": 0.0, "extraction": 0.0, "contrôles GE": 0.0, "dbt build": 0.0, "contrôles de cohérence": 0.0}
    for step, seconds in summary.stage_seconds.items():
        if step == "ingestion":
            stages["ingestion"] += seconds
        elif step == "extraction":
            stages["extraction"] += seconds
        elif step.startswith("raw__"):
            stages["contrôles GE"] += seconds
        elif step.startswith("dbt"):
            stages["dbt build"] += seconds
        else:
            stages["contrôles de cohérence"] += seconds
    steps = sum(stages.values())
    print(f"Construction à froid de {summary.documents_lus} documents : {total:.1f} s (objectif < 60 s)")
    for name, seconds in stages.items():
        print(f"  {name:<42} {seconds:5.1f} s")
    print(f"  {'imports, définitions, lancement du run':<42} {total - steps:5.1f} s")
    print(f"Étape dominante : {max(stages, key=stages.get)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
