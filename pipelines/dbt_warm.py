"""A dbt made ready while the build starts: imported, the project parsed, waiting for the dbt step.

Every ``dbt build`` first spends ~8 s of one core before its first model: ~4.5 s importing dbt and
its adapter, then loading the project and its parse. A build has that core idle while it imports
dagster and extracts the documents. ``start`` (called by ``dpid build`` as it begins) launches
``python -m pipelines.dbt_warm``, a process that imports dbt, parses the project for this build's
warehouse (``dbt parse`` through dbt's ``dbtRunner``, reusing the kept parse when its settings are the
same) and keeps the resulting manifest; then it waits on a Unix socket.

The dbt step still calls dbt through dagster-dbt, with the same arguments and environment. Its
executable is ``dpid-dbt`` (:func:`client`, a console script of this package): when the build's
ready dbt is there (``DPID_DBT_PRET`` names its socket), it hands it its arguments, environment,
folder and its own stdout and stderr (file descriptors passed over the socket), forwards SIGTERM and
SIGINT to it, and exits with its exit code. The ready dbt runs ``dbtRunner(manifest=...)``: the same
``dbt build`` as the ``dbt`` executable, without importing and parsing again. Otherwise (``make dev``,
a ready dbt that died or could not start) ``dpid-dbt`` simply becomes dbt (``exec``).

The manifest is used only when the profile's variables are those it was parsed with (warehouse file,
memory limit); otherwise dbt parses as usual. A parse that failed is not reused either: dbt parses
again and reports its own error, as without this module. One request per process: it exits after it.

No dagster, no dbt import at module level: ``dpid-dbt`` starts in ~50 ms.
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

SOCKET_VARIABLE = "DPID_DBT_PRET"
LAUNCHER = "dpid-dbt"
_CHUNK = 1 << 16

_server: tuple[subprocess.Popen, str] | None = None


def _beside_python(name: str) -> str | None:
    """The executable ``name`` installed beside this Python (the project's .venv), if there."""
    for folder in (Path(sys.executable).parent, Path(sys.prefix) / "bin"):
        if (folder / name).exists():
            return str(folder / name)
    return None


def real_dbt() -> str:
    """The dbt installed beside this Python, even when not on PATH."""
    return _beside_python("dbt") or shutil.which("dbt") or "dbt"


def launcher() -> str:
    """``dpid-dbt`` when installed (``pip install -e .``), else dbt itself."""
    return _beside_python(LAUNCHER) or real_dbt()


# ---------------------------------------------------------------- the build's side: start and stop


def start(environment: dict[str, str], dbt_dir: Path, kept_parse: Path | None) -> None:
    """Launch the ready dbt for a build whose dbt profile reads ``environment`` (its warehouse file and
    memory limit); ``kept_parse``: a previous parse for the same settings, copied in to be reused."""
    global _server
    _end()
    folder: Path | None = None
    try:
        folder = Path(tempfile.mkdtemp(prefix="dpid-dbt-"))
        path = str(folder / "s")
        if kept_parse is not None and kept_parse.is_file():
            shutil.copyfile(kept_parse, folder / "partial_parse.msgpack")
        # listening before start returns: a dbt step that comes before dbt is ready waits for it
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        with listener:
            listener.bind(path)
            listener.listen(1)
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-u",
                    "-m",
                    "pipelines.dbt_warm",
                    str(listener.fileno()),
                    str(dbt_dir),
                    str(folder),
                ],
                env={**os.environ, **environment},
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=[listener.fileno()],
            )
    except OSError:  # a temporary folder too deep for a Unix socket, a full disk: dbt runs as usual
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        return
    _server = (process, str(folder))
    os.environ[SOCKET_VARIABLE] = path


def stop() -> bool:
    """Stop the ready dbt if nobody used it (the build ended before its dbt step), remove its folder.
    Returns whether it had served the build's dbt call (it ends by itself once it has)."""
    return _end()


def _end() -> bool:
    global _server
    os.environ.pop(SOCKET_VARIABLE, None)
    if _server is None:
        return False
    process, folder = _server
    _server = None
    served = not (Path(folder) / "s").exists()  # its socket is removed when it takes the call
    if process.poll() is None:
        process.kill()  # it writes only into its own folder, removed below
    process.wait()
    shutil.rmtree(folder, ignore_errors=True)
    return served


def started() -> bool:
    """Whether this build has a ready dbt still running."""
    return _server is not None and _server[0].poll() is None


# ---------------------------------------------------------------- dpid-dbt: the dbt step's executable


def client() -> None:
    """``dpid-dbt <dbt arguments>``: the build's ready dbt runs them, or dbt itself does."""
    arguments = sys.argv[1:]
    path = os.environ.pop(SOCKET_VARIABLE, None)
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        if path is None:
            raise OSError("pas de dbt prêt")
        connection.connect(path)
        request = json.dumps(
            {"arguments": arguments, "environment": dict(os.environ), "folder": os.getcwd()}
        ).encode()
        # its length first, then the request; this process's stdout and stderr go with it
        socket.send_fds(connection, [len(request).to_bytes(8, "big"), request], [1, 2])
        answers = connection.makefile("rb")
        server_pid = int(answers.readline())  # ValueError: it died before taking the request
    except (OSError, ValueError):
        connection.close()
        os.execv(real_dbt(), [real_dbt(), *arguments])
    # the ready dbt is ours now: a signal to stop reaches it
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda s, _frame: os.kill(server_pid, s))
    answer = answers.readline()
    # no answer: the ready dbt died (killed), as dbt killed would
    sys.exit(int(answer) if answer.strip() else 1)


# ---------------------------------------------------------------- the ready dbt itself


def _profile_variables(environment: dict[str, str]) -> dict[str, str | None]:
    return {name: environment.get(name) for name in ("DPID_DUCKDB_PATH", "DPID_DUCKDB_MEMOIRE")}


def _parse(dbt_dir: str, folder: str):
    """The project's manifest for the current environment, or None if the parse failed."""
    from dbt.cli.main import dbtRunner

    result = dbtRunner().invoke(
        ["parse", "--quiet", "--log-level-file", "none", "--project-dir", dbt_dir]
        + ["--profiles-dir", dbt_dir, "--target-path", folder]
    )
    return result.result if result.success else None


def _write_only_printed_lines() -> None:
    """dbt formats every event as a log line (JSON for dagster-dbt: protobuf to dict, json.dumps,
    secrets scrubbed) before its logger drops those below the level printed: ~90 % of the lines of
    a ``dbt build``, the debug ones, ~10 % of its time. Here a line is made only if it will be
    written; what is written is unchanged. Left as is if dbt's logger is not the one expected."""
    import logging

    from dbt_common.events import logger

    write_line = getattr(logger._Logger, "write_line", None)
    if write_line is None or not hasattr(logger, "_is_print_event"):
        return

    def write_printed_line(self, msg) -> None:
        python_logger = getattr(self, "_python_logger", None)
        if (
            python_logger is not None
            and msg.info.level in ("debug", "test")
            and not logger._is_print_event(msg)
            and not python_logger.isEnabledFor(logging.DEBUG)
        ):
            return
        write_line(self, msg)

    logger._Logger.write_line = write_printed_line


def _exit_code(result) -> int:
    """dbt's own exit codes: 0 success, 1 a model or test failed, 2 dbt failed."""
    if result.success:
        return 0
    return 1 if result.exception is None else 2


def serve(listening: str, dbt_dir: str, folder: str) -> None:
    """Import dbt and parse, then run the one request that comes on the socket ``listening`` (the file
    descriptor of the socket ``start`` made)."""
    listener = socket.socket(fileno=int(listening))
    # below the build's own process while it imports and parses: the build's imports and run
    # creation come first on a busy start (+1 document at 250, four alternated pairs: 40.9 s on
    # average against 43.2 s at the same priority); back to the build's priority for the dbt build,
    # where a process may go back (root), else it stays below
    priority = os.getpriority(os.PRIO_PROCESS, 0)
    os.nice(10)
    manifest = _parse(dbt_dir, folder)
    parsed_with = _profile_variables(dict(os.environ))
    connection, _ = listener.accept()
    os.unlink(listener.getsockname())
    listener.close()
    message, fds, _, _ = socket.recv_fds(connection, _CHUNK, 2)
    while len(message) < 8 or len(message) < 8 + int.from_bytes(message[:8], "big"):
        chunk = connection.recv(_CHUNK)
        if not chunk:
            raise SystemExit("requête incomplète")
        message += chunk
    request = json.loads(message[8:])
    os.chdir(request["folder"])
    os.environ.clear()
    os.environ.update(request["environment"])
    os.dup2(fds[0], 1)
    os.dup2(fds[1], 2)
    target = os.environ.get("DBT_TARGET_PATH")
    if target and (Path(folder) / "partial_parse.msgpack").is_file():
        # the parse, where the build keeps it from (pipelines.dbt_parse.keep)
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(folder) / "partial_parse.msgpack", Path(target) / "partial_parse.msgpack")
    connection.sendall(f"{os.getpid()}\n".encode())
    from dbt.cli.main import dbtRunner

    _write_only_printed_lines()
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, 0, priority)
    reusable = manifest is not None and _profile_variables(request["environment"]) == parsed_with
    result = dbtRunner(manifest=manifest if reusable else None).invoke(request["arguments"])
    if result.exception is not None and not result.success:
        print(f"dbt : {type(result.exception).__name__}: {result.exception}", file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    connection.sendall(f"{_exit_code(result)}\n".encode())
    connection.close()
    os._exit(0)  # nothing left to wait for (dbt's threads are done)


if __name__ == "__main__":
    serve(*sys.argv[1:4])
