"""The yearly template of realised figures (``dpid modele-realise --annee N``).

One row per indicator of the contract's actions (the identities that
:mod:`pipelines.ingest.realised` accepts), with its initial situation and its target for
the year, and empty ``realise``, ``source`` and ``commentaire`` columns for the services to
fill. Written twice: ``realise_N.xlsx`` (header frozen, the column to fill highlighted) and
``realise_N.csv`` (``;``, UTF-8 with BOM, as French Excel opens it).
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import polars as pl

from pipelines.extract.fiches import code_key
from pipelines.ingest.realised import (
    TEMPLATE_COLUMNS,
    TEMPLATE_SOURCES,
    UnreadableFile,
    cell_text,
    identity,
    normalize_text,
    read_table,
)

WIDTHS = {
    "annee": 8, "axe_code": 9, "action_code": 12, "action": 45, "referentiel": 12, "indicateur": 70,
    "situation_initiale": 18, "cible": 10, "realise": 12, "source": 25, "commentaire": 40,
}  # fmt: skip
TO_FILL = ("realise", "source", "commentaire")


class TemplateExists(RuntimeError):
    """A file to write already holds realised values: it is not overwritten without ``--force``."""


def _single(values: list) -> object:
    """The value when every row agrees, else None (two different readings: nothing is guessed)."""
    distinct = {v for v in values if v is not None}
    return distinct.pop() if len(distinct) == 1 else None


def template_rows(targets: pl.DataFrame, year: int) -> list[dict]:
    """The template rows for ``year``.

    ``targets`` holds one row per indicator and year, shaped like ``marts.indicateurs_cibles``
    plus the action title: ``source, referentiel, axe_code, action_code, action, indicateur,
    situation_initiale, annee, cible``. ``cible`` is the target of ``year`` (None when the
    document gives none, or gives two different ones).
    """
    groups: dict[tuple[str, str, str], list[dict]] = {}
    for row in targets.iter_rows(named=True):
        if row["source"] in TEMPLATE_SOURCES and row["action_code"] is not None:
            groups.setdefault(identity(row["action_code"], row["referentiel"], row["indicateur"]), []).append(
                row
            )
    out = []
    for rows in groups.values():
        first = min(rows, key=lambda r: (r["indicateur"], r["axe_code"] or ""))
        out.append(
            {
                "annee": year,
                "axe_code": first["axe_code"],
                "action_code": first["action_code"],
                "action": _single([r["action"] for r in rows]),
                "referentiel": first["referentiel"],
                "indicateur": first["indicateur"],
                "situation_initiale": _single([r["situation_initiale"] for r in rows]),
                "cible": _single([r["cible"] for r in rows if r["annee"] == year]),
                "realise": None,
                "source": None,
                "commentaire": None,
            }
        )
    out.sort(
        key=lambda r: (
            code_key(r["axe_code"]),
            code_key(r["action_code"]),
            r["referentiel"],
            normalize_text(r["indicateur"]).lower(),
        )
    )
    return out


def filled_rows(path: Path) -> int:
    """How many rows of an existing file have a ``realise`` value."""
    _, rows = read_table(path)
    return sum(cell_text(cells.get("realise")) is not None for _, cells in rows)


def template_paths(folder: Path, year: int) -> tuple[Path, Path]:
    return folder / f"realise_{year}.xlsx", folder / f"realise_{year}.csv"


def write_template(rows: list[dict], folder: Path, year: int, force: bool = False) -> list[Path]:
    """Write ``realise_{year}.xlsx`` and ``.csv`` into ``folder``.

    Raises :class:`TemplateExists` (nothing written) when one of them already holds
    realised values, unless ``force``.
    """
    paths = template_paths(folder, year)
    if not force:
        for path in paths:
            if not path.exists():
                continue
            try:
                filled = filled_rows(path)
            except UnreadableFile as exc:
                raise TemplateExists(
                    f"{path} existe et n'a pas pu être relu ({exc}) : utilisez --force pour le remplacer."
                ) from None
            if filled:
                raise TemplateExists(
                    f"{path} contient déjà {filled} réalisé(s) saisi(s) : il n'est pas remplacé. "
                    "Utilisez --force pour écrire un modèle vierge à sa place."
                )
    folder.mkdir(parents=True, exist_ok=True)
    _write_xlsx(rows, paths[0], year)
    _write_csv(rows, paths[1])
    return list(paths)


def _french(value: object) -> str:
    """A CSV cell: numbers in French (``1100``, ``12,5``), empty for None."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        value = value.normalize()
        text = f"{value:f}"
        return text.replace(".", ",")
    return str(value)


def _write_csv(rows: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(TEMPLATE_COLUMNS)
        for row in rows:
            writer.writerow([_french(row[c]) for c in TEMPLATE_COLUMNS])


def _write_xlsx(rows: list[dict], path: Path, year: int) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Réalisés {year}"
    sheet.append(list(TEMPLATE_COLUMNS))
    for row in rows:
        sheet.append([row[c] for c in TEMPLATE_COLUMNS])
    header_fill = PatternFill("solid", fgColor="D9D9D9")
    to_fill = PatternFill("solid", fgColor="FFF2CC")
    last = len(rows) + 1
    for index, name in enumerate(TEMPLATE_COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = WIDTHS[name]
        header = sheet.cell(row=1, column=index)
        header.font = Font(bold=True)
        header.fill = header_fill
        if name in TO_FILL:
            header.fill = PatternFill("solid", fgColor="FFD966")
            for (cell,) in sheet.iter_rows(min_row=2, max_row=last, min_col=index, max_col=index):
                cell.fill = to_fill
        if name in ("action", "indicateur", "commentaire"):
            for (cell,) in sheet.iter_rows(min_row=2, max_row=last, min_col=index, max_col=index):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    realise = get_column_letter(TEMPLATE_COLUMNS.index("realise") + 1)
    validation = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Réalisé",
        error="Saisissez un nombre positif ou nul (laissez vide si le réalisé n'est pas connu).",
    )
    validation.add(f"{realise}2:{realise}{max(last, 2)}")
    sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(TEMPLATE_COLUMNS))}{last}"
    workbook.save(path)
