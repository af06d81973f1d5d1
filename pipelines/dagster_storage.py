"""The event log of ``DAGSTER_HOME`` (dagster's SQLite storage), with its connections kept open.

dagster's ``SqliteEventLogStorage`` creates a SQLAlchemy engine, connects, commits and disposes of it
for every event it stores: a build records ~1,200 events (a planned and an evaluated event for each
dbt model and test, the steps' logs), ~10 s of a 5-document build. This storage keeps one engine per
database file (the run's file and the index), a few at a time, remembers which tables exist, and
stores the same rows in the same files: the UI of ``make dev`` (which uses this class too, through
``dagster.yaml``) reads them as dagster's own. SQLite's WAL mode, which dagster sets, lets the UI
read while a build writes.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    SQLITE_BUSY_TIMEOUT_SECONDS,
    SqliteEventLogStorage,
)
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import QueuePool

OPEN_FILES = 4  # the index, the run being written, and a few runs the UI reads


def _synchronous_normal(dbapi_connection, _record) -> None:
    # WAL + synchronous=NORMAL: a commit is durable at the next checkpoint, not fsynced one by one
    # (SQLite's documented setting for WAL); a crash may lose the last events, never corrupt the file
    dbapi_connection.execute("pragma synchronous=normal")


class KeptOpenSqliteEventLogStorage(SqliteEventLogStorage):
    """``SqliteEventLogStorage`` whose engines are kept, one per database file."""

    def __init__(self, base_dir: str, inst_data=None):
        self._engines: OrderedDict[str, Engine] = OrderedDict()  # before the parent opens the index
        self._tables_present: set[str] = set()
        super().__init__(base_dir, inst_data=inst_data)

    def has_table(self, table_name: str) -> bool:
        """dagster asks whether the asset-check table exists before storing each check event (~530 a
        build), creating an engine each time (~2 s a build); a table once there stays there."""
        if table_name not in self._tables_present:
            if not super().has_table(table_name):
                return False
            self._tables_present.add(table_name)
        return True

    @classmethod
    def from_config_value(cls, inst_data, config_value) -> KeptOpenSqliteEventLogStorage:
        return cls(inst_data=inst_data, **config_value)

    def _engine(self, shard: str) -> Engine:
        engine = self._engines.get(shard)
        if engine is None:
            engine = create_engine(
                self.conn_string_for_shard(shard),
                poolclass=QueuePool,
                pool_size=1,
                max_overflow=4,
                connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
            )
            event.listen(engine, "connect", _synchronous_normal)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            self._engines[shard] = engine
            while len(self._engines) > OPEN_FILES:
                self._engines.popitem(last=False)[1].dispose()
        else:
            self._engines.move_to_end(shard)
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:
            engine = self._engine(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    def _close_files(self) -> None:
        with self._db_lock:
            for engine in self._engines.values():
                engine.dispose()
            self._engines.clear()

    def wipe(self) -> None:
        self._close_files()  # before the files are deleted
        self._tables_present.clear()
        super().wipe()

    def dispose(self) -> None:
        self._close_files()
        super().dispose()


def _event_log_yaml(home: Path) -> str:
    return (
        "telemetry:\n  enabled: false\n"
        "event_log_storage:\n"
        f"  module: {__name__}\n"
        f"  class: {KeptOpenSqliteEventLogStorage.__name__}\n"
        "  config:\n"
        f"    base_dir: {json.dumps(str(home / 'history' / 'runs'))}\n"
    )


# One run at a time from the UI: every run of this code location writes the same DuckDB file, which
# takes one writing process. "Materialize all" clicked twice queues the second run (dagster dev's
# QueuedRunCoordinator) instead of failing it on DuckDB's lock. `dpid build` runs in its own process,
# outside the queue, on a file of its own.
RUN_QUEUE_YAML = "concurrency:\n  runs:\n    max_concurrent_runs: 1\n"


def instance_yaml(home: Path) -> str:
    """``dagster.yaml`` of ``home``: no telemetry, this event log storage (the runs and schedules
    stay dagster's default SQLite storages in the same folder), one run at a time."""
    return _event_log_yaml(home) + RUN_QUEUE_YAML


def earlier_instance_yamls(home: Path) -> set[str]:
    """What earlier versions of dpid wrote in ``home/dagster.yaml``: replaced by :func:`instance_yaml`
    (a file of the user's own is kept as it is)."""
    return {"telemetry:\n  enabled: false\n", _event_log_yaml(home)}
