"""The build's terminal output: French by default, dagster's and dbt's English lines with --verbeux."""

from __future__ import annotations

import logging
from types import SimpleNamespace

from pipelines.progress import DbtOutputFilter, _ProgressHandler, french_dbt_line


def _record(
    message: str, step: str | None = None, event=None, level: int = logging.INFO
) -> logging.LogRecord:
    record = logging.LogRecord("dagster", level, __file__, 1, message, None, None)
    record.dagster_meta = {"orig_message": message, "step_key": step, "dagster_event": event}
    return record


def _check_event(name: str, passed: bool, severity: str):
    data = SimpleNamespace(check_name=name, passed=passed, severity=SimpleNamespace(value=severity))
    return SimpleNamespace(event_type_value="ASSET_CHECK_EVALUATION", event_specific_data=data)


ENGLISH = [
    _record("Dependencies for step marts__x failed: ['dbt_models']. Not executing.", "marts__x"),
    _record("A dbt subsetted execution is not being performed. Using the default ...", "dbt_models"),
    _record("Finished dbt command: `dbt build --select fqn:*`.", "dbt_models"),
]


def test_default_output_keeps_the_french_lines_and_translates_the_checks():
    lines: list[str] = []
    handler = _ProgressHandler(lines.append)
    for record in [
        *ENGLISH,
        _record("5 document(s) lu(s) dont 0 extrait(s) par ce run", "extraction"),
        _record("check", "x", _check_event("solde_rapport", False, "WARN")),
        _record("check", "x", _check_event("recette_etat", True, "WARN")),
        _record("step failed", "dbt_models", SimpleNamespace(event_type_value="STEP_FAILURE")),
    ]:
        handler.emit(record)
    text = "\n".join(lines)
    assert "extraction : 5 document(s) lu(s)" in text
    assert "contrôle solde_rapport en échec [avertissement]" in text and "recette_etat" not in text
    assert "dbt_models : en échec" in text
    assert "Dependencies" not in text and "dbt subsetted" not in text and "Finished dbt" not in text
    assert "WARN" not in text


def test_verbose_output_shows_dagsters_own_lines():
    lines: list[str] = []
    handler = _ProgressHandler(lines.append, verbose=True)
    for record in ENGLISH:
        handler.emit(record)
    assert len(lines) == 3 and "Not executing" in lines[0]


def test_dbt_lines_in_french_by_default_as_printed_with_verbeux():
    dbt_lines = (
        "1 of 361 START sql view model staging.stg_actions .... [RUN]\n"
        "1 of 361 OK created sql view model staging.stg_actions ....... [OK in 0.34s]\n"
        "12 of 361 FAIL 3 unique_x ....... [FAIL 3 in 0.1s]\n"
        "Finished running 120 table models in 0 hours 0 minutes and 12.30 seconds (12.30s).\n"
        "Done. PASS=357 WARN=1 ERROR=3 SKIP=0 NO-OP=0 TOTAL=361\n"
    )
    french: list[str] = []
    DbtOutputFilter(french.append).write(dbt_lines)
    assert [line.split("] ", 1)[1] for line in french] == [
        "dbt : 361 modèles et tests à construire et vérifier ...",
        "dbt : échec : 12 of 361 FAIL 3 unique_x ....... [FAIL 3 in 0.1s]",
        "dbt : 361 modèles et tests, 357 réussis, 1 avertissement(s), 3 erreur(s), 0 ignoré(s)",
    ]
    verbose: list[str] = []
    DbtOutputFilter(verbose.append, verbose=True).write(dbt_lines)
    assert len(verbose) == 4 and "OK created" in verbose[0]
    assert french_dbt_line("Registered adapter: duckdb=1.9.0") is None
