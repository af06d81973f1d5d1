"""The summary `dpid build` prints: the coverage of the figure ledger per document, French severities."""

from __future__ import annotations

from pathlib import Path

from pipelines.build import BuildSummary
from pipelines.cli import _print_summary


def test_summary_prints_the_ledger_coverage_per_document_with_its_numero(capsys):
    summary = BuildSummary(warehouse=Path("w/dpid.duckdb"), seconds=1.0, documents_lus=1)
    summary.extraction_par_document = [("002_x", "2024-176", 0, 1, 1, 20, 3, 0, 7, 824, 527, 280, 17)]
    summary.checks = [
        ("solde_rapport", False, "WARN"),
        ("total_general", False, "ERROR"),
        ("ok", True, "WARN"),
    ]
    _print_summary(summary)
    out = capsys.readouterr().out
    assert "002_x  délib. n° 2024-176  chiffres 824 : lus 527 / non lus 280 / contexte 17" in out
    assert "solde_rapport [avertissement], total_general [erreur]" in out
    assert "WARN" not in out and "ERROR" not in out
