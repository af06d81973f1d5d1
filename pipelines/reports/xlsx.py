"""Spreadsheets the State's services can take as is: per sheet one styled, frozen header row with a
filter, numbers stored as numbers (never as text), every text cell written through
``pipelines.exports.set_xlsx_value`` (a title starting with ``=`` stays text, never a formula), and
a print setup (A4 landscape, fit to the width, header row repeated, title and page numbers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from pipelines.exports import set_xlsx_value

FORMATS = {"texte": "@", "nombre": "#,##0.##", "entier": "0", "pourcentage": "0.0%", "euros": "#,##0.00"}


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = "texte"  # a key of FORMATS
    width: int | None = None  # characters; by default from the content, at most 60


@dataclass
class Sheet:
    """One sheet of a workbook: a table under one header row, or (``columns`` empty) lines of text."""

    title: str
    columns: list[Column]
    rows: list[tuple]
    print_title: str = ""  # printed in the page header
    bold_rows: set[int] = field(default_factory=set)  # indexes in ``rows`` printed in bold (totals)


def _value(value, kind: str):
    if value is None:
        return None
    if kind == "texte":
        return str(value)
    return float(value) if isinstance(value, Decimal) else value


def _print_setup(sheet, print_title: str, header_row: bool) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages as needed, down
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if header_row:
        sheet.print_title_rows = "1:1"
    sheet.oddHeader.center.text = (print_title or sheet.title).replace("&", "&&")
    sheet.oddFooter.left.text = "Département du Pas-de-Calais — DPID"
    sheet.oddFooter.right.text = "Page &P / &N"
    sheet.print_options.gridLines = False


def _fill(sheet, spec: Sheet) -> None:
    if not spec.columns:  # a sheet of text (Lisez-moi): one paragraph per row, first one in bold
        sheet.column_dimensions["A"].width = 110
        for index, (text,) in enumerate(spec.rows, start=1):
            cell = sheet.cell(row=index, column=1)
            set_xlsx_value(cell, text)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if index == 1 or index - 1 in spec.bold_rows:
                cell.font = Font(bold=True, size=13 if index == 1 else 11)
        _print_setup(sheet, spec.print_title, header_row=False)
        sheet.page_setup.orientation = "portrait"
        return
    for index, column in enumerate(spec.columns, start=1):
        cell = sheet.cell(row=1, column=index)
        set_xlsx_value(cell, column.title)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="0B5394")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for r, row in enumerate(spec.rows):
        for index, (value, column) in enumerate(zip(row, spec.columns, strict=True), start=1):
            cell = sheet.cell(row=r + 2, column=index)
            set_xlsx_value(cell, _value(value, column.kind))
            whole = (
                column.kind == "nombre"
                and isinstance(cell.value, (int, float))
                and float(cell.value).is_integer()
            )
            cell.number_format = "#,##0" if whole else FORMATS[column.kind]  # no dangling comma on 1 100
            if column.kind == "texte":
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if r in spec.bold_rows:
                cell.font = Font(bold=True)
    for index, column in enumerate(spec.columns, start=1):
        longest = max(
            [len(column.title)] + [len(str(r[index - 1])) for r in spec.rows if r[index - 1] is not None]
        )
        sheet.column_dimensions[get_column_letter(index)].width = column.width or min(max(longest + 2, 8), 60)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    _print_setup(sheet, spec.print_title, header_row=True)


def write_book(path: Path, sheets: list[Sheet]) -> Path:
    """Write ``sheets`` (in this order) into a workbook at ``path``."""
    book = Workbook()
    book.remove(book.active)
    for spec in sheets:
        _fill(book.create_sheet(spec.title[:31]), spec)  # 31: Excel's limit
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def write_sheet(path: Path, sheet_title: str, columns: list[Column], rows: list[tuple]) -> Path:
    """Write ``rows`` under a header of ``columns`` into a one-sheet workbook at ``path``."""
    return write_book(path, [Sheet(sheet_title, columns, rows)])
