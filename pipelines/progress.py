"""A compact dagster logger: French progress lines for the terminal.

By default only French lines are shown: the steps (début, terminée, en échec), the failed checks
with their French severity, the messages of the project's own steps, and dbt's failures and
totals in French. dagster's and dbt's own English lines (« Dependencies ... Not executing »,
« A dbt subsetted execution ... », « Finished dbt command », one « OK created » per model) are
shown only with ``verbose`` (``dpid build --verbeux``).
"""

from __future__ import annotations

import io
import logging
import re
import time
from collections.abc import Callable

import dagster as dg

# dbt prints a line per node; keep what tells progress or trouble.
_DBT_KEPT = re.compile(r"OK created|ERROR|FAIL |WARN |Finished running|Done\.|Error in")
_DBT_TOTALS = re.compile(r"Done\. PASS=(\d+) WARN=(\d+) ERROR=(\d+) SKIP=(\d+)(?: NO-OP=\d+)? TOTAL=(\d+)")
_DBT_START = re.compile(r"^1 of (\d+) START\b")
_DBT_TROUBLE = re.compile(r"^(?:\d+ of \d+ )?(ERROR|FAIL|WARN)\b|^(Failure|Error|Warning) in ")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# steps whose plain log lines are dagster-dbt's (English); and dagster's own engine lines
_ENGLISH_STEPS = ("dbt_models",)
_ENGLISH_LINES = re.compile(
    r"^(Dependencies for step|Skipping|Execution of|Started execution|Finished execution)"
)
SEVERITIES_FR = {"ERROR": "erreur", "WARN": "avertissement"}


def _stamp() -> str:
    return time.strftime("%H:%M:%S")


def french_event(kind: str, step: str | None, event) -> str | None:
    """The French line of a dagster event (``None``: not shown by default)."""
    if kind == "STEP_START":
        return f"{step} : début"
    if kind == "STEP_SUCCESS":
        return f"{step} : terminée"
    if kind == "STEP_FAILURE":
        return f"{step} : en échec"
    if kind == "ASSET_CHECK_EVALUATION":
        data = event.event_specific_data
        if data.passed:
            return None
        return (
            f"contrôle {data.check_name} en échec "
            f"[{SEVERITIES_FR.get(data.severity.value, data.severity.value)}]"
        )
    return None


class _ProgressHandler(logging.Handler):
    def __init__(self, emit: Callable[[str], None], verbose: bool = False):
        super().__init__(level=logging.INFO)
        self._emit = emit
        self._verbose = verbose

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        message = meta.get("orig_message") or record.getMessage()
        step = meta.get("step_key")
        event = meta.get("dagster_event")
        kind = getattr(event, "event_type_value", None)
        if self._verbose:
            if kind in ("STEP_START", "STEP_SUCCESS", "STEP_FAILURE", "ASSET_CHECK_EVALUATION") or (
                event is None and record.levelno >= logging.INFO
            ):
                self._emit(f"  [{_stamp()}] {step + ' : ' if step else ''}{message}")
            return
        if event is not None:
            line = french_event(kind, step, event)
            if line:
                self._emit(f"  [{_stamp()}] {line}")
        elif (
            record.levelno >= logging.INFO
            and step not in _ENGLISH_STEPS
            and not _ENGLISH_LINES.match(message)
        ):
            self._emit(f"  [{_stamp()}] {step + ' : ' if step else ''}{message}")


def progress_logger(emit: Callable[[str], None], verbose: bool = False) -> dg.LoggerDefinition:
    @dg.logger(description="Progression compacte dans le terminal")
    def _logger(_init_context) -> logging.Logger:
        logger = logging.getLogger("dpid.progress")
        logger.handlers = [_ProgressHandler(emit, verbose)]
        logger.setLevel(logging.DEBUG)
        logger.propagate = False
        return logger

    return _logger


def french_dbt_line(plain: str) -> str | None:
    """dbt's totals and troubles in French; ``None`` for the other lines (one per model...)."""
    start = _DBT_START.search(plain)
    if start:
        return f"dbt : {start.group(1)} modèles et tests à construire et vérifier ..."
    totals = _DBT_TOTALS.search(plain)
    if totals:
        passed, warned, errors, skipped, total = totals.groups()
        return (
            f"dbt : {total} modèles et tests, {passed} réussis, {warned} avertissement(s),"
            f" {errors} erreur(s), {skipped} ignoré(s)"
        )
    trouble = _DBT_TROUBLE.search(plain)
    if trouble:
        word = trouble.group(1) or trouble.group(2)
        label = {
            "ERROR": "erreur",
            "Error": "erreur",
            "FAIL": "échec",
            "Failure": "échec",
            "WARN": "avertissement",
            "Warning": "avertissement",
        }[word]
        return f"dbt : {label} : {plain}"
    return None


class DbtOutputFilter(io.TextIOBase):
    """Stands for stdout during a build: dagster-dbt echoes every dbt log line there.
    By default dbt's totals and failures go to ``emit`` in French; with ``verbose``, every line
    about models built, failures and totals as dbt prints it. The rest is dropped."""

    def __init__(self, emit: Callable[[str], None], verbose: bool = False):
        self._emit = emit
        self._pending = ""
        self._verbose = verbose

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._pending += text
        *lines, self._pending = self._pending.split("\n")
        for line in lines:
            plain = _ANSI.sub("", line).strip()
            if self._verbose:
                if _DBT_KEPT.search(plain):
                    self._emit(f"  [{_stamp()}] dbt : {plain}")
            else:
                french = french_dbt_line(plain)
                if french:
                    self._emit(f"  [{_stamp()}] {french}")
        return len(text)
