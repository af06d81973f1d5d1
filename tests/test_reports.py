"""The report building blocks on their own: figure matching between two builds, French numbers,
the spreadsheet writer."""

import datetime as dt
from decimal import Decimal

from openpyxl import load_workbook

from pipelines.reports.changes import Figure, diff_figures
from pipelines.reports.common import default_year
from pipelines.reports.html import Figures, Html, fr_percent, fr_quantity, source, table
from pipelines.reports.xlsx import Column, write_sheet


def fig(value, ligne, key=("C02-446A05",), column="montant_eur", doc="000", table="lignes_budgetaires"):
    return Figure(table, doc, column, key, Decimal(value), ligne)


def summary(changes):
    return [(c.nature, c.key, c.avant, c.apres, c.ligne_avant, c.ligne_apres) for c in changes]


def test_unchanged_figures_are_not_reported():
    figures = [fig("35116.00", 126), fig("6801643.00", 126, column="ae_eur")]
    assert diff_figures(figures, list(figures)) == []


def test_same_value_on_another_line_is_moved_not_added():
    assert summary(diff_figures([fig("35116.00", 126)], [fig("35116.00", 127)])) == [
        ("deplace", ("C02-446A05",), Decimal("35116.00"), Decimal("35116.00"), 126, 127)
    ]


def test_other_value_under_the_same_key_is_modified_even_if_the_line_moved():
    assert summary(diff_figures([fig("35116.00", 126)], [fig("35161.00", 130)])) == [
        ("modifie", ("C02-446A05",), Decimal("35116.00"), Decimal("35161.00"), 126, 130)
    ]


def test_new_and_vanished_keys_are_added_and_removed():
    changes = diff_figures([fig("10.00", 5, key=("A",))], [fig("20.00", 9, key=("B",))])
    assert summary(changes) == [
        ("supprime", ("A",), Decimal("10.00"), None, 5, None),
        ("ajoute", ("B",), None, Decimal("20.00"), None, 9),
    ]


def test_figures_sharing_a_key_pair_identical_first_then_equal_values_then_in_order():
    # two subsidies to the same structure under one heading: 100 at l.10 and 200 at l.11;
    # a line is inserted above them and a third one (300) appears
    before = [fig("100.00", 10), fig("200.00", 11)]
    after = [fig("100.00", 11), fig("200.00", 12), fig("300.00", 13)]
    assert summary(diff_figures(before, after)) == [
        ("deplace", ("C02-446A05",), Decimal("100.00"), Decimal("100.00"), 10, 11),
        ("deplace", ("C02-446A05",), Decimal("200.00"), Decimal("200.00"), 11, 12),
        ("ajoute", ("C02-446A05",), None, Decimal("300.00"), None, 13),
    ]
    # the second one changes value and keeps its line: modified, the first one untouched
    assert summary(diff_figures(before, [fig("100.00", 10), fig("250.00", 11)])) == [
        ("modifie", ("C02-446A05",), Decimal("200.00"), Decimal("250.00"), 11, 11)
    ]


def test_documents_and_tables_are_never_mixed():
    changes = diff_figures([fig("1.00", 3, doc="000")], [fig("1.00", 3, doc="001")])
    assert [(c.nature, c.doc_id) for c in changes] == [("supprime", "000"), ("ajoute", "001")]


def test_french_numbers_and_percentages():
    assert fr_quantity(Decimal("1100.00")) == "1\u202f100"
    assert fr_quantity(Decimal("12.50")) == "12,5"
    assert fr_quantity(None) == "—"
    assert fr_percent(Decimal("0.8567")) == "85,7\u00a0%"
    assert fr_percent(Decimal("1.5")) == "150\u00a0%"


def test_default_year_is_the_previous_calendar_year():
    assert default_year(dt.date(2026, 1, 15)) == 2025


def test_table_escapes_text_but_keeps_source_markup():
    cell = source("002", 694, "300 600 <b>")
    html = table(["indicateur", "source"], [["a < b", cell]])
    assert "a &lt; b" in html and "<details" in html and "300 600 &lt;b&gt;" in html
    assert isinstance(cell, Html) and "002 l.694" in cell


def test_plotly_is_inlined_once_per_page():
    import plotly.graph_objects as go

    figures = Figures()
    first, second = figures.html(go.Figure(go.Bar(y=[1]))), figures.html(go.Figure(go.Bar(y=[2])))
    assert len(first) > 1_000_000 and len(second) < 20_000  # the library (~4.8 MB) with the first figure only


def test_spreadsheet_header_frozen_and_numbers_stored_as_numbers(tmp_path):
    path = write_sheet(
        tmp_path / "m.xlsx", "Indicateurs 2024",
        [Column("Indicateur"), Column("Cible", "nombre"), Column("Taux", "pourcentage"), Column("Année", "entier")],
        [("Nombre de jeunes NEET", Decimal("600.00"), Decimal("0.5"), 2024), ("Taux", Decimal("12.5"), None, 2024)],
    )  # fmt: skip
    sheet = load_workbook(path).active
    assert sheet.title == "Indicateurs 2024" and sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == ["Indicateur", "Cible", "Taux", "Année"]
    assert sheet[1][0].font.bold
    assert [c.value for c in sheet[2]] == ["Nombre de jeunes NEET", 600, 0.5, 2024]
    assert [c.value for c in sheet[3]] == ["Taux", 12.5, None, 2024]
    assert sheet["B2"].number_format == "#,##0" and sheet["B3"].number_format == "#,##0.##"
    assert sheet["C2"].number_format == "0.0%"
