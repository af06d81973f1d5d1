"""The kept parse of the dbt project, for the next build of the same warehouse.

dbt reuses a previous parse (``dbt/target/partial_parse.msgpack``, copied by dagster-dbt into each
run's target folder) only when its connection settings are the same: the warehouse file
(``DPID_DUCKDB_PATH``) and DuckDB's memory limit are in the profile. A build keeps its parse for
the next one (``keep``), together with the settings it was made with
(``partial_parse.parametres``), so that rebuilding the same warehouse parses only what changed.

``start`` makes dbt ready for a build (``pipelines.dbt_warm``: imported and the project parsed in
the background while the build starts) from the kept parse when it has the build's settings; the
first build of a warehouse elsewhere (another folder, each corpus of ``make bench``) parses the
whole project there. The settings file is only a hint: dbt checks the parse itself and parses again
whatever does not match, so a stale or missing hint costs time, never a wrong result.

No dagster import here: ``start`` runs before the build imports dagster.
"""

import json
import os
import shutil
from pathlib import Path

from pipelines import dbt_warm, settings

dbt_executable = dbt_warm.real_dbt  # dbt itself, for the calls that are not the build's dbt step

PARSE = "partial_parse.msgpack"
SETTINGS = "partial_parse.parametres"


def _environment(database: str | Path) -> dict[str, str]:
    """The variables of dbt's profile that a parse depends on, for a build writing ``database``."""
    return {"DPID_DUCKDB_PATH": str(database), "DPID_DUCKDB_MEMOIRE": settings.duckdb_memory_limit()}


def parse_settings(database: str | Path) -> str:
    """Those settings, as the string kept beside the parse."""
    return json.dumps(_environment(database))


def _target() -> Path:
    return settings.DBT_DIR / "target"


def is_kept(parameters: str) -> bool:
    """Whether the kept parse was made with these settings."""
    try:
        return (_target() / PARSE).is_file() and (_target() / SETTINGS).read_text(
            encoding="utf-8"
        ) == parameters
    except OSError:
        return False


def keep(parsed: Path, database: str | Path) -> None:
    """Keep ``parsed`` (the ``partial_parse.msgpack`` of a dbt call for a build writing ``database``)
    for the next dbt call, with its settings; nothing when dbt wrote no parse.

    Each file is replaced atomically; the parse first, so a crash in between leaves a parse whose
    settings are not recorded (the next build parses ahead again), never the reverse."""
    if not parsed.is_file():
        return
    target = _target()
    target.mkdir(parents=True, exist_ok=True)
    writes = [(SETTINGS, lambda path: path.write_text(parse_settings(database), encoding="utf-8"))]
    if parsed != target / PARSE:  # `dpid prepare` parses into the kept place itself
        writes.insert(0, (PARSE, lambda path: shutil.copyfile(parsed, path)))
    for name, write in writes:
        temporary = target / f".{name}.{os.getpid()}"
        write(temporary)
        os.replace(temporary, target / name)


def start(database: Path) -> None:
    """Make dbt ready for a build writing ``database`` (``pipelines.dbt_warm``): imported and the
    project parsed while the build starts, from the kept parse when it has these settings."""
    kept = _target() / PARSE if is_kept(parse_settings(database)) else None
    dbt_warm.start(_environment(database), settings.DBT_DIR, kept)
