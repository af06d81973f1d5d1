"""Cells that cannot execute: the one rule every CSV and XLSX the project writes goes through.

A spreadsheet treats a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula (OWASP "CSV injection"). A deliberation's title, a structure's name or an
analyst's query result can start that way, so:

* in CSV, such a text is written with a leading apostrophe (``'=HYPERLINK(...)``), which the
  spreadsheet shows as text;
* in XLSX, it is written as an explicit string cell (openpyxl would otherwise store a formula);
* numbers stay numbers: only text is ever changed.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    """True for a text a spreadsheet would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_text(value: Any) -> Any:
    """The value to write in a CSV cell: formula-like text gets a leading ``'``; anything else as is."""
    return "'" + value if is_formula_like(value) else value


def set_xlsx_value(cell, value: Any) -> None:
    """Put ``value`` in an openpyxl ``cell``; a formula-like text stays a string cell, never a formula."""
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"


def neutralize_frame(frame):
    """A polars frame ready for CSV: formula-like texts prefixed with ``'``, list cells joined by `` | ``."""
    import polars as pl

    exprs = []
    for name, dtype in frame.schema.items():
        column = pl.col(name)
        if isinstance(dtype, pl.List):
            column = column.cast(pl.List(pl.String)).list.join(" | ")
            dtype = pl.String
        if dtype == pl.String:
            column = (
                pl.when(column.str.contains(r"^[=+\-@\t\r]")).then(pl.lit("'") + column).otherwise(column)
            )
        exprs.append(column.alias(name))
    return frame.select(exprs)
