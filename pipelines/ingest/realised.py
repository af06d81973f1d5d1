"""Realised figures filled by the services each year (``raw/realise/*.xlsx|*.csv``).

The deliberations hold the targets of the CLS indicators; the realised values come from the
services once a year, in the template written by ``dpid modele-realise`` (one row per
indicator of the contract's actions, a ``realise`` column to fill). This module reads every
filled file of the folder and validates it as a whole: a file with an unknown indicator, a
value that is not a number, a negative value, a year outside the contract or a duplicate
yields :class:`Problem` records (file, spreadsheet row, reason in French) and the caller
loads nothing. An empty ``realise`` cell means "not filled", never zero.

An indicator is identified by (``action_code``, ``referentiel``, ``indicateur``), the text
compared with its whitespace collapsed; the valid identities are those of the targets
extracted from the deliberations (:func:`indicator_catalogue`).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import polars as pl

from pipelines.extract.numbers import AmountError, parse_amount

# The years of the Contrat local des solidarités 2024-2027.
YEARS = range(2024, 2028)
# The indicators of the contract's actions: the table of actions (local) and the fiches (national).
TEMPLATE_SOURCES = ("annexe1", "fiche")
TEMPLATE_COLUMNS = (
    "annee", "axe_code", "action_code", "action", "referentiel", "indicateur",
    "situation_initiale", "cible", "realise", "source", "commentaire",
)  # fmt: skip
REQUIRED_COLUMNS = ("annee", "action_code", "referentiel", "indicateur", "realise")
SUFFIXES = (".csv", ".xlsx")
# Spreadsheet formats a service may drop by mistake: refused with a message, not ignored.
UNREAD_SUFFIXES = (".xls", ".xlsm", ".ods")

# decimal(18, 2): 16 digits before the comma
MAX_VALUE = Decimal(10) ** 16


@dataclass(frozen=True)
class Problem:
    """Why (part of) a file is refused: ``ligne`` is the spreadsheet row (header = 1), or None."""

    fichier: str
    ligne: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.fichier} ligne {self.ligne}" if self.ligne is not None else self.fichier
        return f"{where} : {self.message}"


@dataclass(frozen=True)
class Indicator:
    """One indicator of the contract as extracted (canonical text of the deliberation)."""

    axe_code: str | None
    action_code: str
    referentiel: str
    indicateur: str


class UnreadableFile(ValueError):
    """The file cannot be read as a table (encoding, format)."""


def normalize_text(text: str) -> str:
    """Whitespace collapsed and trimmed: the form in which indicator labels are compared."""
    return " ".join(text.split())


def identity(action_code: str, referentiel: str, indicateur: str) -> tuple[str, str, str]:
    return (action_code.strip(), referentiel.strip().lower(), normalize_text(indicateur))


def indicator_catalogue(values: pl.DataFrame) -> dict[tuple[str, str, str], Indicator]:
    """The valid identities, from rows shaped like ``raw.indicateurs_valeurs``.

    Only the indicators of the contract's actions (sources ``annexe1`` and ``fiche``, with
    an ``action_code``) can receive a realised value.
    """
    rows = (
        values.filter(pl.col("source").is_in(TEMPLATE_SOURCES) & pl.col("action_code").is_not_null())
        .select("axe_code", "action_code", "referentiel", "indicateur")
        .unique()
        .sort("action_code", "referentiel", "indicateur", "axe_code", nulls_last=True)
    )
    out: dict[tuple[str, str, str], Indicator] = {}
    for row in rows.iter_rows(named=True):
        out.setdefault(identity(row["action_code"], row["referentiel"], row["indicateur"]), Indicator(**row))
    return out


def input_files(folder: Path) -> list[Path]:
    """The files of ``folder`` to read: CSV and XLSX, without lock files (``~$...``) or hidden files."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file()
        and not p.name.startswith((".", "~$"))
        and p.suffix.lower() in SUFFIXES + UNREAD_SUFFIXES
    )


def read_table(path: Path) -> tuple[list[str], list[tuple[int, dict[str, object]]]]:
    """The columns and the data rows of a CSV or XLSX file, as ``(spreadsheet row, {column: cell})``.

    Column names are trimmed and lower-cased; the header is row 1. CSV: UTF-8 (with or
    without BOM), separator ``;`` or ``,`` (the one of the header line). XLSX: the first sheet,
    cell values as stored (numbers stay numbers).
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        records = _csv_records(path)
    elif suffix == ".xlsx":
        records = _xlsx_records(path)
    else:
        raise UnreadableFile(f"format non lu ({suffix}) : enregistrez le fichier en .xlsx ou en .csv (UTF-8)")
    if not records:
        return [], []
    header = [str(h).strip().lower() if h is not None else "" for h in records[0]]
    rows = []
    for number, record in enumerate(records[1:], start=2):
        cells = {name: record[i] if i < len(record) else None for i, name in enumerate(header) if name}
        rows.append((number, cells))
    return [h for h in header if h], rows


def _csv_records(path: Path) -> list[list[object]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(
            "le fichier n'est pas encodé en UTF-8 : enregistrez-le au format « CSV UTF-8 » (ou en .xlsx)"
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _xlsx_records(path: Path) -> list[list[object]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise UnreadableFile(
            f"classeur illisible, pas un fichier .xlsx valide ({exc.__class__.__name__})"
        ) from None
    try:
        return [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def cell_text(value: object) -> str | None:
    """A cell as trimmed text (None when empty); integral numbers lose their ``.0``."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def parse_realised(value: object) -> Decimal:
    """A realised value: a number cell, or French text (``1 234``, ``1 234,5``). Raises ValueError."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except InvalidOperation:
            raise ValueError(f"valeur non numérique « {value} »") from None
        if not number.is_finite():
            raise ValueError(f"valeur non numérique « {value} »")
        if number != number.quantize(Decimal("0.01")):
            raise ValueError(f"plus de deux décimales « {value} »")
    else:
        text = str(value).strip()
        negative = text[:1] in ("-", "\u2212")
        try:
            number = parse_amount(text[1:] if negative else text)
        except AmountError:
            hint = " (virgule pour les décimales : 12,5)" if "." in text else ""
            raise ValueError(f"valeur non numérique « {text} »{hint}") from None
        if negative and number:
            number = -number
    if number < 0:
        raise ValueError(f"valeur négative « {value} »")
    if number >= MAX_VALUE:
        raise ValueError(f"valeur trop grande « {value} »")
    return number.quantize(Decimal("0.01"))


def _year(value: object) -> int:
    text = cell_text(value)
    if text is None or not text.isdigit():
        raise ValueError(f"année illisible « {text or ''} »")
    year = int(text)
    if year not in YEARS:
        raise ValueError(f"année {year} hors du contrat ({YEARS[0]}-{YEARS[-1]})")
    return year


def load_realised(
    folder: Path, catalogue: dict[tuple[str, str, str], Indicator]
) -> tuple[list[dict], list[Problem]]:
    """Read every input file of ``folder``: the filled rows, and every problem found.

    The rows are meaningful only when there is no problem: the caller must then load
    nothing. Rows whose ``realise`` cell is empty are not filled and are skipped.
    """
    rows: list[dict] = []
    problems: list[Problem] = []
    seen: dict[tuple, tuple[str, int]] = {}
    for path in input_files(folder):
        name = path.name
        try:
            columns, table = read_table(path)
        except UnreadableFile as exc:
            problems.append(Problem(name, None, str(exc)))
            continue
        missing = [c for c in REQUIRED_COLUMNS if c not in columns]
        if missing and columns:
            problems.append(
                Problem(name, None, f"colonne(s) obligatoire(s) absente(s) : {', '.join(missing)}")
            )
            continue
        for number, cells in table:
            row, row_problems = _validate_row(cells, catalogue)
            problems += [Problem(name, number, p) for p in row_problems]
            if row is None:
                continue
            key = (row["annee"], row["action_code"], row["referentiel"], row["indicateur"])
            if key in seen:
                first_file, first_row = seen[key]
                problems.append(
                    Problem(
                        name,
                        number,
                        f"doublon : déjà saisi {first_file} ligne {first_row} "
                        f"({row['annee']}, action {row['action_code']}, {row['referentiel']}, « {row['indicateur']} »)",
                    )
                )
                continue
            seen[key] = (name, number)
            rows.append({"fichier": name, "ligne": number, **row})
    return rows, problems


def _validate_row(
    cells: dict[str, object], catalogue: dict[tuple[str, str, str], Indicator]
) -> tuple[dict | None, list[str]]:
    """A filled row as a record of ``raw.realises_saisis`` (None when not filled or refused)."""
    raw_value = cells.get("realise")
    if cell_text(raw_value) is None:
        return None, []
    problems = []
    try:
        value = parse_realised(raw_value)
    except ValueError as exc:
        problems.append(str(exc))
    try:
        year = _year(cells.get("annee"))
    except ValueError as exc:
        problems.append(str(exc))
    action_code, referentiel, label = (
        cell_text(cells.get(c)) or "" for c in ("action_code", "referentiel", "indicateur")
    )
    indicator = catalogue.get(identity(action_code, referentiel, label))
    if indicator is None:
        problems.append(
            f"indicateur inconnu « {normalize_text(label)} » (action {action_code or '?'}, {referentiel or '?'})"
        )
    if problems:
        return None, problems
    return {
        "annee": year,
        "axe_code": indicator.axe_code,
        "action_code": indicator.action_code,
        "referentiel": indicator.referentiel,
        "indicateur": indicator.indicateur,
        "realise": value,
        "source": cell_text(cells.get("source")),
        "commentaire": cell_text(cells.get("commentaire")),
    }, []


def failure_message(problems: list[Problem]) -> str:
    """The message of a refused load, one problem per line (French)."""
    lines = [f"Fichier de réalisés refusé : {p}" for p in problems]
    lines.append(
        f"{len(problems)} problème(s) : aucun réalisé n'a été chargé. "
        "Corrigez le ou les fichiers puis relancez la construction."
    )
    return "\n".join(lines)
