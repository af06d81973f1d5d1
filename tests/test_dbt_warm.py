"""The ready dbt of a build (``pipelines/dbt_warm.py``) and its launcher ``dpid-dbt``.

The real dbt is served to the dbt step of every build of the test suite (``test_build.py`` checks
that the step was served); here a stand-in ``dbt`` package shows what the ready dbt is given and
what it gives back: the arguments, environment and folder of the call, its stdout and stderr, its
exit code, the parse made ahead only for the profile it was made with, a stop that reaches it."""

import os
import signal
import subprocess
import sys
import tempfile
import time

import pytest

from pipelines import dbt_warm

FAKE_DBT = """
import os, sys, time

class Result:
    def __init__(self, success, exception=None, result=None):
        self.success, self.exception, self.result = success, exception, result

class dbtRunner:
    def __init__(self, manifest=None):
        self.manifest = manifest

    def invoke(self, args):
        if args[0] == "parse":
            ok = "FAUX_DBT_ANALYSE_ECHOUE" not in os.environ
            return Result(ok, None, "manifeste" if ok else None)
        base = os.environ.get("DPID_DUCKDB_PATH")
        print(f"dbt {' '.join(args)} manifeste={self.manifest} base={base} dossier={os.getcwd()}", flush=True)
        print("sur stderr", file=sys.stderr, flush=True)
        if args[0] == "dort":
            time.sleep(60)
        if args[0] == "priorite":
            print(os.getpriority(os.PRIO_PROCESS, 0))
        if args[0] == "longueur":
            print(sum(len(v) for k, v in os.environ.items() if k.startswith("GRANDE_")))
        if args[0] == "plante":
            return Result(False, RuntimeError("dbt interne"))
        return Result(args[0] == "build")
"""


@pytest.fixture
def fake_dbt(tmp_path, monkeypatch):
    """A ``dbt`` package whose ``dbtRunner`` reports what it was given; the ready dbt imports it."""
    package = tmp_path / "faux" / "dbt" / "cli"
    package.mkdir(parents=True)
    for folder in (package.parent, package):
        (folder / "__init__.py").write_text("", encoding="utf-8")
    (package / "main.py").write_text(FAKE_DBT, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(tmp_path / "faux"), *sys.path]))
    monkeypatch.setenv("DPID_DUCKDB_PATH", str(tmp_path / "base.duckdb"))
    yield tmp_path
    dbt_warm.stop()


def _call(arguments: list[str], folder, **environment) -> subprocess.CompletedProcess:
    """``dpid-dbt <arguments>`` as dagster-dbt runs it: a process with the build's environment."""
    code = f"import sys; from pipelines.dbt_warm import client; sys.argv = ['dpid-dbt', *{arguments!r}]"
    code += "; client()"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=folder,
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _profile(tmp_path) -> dict[str, str]:
    return {"DPID_DUCKDB_PATH": str(tmp_path / "base.duckdb"), "DPID_DUCKDB_MEMOIRE": "600MB"}


def test_the_ready_dbt_runs_the_call_with_its_parse_and_hands_back_output_and_exit_code(fake_dbt):
    tmp_path = fake_dbt
    kept = tmp_path / "kept.msgpack"
    kept.write_text("analyse", encoding="utf-8")
    dbt_warm.start(_profile(tmp_path), tmp_path, kept)
    assert dbt_warm.started()
    run_target = tmp_path / "cible"
    done = _call(
        ["build", "--select", "x"], tmp_path, DBT_TARGET_PATH=str(run_target), DPID_DUCKDB_MEMOIRE="600MB"
    )
    assert done.returncode == 0, done.stderr
    assert (
        done.stdout
        == f"dbt build --select x manifeste=manifeste base={tmp_path / 'base.duckdb'} dossier={tmp_path}\n"
    )
    assert done.stderr == "sur stderr\n"
    # its parse is where the build keeps the step's parse from (dbt_parse.keep)
    assert (run_target / "partial_parse.msgpack").read_text(encoding="utf-8") == "analyse"
    assert dbt_warm._server[0].wait(timeout=10) == 0  # one call per ready dbt: it ends by itself
    assert not dbt_warm.started()
    assert dbt_warm.stop()  # and it served that call


@pytest.mark.parametrize(
    ("command", "code"),
    [("test", 1), ("plante", 2)],  # dbt's own codes: a node failed / dbt failed
)
def test_the_exit_code_is_dbts(fake_dbt, command, code):
    dbt_warm.start(_profile(fake_dbt), fake_dbt, None)
    done = _call([command], fake_dbt, DPID_DUCKDB_MEMOIRE="600MB")
    assert done.returncode == code
    assert done.stdout.startswith(f"dbt {command} manifeste=manifeste")
    if code == 2:
        assert "RuntimeError: dbt interne" in done.stderr


def test_a_call_longer_than_one_read_arrives_whole(fake_dbt):
    dbt_warm.start(_profile(fake_dbt), fake_dbt, None)
    large = {f"GRANDE_{i}": "x" * 60_000 for i in range(5)}  # the environment is sent with the call
    done = _call(["longueur"], fake_dbt, **large)
    assert done.stdout.splitlines()[-1] == "300000"


def test_the_parse_is_not_reused_for_another_profile_nor_when_it_failed(fake_dbt, monkeypatch):
    dbt_warm.start(_profile(fake_dbt), fake_dbt, None)
    other = str(fake_dbt / "autre.duckdb")
    done = _call(["build"], fake_dbt, DPID_DUCKDB_PATH=other, DPID_DUCKDB_MEMOIRE="600MB")
    assert done.stdout == f"dbt build manifeste=None base={other} dossier={fake_dbt}\n"
    monkeypatch.setenv("FAUX_DBT_ANALYSE_ECHOUE", "1")
    dbt_warm.start(_profile(fake_dbt), fake_dbt, None)
    done = _call(["build"], fake_dbt, DPID_DUCKDB_MEMOIRE="600MB")
    assert done.returncode == 0 and "manifeste=None" in done.stdout


def test_without_a_ready_dbt_the_launcher_becomes_dbt(fake_dbt):
    echo = "import sys, pipelines.dbt_warm as w; w.real_dbt = lambda: '/bin/echo'"
    echo += "; sys.argv = ['dpid-dbt', 'build', '-x']; w.client()"
    for environment in ({}, {dbt_warm.SOCKET_VARIABLE: str(fake_dbt / "absent")}):
        env = {k: v for k, v in os.environ.items() if k != dbt_warm.SOCKET_VARIABLE}
        done = subprocess.run(
            [sys.executable, "-c", echo], env={**env, **environment}, capture_output=True, text=True
        )
        assert (done.returncode, done.stdout) == (0, "build -x\n")


def test_a_stopped_dbt_step_stops_the_ready_dbt(fake_dbt):
    dbt_warm.start(_profile(fake_dbt), fake_dbt, None)
    server = dbt_warm._server[0]
    code = "import sys; from pipelines.dbt_warm import client; sys.argv = ['dpid-dbt', 'dort']; client()"
    step = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=fake_dbt,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert step.stdout.readline().startswith("dbt dort")  # the ready dbt is running it
    started = time.perf_counter()
    step.send_signal(signal.SIGTERM)  # as dagster-dbt terminates its dbt when the run is interrupted
    assert step.wait(timeout=10) != 0
    assert server.wait(timeout=10) != 0 and time.perf_counter() - started < 10


def test_a_build_that_ends_before_its_dbt_step_kills_the_ready_dbt(fake_dbt):
    dbt_warm.start(_profile(fake_dbt), fake_dbt, None)
    server, folder = dbt_warm._server
    assert os.environ[dbt_warm.SOCKET_VARIABLE].startswith(folder)
    assert not dbt_warm.stop()  # it served nothing
    assert server.poll() is not None and not os.path.exists(folder)
    assert dbt_warm.SOCKET_VARIABLE not in os.environ


@pytest.mark.parametrize("level", ["info", "debug"])
def test_dbt_lines_below_the_printed_level_are_not_made_and_the_others_are_unchanged(monkeypatch, level):
    import io

    from dbt_common.events import logger
    from dbt_common.events.base_types import EventLevel, msg_from_base_event
    from dbt_common.events.types import Note

    monkeypatch.setattr(logger._Logger, "write_line", logger._Logger.write_line)  # undone after the test
    made = []
    create_line = logger._JsonLogger.create_line
    monkeypatch.setattr(
        logger._JsonLogger, "create_line", lambda self, m: made.append(m) or create_line(self, m)
    )

    def lines(patched: bool) -> list[str]:
        if patched:
            dbt_warm._write_only_printed_lines()
        out = io.StringIO()
        config = logger.LoggerConfig(
            name="stdout_log", line_format=logger.LineFormat.Json, level=EventLevel(level), output_stream=out
        )
        json_logger = logger._JsonLogger(config)
        for event_level in (EventLevel.DEBUG, EventLevel.INFO, EventLevel.WARN):
            json_logger.write_line(msg_from_base_event(Note(msg=f"note {event_level}"), level=event_level))
        return [line.split('"level": ')[1][:7] for line in out.getvalue().splitlines()]

    assert lines(patched=False) == lines(patched=True)  # the same lines written
    written = ['"info",', '"warn",'] if level == "info" else ['"debug"', '"info",', '"warn",']
    assert lines(patched=True) == written
    # made: 3 lines unpatched, then only those written (the debug one not at all at level info)
    assert len(made) == 3 + len(written) + len(written)


def test_without_a_place_for_its_socket_the_build_goes_without_a_ready_dbt(fake_dbt, monkeypatch):
    deep = fake_dbt / ("d" * 60) / ("e" * 60)  # a Unix socket path is limited to ~107 bytes
    deep.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(deep))
    dbt_warm.start(_profile(fake_dbt), fake_dbt, None)
    assert not dbt_warm.started() and dbt_warm.SOCKET_VARIABLE not in os.environ
    assert list(deep.iterdir()) == []  # its folder is removed
    assert not dbt_warm.stop()


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may raise a process's priority back")
def test_the_ready_dbt_parses_below_the_build_and_runs_dbt_at_its_priority(fake_dbt):
    dbt_warm.start(_profile(fake_dbt), fake_dbt, None)
    server = dbt_warm._server[0]
    for _ in range(100):  # it lowers its priority first thing
        if os.getpriority(os.PRIO_PROCESS, server.pid) == os.getpriority(os.PRIO_PROCESS, 0) + 10:
            break
        time.sleep(0.05)
    assert os.getpriority(os.PRIO_PROCESS, server.pid) == os.getpriority(os.PRIO_PROCESS, 0) + 10
    done = _call(["priorite"], fake_dbt)
    assert done.stdout.splitlines()[-1] == str(os.getpriority(os.PRIO_PROCESS, 0))
