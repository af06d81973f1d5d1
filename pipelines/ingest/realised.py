"""Realised figures filled by the services each year (``raw/realise/*.xlsx|*.csv``).

The deliberations hold the targets of the CLS indicators; the realised values come from the
services once a year, in the template written by ``dpid modele-realise`` (one row per
indicator of the contract's actions, a « Réalisé » column to fill). This module reads every
filled file of the folder and validates it as a whole: a file with an unknown indicator, a
value that is not a number, a negative value, a year outside the contract or a duplicate
yields :class:`Problem` records (file, spreadsheet row, reason in French) and the caller
loads nothing. An empty « Réalisé » cell means "not filled", never zero.

Files are read as services send them:

* CSV in UTF-8 (with or without BOM), Windows-1252 (French Excel's « CSV (séparateur :
  point-virgule) ») or UTF-16 (« Texte Unicode »); separator ``;``, ``,`` or tab, sniffed
  from the first lines; numbers with a decimal comma or point and spaces (U+0020, U+00A0,
  U+202F) between thousands;
* XLSX: the first sheet that is not « Lisez-moi »; a formula cell gives the value the
  spreadsheet computed and saved with it, and a formula without one (a file written by a
  program, never opened in a spreadsheet) or with an error is refused naming its cell;
* headers: the template's French labels (« Réalisé »), the code names of its hidden first
  row (``realise``), or both (hidden code row, then the label row): see :data:`LABELS`;
* limits checked before parsing: 10 Mo per file, 10 000 rows, 100 columns; for an XLSX
  also the size of its XML once decompressed, the size each sheet declares and its number of
  rows counted in the raw XML (a "zip bomb" is refused in milliseconds instead of filling
  the memory for minutes).

When the ``.xlsx`` and the ``.csv`` of the same name are both filled (a service filled one,
then the other), the one modified last is read and a notice names both.

An indicator is identified by (``action_code``, ``referentiel``, ``indicateur``), the text
compared with its whitespace collapsed; the valid identities are those of the targets
extracted from the deliberations (:func:`indicator_catalogue`).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

import polars as pl

from pipelines.exports import FORMULA_STARTS
from pipelines.extract.numbers import AmountError, parse_amount

# The years of the Contrat local des solidarités 2024-2027.
YEARS = range(2024, 2028)
# The indicators of the contract's actions: the table of actions (local) and the fiches (national).
TEMPLATE_SOURCES = ("annexe1", "fiche")
TEMPLATE_COLUMNS = (
    "annee",
    "axe_code",
    "action_code",
    "action",
    "referentiel",
    "indicateur",
    "situation_initiale",
    "cible",
    "realise",
    "source",
    "commentaire",
)
# The header a service reads, one per code name (the code names stay in the template's hidden row 1).
LABELS = {
    "annee": "Année",
    "axe_code": "Axe",
    "action_code": "N° action",
    "action": "Action",
    "referentiel": "Référentiel",
    "indicateur": "Indicateur",
    "situation_initiale": "Situation initiale",
    "cible": "Cible",
    "realise": "Réalisé",
    "source": "Source du réalisé",
    "commentaire": "Commentaire",
}
REQUIRED_COLUMNS = ("annee", "action_code", "referentiel", "indicateur", "realise")
SUFFIXES = (".csv", ".xlsx")
# Spreadsheet formats a service may drop by mistake: refused with a message, not ignored.
UNREAD_SUFFIXES = (".xls", ".xlsm", ".ods")
# The guidance sheet of the template: never read as data.
README_SHEET = "Lisez-moi"

# decimal(18, 2): 16 digits before the comma
MAX_VALUE = Decimal(10) ** 16

# Limits checked before a file is parsed: a year of realised figures is a few hundred rows.
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 100
# An XLSX is a zip: the XML it holds once decompressed (10 000 rows of the template take ~5 Mo).
MAX_XML = 20 * 1024 * 1024
# How many rows may precede the header (a title added above it).
HEADER_SEARCH = 5


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


@dataclass(frozen=True)
class FormulaCell:
    """An XLSX formula cell whose value cannot be read: none was saved with it, or it is an error."""

    address: str
    formula: str
    error: str | None = None

    def message(self) -> str:
        if self.error is not None:
            return f"cellule {self.address} : la formule ({self.formula}) donne l'erreur {self.error}"
        return (
            f"cellule {self.address} : formule sans valeur calculée ({self.formula}) ; "
            "ouvrez et enregistrez le fichier dans un tableur"
        )


def header_key(text: str) -> str:
    """A header as compared: accents, case and punctuation dropped (``N° action`` -> ``n action``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


# Every header the loader maps to a column: code names, labels, and a few usual variants.
HEADER_ALIASES = (
    {header_key(code): code for code in TEMPLATE_COLUMNS}
    | {header_key(label): code for code, label in LABELS.items()}
    | {
        "code action": "action_code",
        "numero action": "action_code",
        "no action": "action_code",
        "numero de l action": "action_code",
        "code axe": "axe_code",
        "numero axe": "axe_code",
        "no axe": "axe_code",
        "n axe": "axe_code",
        "intitule de l action": "action",
        "situation initiale 31 12 2023": "situation_initiale",
        "valeur realisee": "realise",
    }
)


def column_name(code: str) -> str:
    """A column as a service knows it: « Réalisé » (realise)."""
    return f"« {LABELS[code]} » ({code})"


def _size(n: int) -> str:
    """A size in French: ``10 Mo``, ``12,3 Mo``."""
    megabytes = n / (1024 * 1024)
    text = f"{megabytes:.0f}" if megabytes == int(megabytes) else f"{megabytes:.1f}".replace(".", ",")
    return f"{text} Mo"


def _count(n: int) -> str:
    """A count in French: ``10 000``."""
    return f"{n:,}".replace(",", " ")


TOO_MANY_ROWS = f"au plus {_count(MAX_ROWS)} lignes par fichier"
TOO_MANY_SHEET_ROWS = f"au plus {_count(MAX_ROWS)} lignes par feuille"


def read_table(path: Path) -> tuple[list[str], list[tuple[int, dict[str, object]]]]:
    """The columns and the data rows of a CSV or XLSX file, as ``(spreadsheet row, {column: cell})``.

    Columns are named by their code (``realise``), whatever header the file uses (code name
    or label, see :data:`HEADER_ALIASES`); unknown columns are dropped. Spreadsheet rows
    count from 1 (header rows included). Raises :class:`UnreadableFile` (French message)
    for a file too large, in an unknown format or encoding, or with a column twice.
    """
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UnreadableFile(f"format non lu ({suffix}) : enregistrez le fichier en .xlsx ou en .csv")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise UnreadableFile(
            f"fichier trop volumineux ({_size(size)} ; au plus {_size(MAX_BYTES)}) : "
            "il n'est pas lu (un fichier de réalisés compte quelques centaines de lignes)"
        )
    records = _csv_records(path) if suffix == ".csv" else _xlsx_records(path)
    return _table(records)


def _table(records: list[list[object]]) -> tuple[list[str], list[tuple[int, dict[str, object]]]]:
    if not records:
        return [], []
    headers = [_header(record) for record in records[:HEADER_SEARCH]]
    at = next((i for i, h in enumerate(headers) if set(REQUIRED_COLUMNS) <= set(h)), 0)
    header = headers[at]
    seen: dict[str, int] = {}
    for index, name in enumerate(header):
        if name is None:
            continue
        if name in seen:
            raise UnreadableFile(
                f"colonne {column_name(name)} présente deux fois "
                f"(colonnes {_letter(seen[name])} et {_letter(index)}) : gardez-en une"
            )
        seen[name] = index
    start = at + 1
    if start < len(records) and _is_label_row(records[start], header):
        start += 1  # the template: hidden code names, then the labels a service reads
    rows = []
    for number, record in enumerate(records[start:], start=start + 1):
        cells = {name: record[i] if i < len(record) else None for i, name in enumerate(header) if name}
        rows.append((number, cells))
    return list(seen), rows


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _header(record: list[object]) -> list[str | None]:
    return [HEADER_ALIASES.get(header_key(cell_text(cell) or "")) for cell in record]


def _is_label_row(record: list[object], header: list[str | None]) -> bool:
    """True for a second header row: most of its cells name their column (« Réalisé » under ``realise``)."""
    filled = [cell_text(cell) for cell in record if cell_text(cell) is not None]
    named = sum(
        1
        for i, name in enumerate(header)
        if name is not None
        and i < len(record)
        and HEADER_ALIASES.get(header_key(cell_text(record[i]) or "")) == name
    )
    return named >= 3 and 2 * named >= len(filled)


# --- CSV


def _decode(data: bytes) -> str:
    """The text of a CSV file: UTF-8 (BOM or not), UTF-16 with its BOM, else Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise UnreadableFile(
        "encodage non reconnu : enregistrez le fichier au format « CSV UTF-8 » "
        "ou « CSV (séparateur : point-virgule) » (ou en .xlsx)"
    )


def _delimiter(text: str) -> str:
    """The separator that splits the first lines in the most fields (``;`` on a tie)."""
    lines = [line for line in text.splitlines()[:HEADER_SEARCH] if line.strip()]

    def fields(delimiter: str) -> int:
        return max((len(r) for r in csv.reader(lines, delimiter=delimiter)), default=0)

    return max((";", ",", "\t"), key=fields)


def _csv_records(path: Path) -> list[list[object]]:
    text = _decode(path.read_bytes())
    records: list[list[object]] = []
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)):
            if len(records) == MAX_ROWS:
                raise UnreadableFile(f"trop de lignes : {TOO_MANY_ROWS}")
            records.append(list(record))
    except csv.Error as exc:
        raise UnreadableFile(f"CSV illisible ({exc})") from None
    return records


# --- XLSX


def _xlsx_records(path: Path) -> list[list[object]]:
    """The cells of the data sheet, sizes checked first; formulas give their saved value."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    broken = (InvalidFileException, zipfile.BadZipFile, zlib.error, EOFError, KeyError, OSError, SyntaxError)
    try:
        with zipfile.ZipFile(path) as archive:
            _check_xlsx_size(archive)
        workbook = load_workbook(path, read_only=True, data_only=False)
        try:
            sheet = _data_sheet(workbook)
            title = sheet.title
            records, formulas = _sheet_records(sheet)
        finally:
            workbook.close()
        if formulas:
            computed = load_workbook(path, read_only=True, data_only=True)
            try:
                saved = _saved_values(computed[title], formulas)
            finally:
                computed.close()
            for (row, column), formula in formulas.items():
                value, data_type = saved.get((row, column), (None, "n"))
                address = f"{_letter(column - 1)}{row}"
                if value is None:
                    value = FormulaCell(address, formula)
                elif data_type == "e":
                    value = FormulaCell(address, formula, error=str(value))
                records[row - 1][column - 1] = value
    except UnreadableFile:
        raise
    except (*broken, ValueError, TypeError) as exc:
        raise UnreadableFile(
            f"classeur illisible, pas un fichier .xlsx valide ({exc.__class__.__name__})"
        ) from None
    return records


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_DIMENSION_TAG = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?dimension\s+ref="([^"]*)"')


def _check_xlsx_size(archive: zipfile.ZipFile) -> None:
    """Refuse a workbook too large to parse, from the zip's directory and a streamed count of rows.

    openpyxl reads the whole XML of a sheet that declares no size just to open the workbook:
    the XML once decompressed is bounded, then each sheet's declared size (``<dimension>``)
    and its actual number of rows are checked without parsing it.
    """
    xml = sum(m.file_size for m in archive.infolist() if m.filename.lower().endswith((".xml", ".rels")))
    if xml > MAX_XML:
        raise UnreadableFile(
            f"classeur trop volumineux une fois décompressé ({_size(xml)} "
            f"de XML ; au plus {_size(MAX_XML)}) : il n'est pas lu"
        )
    for title, member in _sheet_members(archive):
        _check_sheet_size(archive, member, title)


def _sheet_members(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(title, zip member) of every worksheet, from ``xl/workbook.xml`` and its relations."""
    import posixpath
    from xml.etree import ElementTree

    names = set(archive.namelist())
    if not {"xl/workbook.xml", "xl/_rels/workbook.xml.rels"} <= names:
        return []  # not a workbook openpyxl reads either: it says so
    relations = {
        rel.get("Id"): rel.get("Target", "")
        for rel in ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    }
    out = []
    for sheet in ElementTree.fromstring(archive.read("xl/workbook.xml")).iter():
        if not sheet.tag.endswith("}sheet"):
            continue
        rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        target = relations.get(rid, "")
        member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
        if member in names:
            out.append((sheet.get("name", member), member))
    return out


def _check_sheet_size(archive: zipfile.ZipFile, member: str, title: str) -> None:
    from openpyxl.utils.cell import range_boundaries

    rows = 0
    tail = b""
    head = True
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            data = tail + chunk
            if head:  # the declared size comes before the rows
                head = False
                before = data.find(b"sheetData")
                dimension = _DIMENSION_TAG.search(data, 0, before if before >= 0 else len(data))
                if dimension:
                    try:
                        _, _, columns, declared = range_boundaries(dimension.group(1).decode("ascii"))
                    except (ValueError, TypeError, UnicodeDecodeError):
                        columns = declared = None
                    if declared and declared > MAX_ROWS:
                        raise UnreadableFile(
                            f"la feuille « {title} » annonce {_count(declared)} lignes "
                            f"({TOO_MANY_SHEET_ROWS}) : elle n'est pas lue"
                        )
                    if columns and columns > MAX_COLUMNS:
                        raise UnreadableFile(
                            f"la feuille « {title} » annonce {_count(columns)} colonnes "
                            f"(au plus {MAX_COLUMNS}) : elle n'est pas lue"
                        )
            end = 0
            for match in _ROW_TAG.finditer(data):
                rows += 1
                end = match.end()
            if rows > MAX_ROWS:
                raise UnreadableFile(
                    f"la feuille « {title} » compte plus de {_count(MAX_ROWS)} lignes : elle n'est pas lue"
                )
            tail = data[max(end, len(data) - 64) :]


def _data_sheet(workbook):
    """The first sheet that is not the guidance sheet (sizes checked by :func:`_check_xlsx_size`)."""
    readme = header_key(README_SHEET)
    sheets = workbook.worksheets
    sheet = next((s for s in sheets if header_key(s.title) != readme), sheets[0])
    # a declared size smaller than the data would hide rows: read what is there, within the limits
    sheet.reset_dimensions()
    return sheet


def _sheet_records(sheet) -> tuple[list[list[object]], dict[tuple[int, int], str]]:
    """Every row's values (a formula as None), and the formulas by (row, column)."""
    records: list[list[object]] = []
    formulas: dict[tuple[int, int], str] = {}
    for row in sheet.iter_rows(max_col=MAX_COLUMNS):
        if len(records) == MAX_ROWS:
            raise UnreadableFile(f"la feuille « {sheet.title} » a trop de lignes ({TOO_MANY_SHEET_ROWS})")
        values = []
        for column, cell in enumerate(row, start=1):
            if cell.data_type == "f":
                formula = cell.value if isinstance(cell.value, str) else getattr(cell.value, "text", None)
                formulas[(len(records) + 1, column)] = str(formula or "=")
                values.append(None)
            else:
                values.append(cell.value)
        records.append(values)
    return records, formulas


def _saved_values(sheet, formulas: dict[tuple[int, int], str]) -> dict[tuple[int, int], tuple[object, str]]:
    """The value and type saved with each formula cell (the sheet opened with ``data_only``)."""
    sheet.reset_dimensions()
    last = max(row for row, _ in formulas)
    out = {}
    for number, row in enumerate(sheet.iter_rows(max_row=last, max_col=MAX_COLUMNS), start=1):
        for column, cell in enumerate(row, start=1):
            if (number, column) in formulas:
                out[(number, column)] = (cell.value, cell.data_type)
    return out


def cell_text(value: object) -> str | None:
    """A cell as trimmed text (None when empty); integral numbers lose their ``.0``.

    A text protected against formulas by an export (``'=...``, see :mod:`pipelines.exports`)
    loses its apostrophe; a formula that cannot be read shows as its formula.
    """
    if value is None:
        return None
    if isinstance(value, FormulaCell):
        return value.formula
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        text = text[1:]
    return text or None


def parse_realised(value: object) -> Decimal:
    """A realised value: a number cell, or text with a decimal comma or point (``1 234,5``, ``12.5``).

    Raises ValueError (French message).
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):  # True is a text, not 1
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
        number = _text_number(text[1:].strip() if negative else text, text)
        if negative and number:
            number = -number
    if number < 0:
        raise ValueError(f"valeur négative « {value} »")
    if number >= MAX_VALUE:
        raise ValueError(f"valeur trop grande « {value} »")
    return number.quantize(Decimal("0.01"))


def _text_number(text: str, shown: str) -> Decimal:
    """A number written as text, decimal comma or point, spaces between thousands (no sign)."""
    core = text.removesuffix("€").rstrip()
    if "," in core and "." in core:
        raise ValueError(f"valeur ambiguë « {shown} » : virgule et point à la fois (écrivez 1234,5)")
    if "." in core:
        whole, _, decimals = core.partition(".")
        if "." in decimals or not decimals.isdigit():
            raise ValueError(f"valeur non numérique « {shown} »")
        if len(decimals) == 3:
            raise ValueError(
                f"valeur ambiguë « {shown} » : point des milliers ou trois décimales ? "
                "(écrivez les milliers sans point, les décimales après une virgule)"
            )
        core = f"{whole},{decimals}"
    whole, comma, decimals = core.partition(",")
    if comma and decimals.isdigit() and len(decimals) > 2 and re.fullmatch(r"[\d\s]+", whole):
        raise ValueError(f"plus de deux décimales « {shown} »")
    try:
        return parse_amount(core)
    except AmountError:
        raise ValueError(f"valeur non numérique « {shown} »") from None


def _year(value: object) -> int:
    text = cell_text(value)
    if text is None or not text.isdigit():
        raise ValueError(f"année illisible « {text or ''} »")
    year = int(text)
    if year not in YEARS:
        raise ValueError(f"année {year} hors du contrat ({YEARS[0]}-{YEARS[-1]})")
    return year


Table = tuple[list[str], list[tuple[int, dict[str, object]]]]


def load_realised(
    folder: Path, catalogue: dict[tuple[str, str, str], Indicator]
) -> tuple[list[dict], list[Problem], list[str]]:
    """Read every input file of ``folder``: the filled rows, every problem found, and notices.

    The rows are meaningful only when there is no problem: the caller must then load
    nothing. Rows whose ``realise`` cell is empty are not filled and are skipped. A notice
    (French) says which file was read when the .xlsx and the .csv of one name are both filled.
    """
    rows: list[dict] = []
    problems: list[Problem] = []
    seen: dict[tuple, tuple[str, int]] = {}
    tables: dict[Path, Table | UnreadableFile] = {}
    for path in input_files(folder):
        try:
            tables[path] = read_table(path)
        except UnreadableFile as exc:
            tables[path] = exc
    skipped, notices = _superseded(tables)
    for path, table in tables.items():
        name = path.name
        if isinstance(table, UnreadableFile):
            problems.append(Problem(name, None, str(table)))
            continue
        if path in skipped:
            continue
        columns, records = table
        missing = [c for c in REQUIRED_COLUMNS if c not in columns]
        if missing and (columns or records):  # an empty file holds nothing to refuse
            problems.append(
                Problem(
                    name,
                    None,
                    f"colonne(s) obligatoire(s) absente(s) : {', '.join(column_name(c) for c in missing)}",
                )
            )
            continue
        for number, cells in records:
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
                        f"doublon : déjà saisi {first_file} ligne {first_row} ({row['annee']}, "
                        f"action {row['action_code']}, {row['referentiel']}, « {row['indicateur']} »)",
                    )
                )
                continue
            seen[key] = (name, number)
            rows.append({"fichier": name, "ligne": number, **row})
    return rows, problems, notices


def filled_count(table: Table) -> int:
    """How many rows of a read file have a ``realise`` value."""
    _, rows = table
    return sum(cell_text(cells.get("realise")) is not None for _, cells in rows)


def _modified(path: Path) -> str:
    return datetime.fromtimestamp(path.stat().st_mtime).strftime("%d/%m/%Y à %H:%M:%S")


def _superseded(tables: dict[Path, Table | UnreadableFile]) -> tuple[set[Path], list[str]]:
    """The files not read because the other format of the same name is filled and more recent.

    A service may fill ``realise_2024.xlsx``, then ``realise_2024.csv`` (or the reverse):
    the one modified last is read (the .xlsx when both have the same time), the other is
    set aside and a notice names both.
    """
    by_name: dict[tuple[Path, str], list[Path]] = {}
    for path, table in tables.items():
        if not isinstance(table, UnreadableFile) and filled_count(table):
            by_name.setdefault((path.parent, path.stem.lower()), []).append(path)
    skipped: set[Path] = set()
    notices = []
    for paths in by_name.values():
        if len(paths) < 2:
            continue
        read = max(paths, key=lambda p: (p.stat().st_mtime, p.suffix.lower() == ".xlsx"))
        for other in sorted(p for p in paths if p != read):
            skipped.add(other)
            if other.stat().st_mtime == read.stat().st_mtime:
                why = f"modifiés au même moment ({_modified(read)}) : seul {read.name} est lu"
            else:
                why = f"seul {read.name}, modifié en dernier (le {_modified(read)}), est lu"
            notices.append(
                f"{other.name} et {read.name} sont remplis tous les deux : {why} ; "
                f"{other.name} (modifié le {_modified(other)}) est ignoré. "
                "Videz ou supprimez celui des deux qui n'est pas à jour."
            )
    return skipped, notices


def _validate_row(
    cells: dict[str, object], catalogue: dict[tuple[str, str, str], Indicator]
) -> tuple[dict | None, list[str]]:
    """A filled row as a record of ``raw.realises_saisis`` (None when not filled or refused)."""
    unreadable = [value.message() for value in cells.values() if isinstance(value, FormulaCell)]
    if unreadable:
        return None, unreadable
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
    indicator = catalogue.get(identity(action_code, referentiel, label)) or _saved_as_cp1252(
        identity(action_code, referentiel, label), catalogue
    )
    if indicator is None:
        problems.append(
            f"indicateur inconnu « {normalize_text(label)} » "
            f"(action {action_code or '?'}, {referentiel or '?'})"
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


def _as_cp1252(text: str) -> str:
    return text.encode("cp1252", errors="replace").decode("cp1252")


def _saved_as_cp1252(
    key: tuple[str, str, str], catalogue: dict[tuple[str, str, str], Indicator]
) -> Indicator | None:
    """The indicator whose text lost its characters outside Windows-1252 to ``?`` (a CSV saved by
    French Excel: « ≥ 25 ans » becomes « ? 25 ans »), when exactly one matches."""
    if "?" not in key[2]:
        return None
    found = [
        indicator
        for known, indicator in catalogue.items()
        if known[:2] == key[:2]
        and known[2] != key[2]
        and normalize_text(_as_cp1252(indicator.indicateur)) == key[2]
    ]
    return found[0] if len(found) == 1 else None


def failure_message(problems: list[Problem], notices: list[str] | None = None) -> str:
    """The message of a refused load, one problem per line (French), then the notices."""
    lines = [f"Fichier de réalisés refusé : {p}" for p in problems]
    lines += [f"Attention : {n}" for n in notices or []]
    lines.append(
        f"{len(problems)} problème(s) : aucun réalisé n'a été chargé. "
        "Corrigez le ou les fichiers puis relancez la construction."
    )
    return "\n".join(lines)
