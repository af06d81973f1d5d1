"""The yearly cycle: which bilans `dpid rapport tous` writes, and what its summary says to fill next."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.reports.cycle import CycleSummary, bilan_years, format_cycle, next_year_to_fill

YEARS = range(2024, 2028)


def _warehouse(realised: dict[int, float | None]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute("create table marts.realise_vs_cible (annee integer, realise decimal(18, 2))")
    con.executemany("insert into marts.realise_vs_cible values (?, ?)", list(realised.items()))
    return con


def test_a_bilan_for_every_year_with_realised_figures_and_the_last_civil_year():
    con = _warehouse({2024: 12, 2025: None, 2026: None})
    assert bilan_years(con, 2025) == [2024, 2025]
    assert bilan_years(_warehouse({2024: None}), 2025) == [2025]


def test_next_year_to_fill_is_the_first_ended_year_without_realised_values():
    assert next_year_to_fill(_warehouse({2024: None, 2025: None}), 2025, YEARS) == 2024
    assert next_year_to_fill(_warehouse({2024: 3, 2025: None}), 2025, YEARS) == 2025
    assert next_year_to_fill(_warehouse({2024: 3, 2025: 4}), 2025, YEARS) == 2026
    assert next_year_to_fill(_warehouse({y: 1 for y in YEARS}), 2027, YEARS) is None


def test_summary_says_what_changed_what_to_open_and_what_to_fill():
    summary = CycleSummary(
        documents={"ajouté": ["005.txt"], "modifié": [], "retiré": []},
        anomalies={"erreur": 2, "avertissement": 5},
        first_build=False,
        reports=[Path("reports/bilan_prefet_2024.html")],
        to_fill=2025,
        realised_to_check=1,
    )
    text = format_cycle(summary, Path("raw/realise"))
    assert "1 document(s) ajouté(s) (005.txt)" in text
    assert (
        "2 erreur(s), 5 avertissement(s), 0 lecture(s) incertaine(s) (dont 1 réalisé(s) à vérifier)" in text
    )
    assert "    reports/bilan_prefet_2024.html" in text
    assert "`dpid modele-realise --annee 2025`, remplir raw/realise/realise_2025.xlsx" in text
    assert "[WARN]" not in text
