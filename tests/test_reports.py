"""The report building blocks on their own: figure matching between two builds, French numbers,
the spreadsheet writer."""

import datetime as dt
from decimal import Decimal

from openpyxl import load_workbook

from pipelines.reports.changes import Figure, diff_figures
from pipelines.reports.common import default_year
from pipelines.reports.html import Figures, Html, fr_percent, fr_quantity, french, group, source, table
from pipelines.reports.xlsx import Column, Sheet, write_book, write_sheet


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
    cell = source("Délib. n° 2024-176 du 15 avril 2024, l. 694", "300 600 <b>", "Nombre de jeunes NEET", None)
    html = table(["indicateur", "source"], [["a < b", cell]])
    assert "a &lt; b" in html and "<details" in html and "300 600 &lt;b&gt;" in html
    assert isinstance(cell, Html)
    assert '<summary title="300 600 &lt;b&gt;">Délib. n° 2024-176 du 15 avril 2024, l. 694</summary>' in cell
    assert '<span class="ctx">Nombre de jeunes NEET</span><code>300 600 &lt;b&gt;</code></details>' in cell
    assert source(None) == "—" and source("Délib. n° 2024-176 du 15 avril 2024, l. 1") == (
        "Délib. n° 2024-176 du 15 avril 2024, l. 1"
    )


def test_long_lists_fold_into_a_collapsible_group():
    block = group("Délib. n° 2022-244 du 20 juin 2022 : 95 ligne(s) non lue(s)", "<table></table>")
    assert block.startswith(
        '<details class="groupe"><summary>Délib. n° 2022-244 du 20 juin 2022 : 95 ligne(s)'
    )
    assert " open" not in block


def test_every_chart_gets_french_separators_and_no_si_suffix():
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    figure = make_subplots(rows=1, cols=2)
    figure.add_bar(y=[14000, 1499.5], row=1, col=1)
    figure.add_bar(y=[1, 2], row=1, col=2)
    figure.update_yaxes(tickformat=",.0f", row=1, col=2)  # an explicit format is kept
    french(figure)
    assert figure.layout.separators == ", "
    assert figure.layout.yaxis.tickformat == ",~r" and figure.layout.yaxis2.tickformat == ",.0f"
    assert {a.exponentformat for a in [*figure.select_xaxes(), *figure.select_yaxes()]} == {"none"}
    assert "s" not in figure.layout.yaxis.tickformat  # d3's "s" is the SI suffix (14k)
    # Figures applies it to every chart of a page
    html = Figures().html(go.Figure(go.Bar(y=[14000])))
    assert '"separators":", "' in html


def test_plotly_is_inlined_once_per_page():
    import plotly.graph_objects as go

    figures = Figures()
    first, second = figures.html(go.Figure(go.Bar(y=[1]))), figures.html(go.Figure(go.Bar(y=[2])))
    assert len(first) > 1_000_000 and len(second) < 20_000  # the library (~4.8 MB) with the first figure only


def test_spreadsheet_header_frozen_and_numbers_stored_as_numbers(tmp_path):
    path = write_sheet(
        tmp_path / "m.xlsx",
        "Indicateurs 2024",
        [
            Column("Indicateur"),
            Column("Cible", "nombre"),
            Column("Taux", "pourcentage"),
            Column("Année", "entier"),
        ],
        [
            ("Nombre de jeunes NEET", Decimal("600.00"), Decimal("0.5"), 2024),
            ("Taux", Decimal("12.5"), None, 2024),
        ],
    )
    sheet = load_workbook(path).active
    assert sheet.title == "Indicateurs 2024" and sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == ["Indicateur", "Cible", "Taux", "Année"]
    assert sheet[1][0].font.bold
    assert [c.value for c in sheet[2]] == ["Nombre de jeunes NEET", 600, 0.5, 2024]
    assert [c.value for c in sheet[3]] == ["Taux", 12.5, None, 2024]
    assert sheet["B2"].number_format == "#,##0" and sheet["B3"].number_format == "#,##0.##"
    assert sheet["C2"].number_format == "0.0%"


def test_workbook_sheets_print_setup_and_no_formula_cell(tmp_path):
    """Issue 11 item 2: a title starting with =HYPERLINK( is written as text, never as a formula."""
    injected = '=HYPERLINK("http://exemple.invalid","cliquer")'
    path = write_book(
        tmp_path / "m.xlsx",
        [
            Sheet(
                "Indicateurs",
                [Column("Indicateur"), Column("Cible", "nombre")],
                [(injected, Decimal("600")), ("+1", Decimal("12.5"))],
                "Matrice 2024 — indicateurs",
            ),
            Sheet(
                "Co-financement",
                [Column("Ligne"), Column("Total (€)", "euros")],
                [("1.1 Accueil", Decimal("1236000.00")), ("Total du contrat 2024", Decimal("15524598.00"))],
                "Matrice 2024 — co-financement",
                {1},
            ),
            Sheet("Lisez-moi", [], [("Matrice 2024",), ("@ commentaire",)], "Matrice 2024 — lisez-moi"),
        ],
    )
    book = load_workbook(path)
    assert book.sheetnames == ["Indicateurs", "Co-financement", "Lisez-moi"]
    sheet = book["Indicateurs"]
    assert sheet["A2"].value == injected and sheet["A2"].data_type == "s"
    assert sheet["A3"].value == "+1" and sheet["A3"].data_type == "s"
    assert sheet["B2"].value == 600 and sheet["B2"].data_type == "n"
    assert book["Lisez-moi"]["A2"].data_type == "s"
    for name in ("Indicateurs", "Co-financement"):
        sheet = book[name]
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == sheet.dimensions
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9  # A4
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.oddHeader.center.text.startswith("Matrice 2024 — ")
        assert sheet.oddFooter.right.text == "Page &P / &N"
    assert book["Co-financement"]["A3"].font.bold and not book["Co-financement"]["A2"].font.bold
    # a formula in the raw XML would be an <f> element: there is none
    from zipfile import ZipFile

    with ZipFile(path) as archive:
        assert not any(
            b"<f>" in archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")
        )


def test_pdf_is_skipped_with_a_french_warning_without_chromium(tmp_path, monkeypatch):
    from pipelines.reports import pdf

    monkeypatch.setattr(pdf, "CHROMIUM", tmp_path / "absent" / "chromium")
    page = tmp_path / "bilan.html"
    page.write_text("<html><body>bilan</body></html>", encoding="utf-8")
    warnings = []
    assert pdf.write_pdf(page, tmp_path / "bilan.pdf", "en-tête", "pied", warn=warnings.append) is None
    assert not (tmp_path / "bilan.pdf").exists()
    assert len(warnings) == 1 and warnings[0].startswith("Chromium introuvable (")
    assert "le PDF n'est pas écrit (le rapport HTML l'est)" in warnings[0]
