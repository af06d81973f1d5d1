"""A compact dagster logger: one line per step and per message, for the terminal."""

from __future__ import annotations

import io
import logging
import re
import time
from collections.abc import Callable

import dagster as dg


# dbt prints a line per node; keep what tells progress or trouble.
_DBT_KEPT = re.compile(r"OK created|ERROR|FAIL |WARN |Finished running|Done\.|Error in")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class _ProgressHandler(logging.Handler):
    def __init__(self, emit: Callable[[str], None]):
        super().__init__(level=logging.INFO)
        self._emit = emit

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        message = meta.get("orig_message") or record.getMessage()
        step = meta.get("step_key")
        event = meta.get("dagster_event")
        kind = getattr(event, "event_type_value", None)
        if kind in ("STEP_START", "STEP_SUCCESS", "STEP_FAILURE", "ASSET_CHECK_EVALUATION") or (
            event is None and record.levelno >= logging.INFO
        ):
            stamp = time.strftime("%H:%M:%S")
            self._emit(f"  [{stamp}] {step + ' : ' if step else ''}{message}")


def progress_logger(emit: Callable[[str], None]) -> dg.LoggerDefinition:
    @dg.logger(description="Progression compacte dans le terminal")
    def _logger(_init_context) -> logging.Logger:
        logger = logging.getLogger("dpid.progress")
        logger.handlers = [_ProgressHandler(emit)]
        logger.setLevel(logging.DEBUG)
        logger.propagate = False
        return logger

    return _logger


class DbtOutputFilter(io.TextIOBase):
    """Stands for stdout during a build: dagster-dbt echoes every dbt log line there.
    Lines about models built, failures and totals go to ``emit``; the rest is dropped."""

    def __init__(self, emit: Callable[[str], None]):
        self._emit = emit
        self._pending = ""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._pending += text
        *lines, self._pending = self._pending.split("\n")
        for line in lines:
            plain = _ANSI.sub("", line).strip()
            if _DBT_KEPT.search(plain):
                self._emit(f"  [{time.strftime('%H:%M:%S')}] dbt : {plain}")
        return len(text)
