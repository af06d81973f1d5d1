"""The kept parse of the dbt project, and parsing it ahead of a build's dbt step.

dbt reuses a previous parse (``dbt/target/partial_parse.msgpack``, copied by dagster-dbt into each
run's target folder) only when its connection settings are the same: the warehouse file
(``DPID_DUCKDB_PATH``) and DuckDB's memory limit are in the profile. A build keeps its parse for
the next one (``keep``), together with the settings it was made with
(``partial_parse.parametres``), so that rebuilding the same warehouse parses only what changed.

The first build of a warehouse elsewhere (another folder, each corpus of ``make bench``) would parse
the whole project in its dbt step (~7 s of a 5-document build). ``start`` runs that ``dbt parse``
in the background when the build starts, on the core the imports of dagster and dbt leave free;
the dbt step calls ``settle`` first, which waits for it and puts its parse in the step's dbt target
folder. The settings file is only a hint: dbt checks the parse itself and parses again whatever
does not match, so a stale or missing hint costs time, never a wrong result.

No dagster import here: ``start`` runs before the build imports dagster.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from pipelines import settings

PARSE = "partial_parse.msgpack"
SETTINGS = "partial_parse.parametres"

_pending: tuple[subprocess.Popen, Path, str] | None = None


def dbt_executable() -> str:
    """The dbt installed beside this Python (the project's .venv), even when not on PATH."""
    for folder in (Path(sys.executable).parent, Path(sys.prefix) / "bin"):
        if (folder / "dbt").exists():
            return str(folder / "dbt")
    return shutil.which("dbt") or "dbt"


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


def start(database: Path) -> bool:
    """Parse the project in the background for a build writing ``database``, unless the kept parse
    already has these settings. Returns whether a parse was started."""
    global _pending
    stop()
    parameters = parse_settings(database)
    if is_kept(parameters):
        return False
    folder = _target() / f".analyse-{os.getpid()}"
    shutil.rmtree(folder, ignore_errors=True)
    dbt_dir = str(settings.DBT_DIR)
    command = [dbt_executable(), "parse", "--quiet", "--log-level-file", "none"]
    command += ["--project-dir", dbt_dir, "--profiles-dir", dbt_dir, "--target-path", str(folder)]
    environment = {**os.environ, **_environment(database)}
    process = subprocess.Popen(
        command,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _pending = (process, folder, parameters)
    return True


def settle(run_target: Path, timeout: float = 300) -> bool:
    """Wait for the parse ``start`` began, if any, and put it in ``run_target``, the target folder
    of the dbt step's ``dbt build`` (dagster-dbt copies the kept parse there only when the folder
    has none). Put there rather than kept: builds of other warehouses running at the same time
    replace the kept parse. Returns whether a parse was put there.

    A parse that failed is dropped: the dbt step parses by itself and reports dbt's own error."""
    global _pending
    if _pending is None:
        return False
    process, folder, _ = _pending
    _pending = None
    try:
        if process.wait(timeout=timeout) == 0 and (folder / PARSE).is_file():
            run_target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(folder / PARSE, run_target / PARSE)
            return True
        return False
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return False
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def stop() -> None:
    """Stop a parse still running (the build failed or was interrupted before its dbt step)."""
    global _pending
    if _pending is None:
        return
    process, folder, _ = _pending
    _pending = None
    if process.poll() is None:
        # killed, not asked: it writes only into its own folder, removed below; and a child
        # inherits the signals its parent blocks or ignores (a SIGTERM was, in the test suite)
        process.kill()
        process.wait()
    shutil.rmtree(folder, ignore_errors=True)
