"""``dpid sql`` and ``dpid tables``: SQL on the warehouse that cannot write, anywhere.

The connection is the guarantee, not a filter on the query text: the warehouse is opened
read-only, with DuckDB's ``enable_external_access = false`` (no ``COPY ... TO``, ``ATTACH``,
``EXPORT DATABASE``, ``INSTALL``/``LOAD``, ``read_csv``/``read_text``...), no temporary directory
(nothing spilled next to the warehouse) and ``lock_configuration = true`` (a query cannot ``SET``
them back). DuckDB's refusals are then
explained in French, with DuckDB's own message on the next line.

Results are printed as a plain aligned table with French numbers (``500 000,00``), or written
with ``--sortie`` to CSV (``;``, decimal comma, for a French spreadsheet), XLSX or Parquet;
the CSV and XLSX cells go through :mod:`pipelines.exports`, so no text becomes a formula.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from pipelines import settings

# no file access, no spilling to disk (temp_directory ''), and no query can SET these back
SANDBOX = {"enable_external_access": False, "temp_directory": "", "lock_configuration": True}
SEARCH_PATH = "marts,main"  # `show tables` and `select * from subventions` read the marts
OUTPUT_FORMATS = (".csv", ".xlsx", ".parquet")
NARROW_NBSP = "\u202f"  # French thousands separator
MAX_TEXT = 80  # characters of a text cell shown on screen


class SqlError(Exception):
    """A French message for the user; the command exits with code 2."""


def open_read_only(path: Path):
    """A read-only, sandboxed connection to the warehouse, with a clear message when it cannot be opened."""
    import duckdb

    if not path.exists():
        raise SystemExit(f"Entrepôt introuvable : {path}. Lancez d'abord `make run` (ou `dpid build`).")
    try:
        con = duckdb.connect(str(path), read_only=True, config=SANDBOX)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise SystemExit(
                f"L'entrepôt {path} est verrouillé en écriture par un autre processus "
                f"(une construction en cours ?). Réessayez quand elle sera terminée.\n{exc}"
            ) from None
        if "not a valid duckdb database" in str(exc).lower():
            raise SystemExit(
                f"L'entrepôt {path} est endommagé (ce n'est pas un fichier DuckDB valide) : "
                "reconstruisez-le avec `make run` (ou `dpid build`)."
            ) from None
        raise
    con.execute(f"set search_path = '{SEARCH_PATH}'")
    return con


# --- running a query ------------------------------------------------------------------------

REFUSED_STATEMENTS = {
    "COPY": "COPY est refusé : dpid sql ne lit ni n'écrit aucun fichier. "
    "Pour enregistrer un résultat : --sortie fichier.csv, .xlsx ou .parquet.",
    "COPY_DATABASE": "COPY FROM DATABASE est refusé : dpid sql n'ouvre que l'entrepôt, en lecture seule.",
    "ATTACH": "ATTACH est refusé : dpid sql n'ouvre que l'entrepôt, en lecture seule, et aucune autre base.",
    "DETACH": "DETACH est refusé : dpid sql n'ouvre que l'entrepôt, en lecture seule.",
    "EXPORT": "EXPORT DATABASE est refusé : dpid sql n'écrit aucun fichier. "
    "Pour enregistrer un résultat : --sortie fichier.csv, .xlsx ou .parquet.",
    "LOAD": "INSTALL et LOAD sont refusés : dpid sql n'installe ni ne charge aucune extension.",
}
REFUSED_MESSAGES = (  # (text in DuckDB's message, French explanation), first match wins
    (
        "configuration has been locked",
        (
            "Réglage refusé : la configuration de DuckDB est verrouillée par dpid sql "
            "(lecture seule, sans accès aux fichiers)."
        ),
    ),
    ("read-only", "dpid sql est en lecture seule : l'entrepôt ne se modifie que par `dpid build`."),
    (
        "file system operations are disabled",
        (
            "Accès aux fichiers refusé : dpid sql ne lit que les tables de l'entrepôt "
            "(read_csv, read_text, read_parquet, glob... sont désactivées)."
        ),
    ),
    ("disabled through configuration", "Refusé : dpid sql ne charge aucune extension ni aucun fichier."),
)
ERROR_KINDS = {
    "OutOfMemoryException": "Mémoire insuffisante : dpid sql n'écrit rien sur le disque, pas même des "
    "fichiers temporaires. Restreignez la requête (filtre, agrégat, limit).",
    "ParserException": "Erreur de syntaxe SQL.",
    "CatalogException": "Table, colonne ou fonction inconnue (`dpid "
    "tables` liste les tables et leurs colonnes).",
    "BinderException": "Colonne ou expression invalide (`dpid tables <table>` liste les colonnes).",
    "ConversionException": "Conversion de type impossible.",
    "OutOfRangeException": "Valeur hors limites.",
}


def french_error(exc: Exception, statement_types: list[str]) -> str:
    """DuckDB's error explained in French, its own message kept on the second line."""
    original = str(exc).strip()
    refused = next((REFUSED_STATEMENTS[t] for t in statement_types if t in REFUSED_STATEMENTS), None)
    if refused is None:
        refused = next((french for text, french in REFUSED_MESSAGES if text in original), None)
    if refused is None:
        refused = ERROR_KINDS.get(type(exc).__name__, "La requête a échoué.")
    return f"{refused}\n{original}"


def run_query(con, query: str):
    """The result of ``query`` as a polars frame (None for a statement without result);
    SqlError if refused."""
    import duckdb
    import polars as pl

    types: list[str] = []
    try:
        types = [statement.type.name for statement in con.extract_statements(query)]
        relation = con.sql(query)
        return None if relation is None else relation.pl()
    except duckdb.Error as exc:
        raise SqlError(french_error(exc, types)) from None
    except pl.exceptions.PolarsError as exc:
        raise SqlError(
            f"Type de colonne non pris en charge : convertissez-la en texte (colonne::varchar).\n{exc}"
        ) from None


def read_query_argument(argument: str) -> str:
    """The SQL text: the argument itself, or the content of the ``.sql`` file it names (never run as SQL)."""
    if argument.strip().lower().endswith(".sql"):
        path = Path(argument.strip())
        if not path.is_file():
            raise SqlError(f"fichier introuvable : {path}")
        try:
            return path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise SqlError(f"fichier illisible : {path} (encodage UTF-8 attendu)") from None
    return argument


# --- writing a result -----------------------------------------------------------------------


def check_output(out: Path, warehouse: Path, overwrite: bool) -> Path:
    """The file ``--sortie`` may write: never the warehouse, an existing file only with ``--ecraser``."""
    target, base = out.resolve(), warehouse.resolve()
    protected = (base, base.with_name(base.name + ".wal"))
    if target in protected or (
        out.exists() and any(p.exists() and os.path.samefile(out, p) for p in protected)
    ):
        raise SqlError(
            f"Refusé : {out} est l'entrepôt lui-même ; dpid sql "
            "n'y écrit jamais. Choisissez un autre fichier."
        )
    if out.suffix.lower() not in OUTPUT_FORMATS:
        raise SqlError(
            f"Format de sortie non pris en charge : « {out.suffix} ». Choisissez .csv, .xlsx ou .parquet."
        )
    if out.is_dir():
        raise SqlError(f"Refusé : {out} est un dossier.")
    if out.exists() and not overwrite:
        raise SqlError(f"Le fichier {out} existe déjà : ajoutez --ecraser pour le remplacer.")
    return out


def write_output(frame, out: Path) -> None:
    """Write ``frame`` to ``out`` by its suffix: CSV for a French spreadsheet, XLSX, or Parquet."""
    import polars as pl

    from pipelines.exports import neutralize_frame

    suffix = out.suffix.lower()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if suffix == ".parquet":
            frame.write_parquet(out)
        elif suffix == ".xlsx":
            write_xlsx(frame, out)
        else:  # ";" separator, decimal comma, UTF-8 with BOM: what a French Excel opens as is
            neutralize_frame(frame).write_csv(out, separator=";", include_bom=True, decimal_comma=True)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise SqlError(f"Écriture impossible de {out}.\n{exc}") from None


def _cell_value(value: Any) -> Any:
    """A value openpyxl stores: lists joined by `` | ``, time zones dropped, unknown types as text."""
    if isinstance(value, list):
        return " | ".join("" if v is None else str(v) for v in value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    if value is None or isinstance(value, (str, int, float, Decimal, dt.date, dt.time, bool)):
        return value
    return str(value)


def write_xlsx(frame, out: Path) -> None:
    """A real XLSX: bold, frozen header row with filters, numbers as numbers, texts never formulas."""
    import polars as pl
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from pipelines.exports import set_xlsx_value

    book = Workbook()
    sheet = book.active
    sheet.title = "Résultat"
    for j, name in enumerate(frame.columns, start=1):
        set_xlsx_value(sheet.cell(row=1, column=j), name)
        sheet.cell(row=1, column=j).font = Font(bold=True)
    for i, row in enumerate(frame.iter_rows(), start=2):
        for j, value in enumerate(row, start=1):
            set_xlsx_value(sheet.cell(row=i, column=j), _cell_value(value))
    for j, (name, dtype) in enumerate(frame.schema.items(), start=1):
        letter = get_column_letter(j)
        if isinstance(dtype, pl.Decimal) and dtype.scale:
            for cell in sheet[letter][1:]:
                cell.number_format = "#,##0." + "0" * dtype.scale
        widest = max([len(name), *(len(str(c.value)) for c in sheet[letter][1:200] if c.value is not None)])
        sheet.column_dimensions[letter].width = min(widest + 2, 60)
    sheet.freeze_panes = "A2"
    if frame.width:
        sheet.auto_filter.ref = f"A1:{get_column_letter(frame.width)}{frame.height + 1}"
    book.save(out)


# --- printing a result ----------------------------------------------------------------------


def fr_number(value: float | Decimal, decimals: int = 0) -> str:
    """``500000.0`` -> ``500 000,00`` (narrow no-break space, decimal comma);
    integers under 10 000 ungrouped."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}".replace(",", NARROW_NBSP) if abs(value) >= 10_000 else str(value)
    text = f"{value:,.{decimals}f}"
    return text.replace(",", NARROW_NBSP).replace(".", ",")


def _float_decimals(values: list) -> int:
    """Decimals shown for a float column: the most any value needs, between 2 and 6."""
    needed = [
        len(repr(v).split(".")[1])
        for v in values
        if isinstance(v, float) and "." in repr(v) and "e" not in repr(v)
    ]
    return min(max([2, *needed]), 6)


def _text(value: Any, max_text: int = MAX_TEXT) -> str:
    """One cell as shown on screen: on one line, cut at ``max_text`` characters."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "vrai" if value else "faux"
    if isinstance(value, list):
        return _text(" | ".join("NULL" if v is None else str(v) for v in value), max_text)
    text = " ".join(str(value).split()) if isinstance(value, str) else str(value)
    return text if len(text) <= max_text else text[: max_text - 1] + "…"


def format_table(frame, max_rows: int, max_text: int = MAX_TEXT) -> str:
    """``frame`` as a plain aligned table with its column names and French numbers,
    ``max_rows`` rows at most."""
    import polars as pl

    shown = frame.head(max(max_rows, 0))
    columns = []
    for name, dtype in shown.schema.items():
        values = shown[name].to_list()
        numeric = dtype.is_numeric()
        if isinstance(dtype, pl.Decimal):
            cells = ["NULL" if v is None else fr_number(v, dtype.scale or 0) for v in values]
        elif dtype.is_float():
            decimals = _float_decimals(values)
            cells = ["NULL" if v is None else fr_number(v, decimals) for v in values]
        elif dtype.is_integer():
            cells = ["NULL" if v is None else fr_number(v) for v in values]
        else:
            cells = [_text(v, max_text) for v in values]
        width = max([len(name), *map(len, cells)])
        align = str.rjust if numeric else str.ljust
        columns.append([align(name, width), "─" * width, *(align(c, width) for c in cells)])
    lines = [" │ ".join(parts).rstrip() for parts in zip(*columns, strict=True)] if columns else []
    if frame.height == 0:
        lines.append("(aucune ligne)")
    elif frame.height > shown.height:
        more = frame.height - shown.height
        lines.append(f"… {fr_number(more)} ligne{'s' if more > 1 else ''} de plus")
    return "\n".join(lines) + "\n"


# --- dpid tables ----------------------------------------------------------------------------


def dbt_descriptions(manifest: Path | None = None) -> dict[tuple[str, str], dict]:
    """(schema, table) -> {"description": ..., "columns": {column: description}} from dbt's manifest
    (empty if absent)."""
    manifest = manifest or settings.DBT_DIR / "target" / "manifest.json"
    if not manifest.is_file():
        return {}
    nodes = json.loads(manifest.read_text(encoding="utf-8")).get("nodes", {})
    return {
        (node["schema"], node.get("alias") or node["name"]): {
            "description": " ".join(node.get("description", "").split()),
            "columns": {
                c: " ".join(col.get("description", "").split()) for c, col in node.get("columns", {}).items()
            },
        }
        for node in nodes.values()
        if node.get("resource_type") in ("model", "seed", "snapshot")
    }


def list_tables(con, schema: str = "marts", manifest: Path | None = None):
    """The tables (and views) of ``schema``: name, rows, description from the dbt docs."""
    import polars as pl

    docs = dbt_descriptions(manifest)
    names = [
        r[0]
        for r in con.execute(
            "select table_name from information_schema.tables where table_schema = ? order by table_name",
            [schema],
        ).fetchall()
    ]
    rows = [con.execute(f'select count(*) from "{schema}"."{name}"').fetchone()[0] for name in names]
    descriptions = [docs.get((schema, name), {}).get("description", "") for name in names]
    return pl.DataFrame(
        {"table": names, "lignes": rows, "description": descriptions},
        schema={"table": pl.String, "lignes": pl.Int64, "description": pl.String},
    )


def describe_table(con, table: str, manifest: Path | None = None):
    """The columns of ``table`` (``marts`` unless qualified): name, type, description from the dbt docs."""
    import difflib

    import polars as pl

    schema, _, name = table.rpartition(".")
    schema = schema or "marts"
    found = con.execute(
        "select column_name, data_type from information_schema.columns"
        " where table_schema = ? and table_name = ? order by ordinal_position",
        [schema, name],
    ).fetchall()
    if not found:
        known = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = ?", [schema]
            ).fetchall()
        ]
        close = difflib.get_close_matches(name, known, n=3)
        hint = f" Vouliez-vous dire : {', '.join(close)} ?" if close else " `dpid tables` liste les tables."
        raise SqlError(f"Table inconnue : {schema}.{name}.{hint}")
    columns = dbt_descriptions(manifest).get((schema, name), {}).get("columns", {})
    return pl.DataFrame(
        {
            "colonne": [c for c, _ in found],
            "type": [t for _, t in found],
            "description": [columns.get(c, "") for c, _ in found],
        }
    )
