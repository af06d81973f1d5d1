"""Spreadsheets the State's services can take as is: one styled, frozen header row, numbers stored
as numbers (never as text), a filter on every column."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

FORMATS = {"texte": "@", "nombre": "#,##0.##", "entier": "0", "pourcentage": "0.0%", "euros": "#,##0.00"}


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = "texte"  # a key of FORMATS
    width: int | None = None  # characters; by default from the content, at most 60


def _value(value, kind: str):
    if value is None:
        return None
    if kind == "texte":
        return str(value)
    return float(value) if isinstance(value, Decimal) else value


def write_sheet(path: Path, sheet_title: str, columns: list[Column], rows: list[tuple]) -> Path:
    """Write ``rows`` under a header of ``columns`` into a one-sheet workbook at ``path``."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title[:31]  # Excel's limit
    sheet.append([c.title for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="0B5394")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for row in rows:
        sheet.append([_value(v, c.kind) for v, c in zip(row, columns, strict=True)])
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        for cell in sheet[letter][1:]:
            whole = (
                column.kind == "nombre"
                and isinstance(cell.value, (int, float))
                and float(cell.value).is_integer()
            )
            cell.number_format = "#,##0" if whole else FORMATS[column.kind]  # no dangling comma on 1 100
            if column.kind == "texte":
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        longest = max(
            [len(column.title)] + [len(str(r[index - 1])) for r in rows if r[index - 1] is not None]
        )
        sheet.column_dimensions[letter].width = column.width or min(max(longest + 2, 8), 60)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
