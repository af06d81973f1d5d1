"""Faults of a build: one French line each, and the published warehouse never half-written."""

import errno
import os

import duckdb
import pytest

from pipelines import build
from pipelines.build import BuildError, previous_warehouse, publish, run_build


def _warehouse(path, value):
    with duckdb.connect(str(path)) as con:
        con.execute(f"create table t as select {value} as v")


def _value(path):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select v from t").fetchone()[0]


def test_publish_keeps_the_previous_warehouse_by_renames(tmp_path):
    warehouse, building = tmp_path / "dpid.duckdb", tmp_path / ".dpid.construction-1.duckdb"
    _warehouse(warehouse, 1)
    _warehouse(building, 2)
    publish(building, warehouse)
    assert _value(warehouse) == 2 and _value(previous_warehouse(warehouse)) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dpid.duckdb", "dpid.precedent.duckdb"]


def test_publish_without_hard_links_still_renames(tmp_path, monkeypatch):
    warehouse, building = tmp_path / "dpid.duckdb", tmp_path / "new.duckdb"
    _warehouse(warehouse, 1)
    _warehouse(building, 2)
    monkeypatch.setattr(os, "link", lambda *_a: (_ for _ in ()).throw(OSError(errno.EPERM, "no links")))
    publish(building, warehouse)
    assert _value(warehouse) == 2 and _value(previous_warehouse(warehouse)) == 1


def test_a_failed_swap_leaves_the_published_warehouse_whole(tmp_path, monkeypatch):
    warehouse, building = tmp_path / "dpid.duckdb", tmp_path / "new.duckdb"
    _warehouse(warehouse, 1)
    _warehouse(building, 2)
    real = os.replace

    def full_disk(src, dst):
        if str(dst) == str(warehouse):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError):
        publish(building, warehouse)
    assert _value(warehouse) == 1


@pytest.mark.parametrize(
    "code, expected",
    [
        (errno.EROFS, "est en lecture seule : impossible d'y écrire."),
        (errno.EACCES, "est en lecture seule : impossible d'y écrire."),
        (errno.ENOSPC, "Disque plein : plus de place pour écrire l'entrepôt dans"),
    ],
)
def test_read_only_folder_and_full_disk_give_one_french_line(tmp_path, monkeypatch, code, expected):
    (tmp_path / "raw").mkdir()

    def fault():
        raise OSError(code, os.strerror(code))

    from pipelines.defs import resources

    monkeypatch.setattr(resources, "prepare_dbt_project", fault)
    with pytest.raises(BuildError) as caught:
        run_build(tmp_path / "raw", tmp_path / "w" / "dpid.duckdb", progress=lambda _m: None)
    message = str(caught.value)
    assert expected in message and "\n" not in message and "Traceback" not in message


def test_a_failed_step_prints_its_exception_not_only_its_name(tmp_path):
    class Error:
        def __init__(self, cls_name, message, cause=None):
            self.cls_name, self.message, self.cause = cls_name, message, cause

    class Data:
        user_failure_data = None
        error = Error(
            "DagsterExecutionStepExecutionError",
            "Error occurred while executing op",
            Error("AmountError", "AmountError: montant illisible « 016€ »\n"),
        )

    class Event:
        is_step_failure = True
        step_key = "extraction"
        event_specific_data = Data()

    class Result:
        all_events = (Event(),)

    assert build._failure_reasons(Result(), tmp_path) == [
        "Étape extraction en échec : AmountError: montant illisible « 016€ »"
    ]
    Data.error = Error("IOException", 'IO Error: Could not write file "x": No space left on device')
    assert build._failure_reasons(Result(), tmp_path) == [
        f"Disque plein : plus de place pour écrire l'entrepôt dans {tmp_path}."
    ]


def test_a_damaged_previous_warehouse_is_ignored_by_the_quality_diff(tmp_path, capsys):
    from pipelines.reports import qualite

    warehouse = tmp_path / "dpid.duckdb"
    previous_warehouse(warehouse).write_bytes(b"DUCK" + b"\x00" * 100)  # truncated copy
    calls = []
    qualite_render = qualite.render_qualite
    try:
        qualite.render_qualite = lambda con, w, previous: calls.append(previous) or "<html></html>"
        _warehouse(warehouse, 1)
        qualite.write_qualite(warehouse, tmp_path / "qualite.html")
    finally:
        qualite.render_qualite = qualite_render
    assert calls == [None]
    assert "entrepôt précédent illisible" in capsys.readouterr().err


def test_sigterm_is_an_interrupt_during_a_build():
    import signal

    # dagster's in-process runs leave SIGTERM mapped to SIGINT in this process: start from the default
    before = signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        with build._sigterm_as_interrupt():
            assert signal.getsignal(signal.SIGTERM) is signal.default_int_handler
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # the handler before it, restored
    finally:
        signal.signal(signal.SIGTERM, before)


def test_a_second_build_of_the_same_warehouse_is_refused_while_one_runs(tmp_path):
    (tmp_path / "raw").mkdir()
    warehouse = tmp_path / "w" / "dpid.duckdb"
    warehouse.parent.mkdir()
    with build._one_build_at_a_time(warehouse):
        with pytest.raises(BuildError) as caught:
            run_build(tmp_path / "raw", warehouse, progress=lambda _m: None)
    assert str(caught.value) == (
        f"Une autre construction de {warehouse} est en cours (processus {os.getpid()}) : "
        "attendez qu'elle se termine, puis relancez."
    )
    assert not warehouse.exists()


def test_the_file_a_build_writes_has_one_name_per_warehouse(tmp_path):
    """dbt's profile reads this path: the same from one build to the next, dbt parses only changes."""
    from pipelines import settings

    assert settings.building_path(tmp_path / "dpid.duckdb") == tmp_path / ".dpid.construction.duckdb"
    assert settings.building_path(tmp_path / "autre.duckdb") == tmp_path / ".autre.construction.duckdb"


def test_a_dbt_failure_without_a_failed_node_says_how_to_see_dbts_lines():
    """dbt's own log file is not written (the run's folder is removed): --verbeux shows its lines."""
    from pipelines.defs.assets.dbt import BUILD_ARGS, failure_report

    assert BUILD_ARGS[-2:] == ["--log-level-file", "none"]
    assert failure_report({"results": []}, warehouse=None) == (
        "dbt build a échoué sans nœud en échec : `dpid build --verbeux` montre les lignes de dbt."
    )
    passed = {"results": [{"unique_id": "model.dpid.m", "status": "success", "message": "OK"}]}
    assert failure_report(passed, warehouse=None).startswith("dbt build a échoué sans nœud en échec")


def test_a_dbt_model_out_of_memory_says_how_to_raise_duckdbs_limit(monkeypatch):
    from pipelines.defs.assets.dbt import failure_report

    monkeypatch.setenv("DPID_DUCKDB_MEMOIRE", "700MB")
    oom = "Runtime Error in model m (models/marts/m.sql)\n  Out of Memory Error: failed to allocate data"
    other = "Runtime Error in model n (models/marts/n.sql)\n  Binder Error: column x not found"
    results = {
        "results": [
            {"unique_id": "model.dpid.m", "status": "error", "message": oom},
            {"unique_id": "model.dpid.n", "status": "error", "message": other},
        ]
    }
    lines = failure_report(results, warehouse=None).splitlines()
    assert lines[0].startswith("Modèle dbt en erreur : m : Runtime Error")
    hint = [line for line in lines if "Mémoire de DuckDB épuisée" in line]
    assert hint == [
        "    Mémoire de DuckDB épuisée (limite 700MB, DPID_DUCKDB_MEMOIRE) : relancez avec une limite "
        "plus haute, par exemple DPID_DUCKDB_MEMOIRE=2GB dpid build."
    ]
    assert (
        lines.index(hint[0]) < [i for i, x in enumerate(lines) if x.startswith("Modèle dbt en erreur : n")][0]
    )


def test_a_warehouse_held_by_another_process_is_refused_in_french_naming_that_process(tmp_path):
    """DuckDB takes one writing process per file: a second run (« Materialize all » clicked twice) or a
    reader left open gets a French line naming the holder, not DuckDB's IOException."""
    import subprocess
    import sys

    from pipelines.defs.resources import Warehouse, WarehouseLockedError

    database = tmp_path / "entrepot.duckdb"
    warehouse = Warehouse(database=str(database))
    with warehouse.connect() as con:  # holds: nobody else has the file
        con.execute("create table t as select 1 as x")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, sys; c = duckdb.connect({str(database)!r}); "
            "print('ouvert', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ouvert"
        for read_only in (False, True):  # fires: writing or reading, the file is held
            with pytest.raises(WarehouseLockedError) as error, warehouse.connect(read_only=read_only):
                pass
            message = str(error.value)
            assert message.startswith(
                f"L'entrepôt {database} est ouvert par un autre processus (PID {holder.pid})"
            )
            assert "attendez la fin de ce run ou fermez cette connexion" in message
    finally:
        holder.communicate("", timeout=30)
    with warehouse.connect(read_only=True) as con:  # holds again once the other process is gone
        assert con.execute("select x from t").fetchone() == (1,)


def test_a_dbt_run_refused_by_duckdbs_lock_is_explained_once_before_its_nodes():
    from pipelines.defs.assets.dbt import failure_report
    from pipelines.defs.resources import Warehouse

    lock = (
        'Runtime Error\n  IO Error: Could not set lock on file "/w/dagster_dev.duckdb": Conflicting lock '
        "is held in /usr/bin/python3.11 (PID 4242). See also https://duckdb.org/docs/current/connect/concurrency"
    )
    results = {
        "results": [
            {"unique_id": "model.dpid.m", "status": "error", "message": lock},
            {"unique_id": "model.dpid.n", "status": "error", "message": lock},
        ]
    }
    lines = failure_report(results, warehouse=Warehouse(database="/w/dagster_dev.duckdb")).splitlines()
    assert lines[0].startswith(
        "L'entrepôt /w/dagster_dev.duckdb est ouvert par un autre processus (PID 4242)"
    )
    assert sum("ouvert par un autre processus" in line for line in lines) == 1
    assert lines[1].startswith("Modèle dbt en erreur : m : Runtime Error")
    other = {"results": [{"unique_id": "model.dpid.m", "status": "error", "message": "Binder Error: x"}]}
    assert "autre processus" not in failure_report(other, warehouse=None)  # holds: another error
