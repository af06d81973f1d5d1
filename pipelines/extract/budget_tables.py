"""Budget imputation tables: one row per operation code, whatever the layout.

Layouts read:

* one cell per line, the libellé wrapped, amounts together on the last line::

      Code
      Opération
      Imputation
      budgétaire
      Libellé Opération AE € Dépense €
      C02-446A05 6568/93446
      Indemnisation des
      organismes référents
      6 801 643,00 35 116,00

* one row per line, cells separated by tabs (or spaces)::

      Code Opération<TAB>Imputation budgétaire<TAB>Libellé Opération<TAB>AE €<TAB>Dépense €
      C02-446A05<TAB>6568/93446<TAB>Indemnisation des organismes référents<TAB>10 530 772,66<TAB>7 531 476,73

* with a leading "Section" column and the report's columns::

      Section Code Opération Imputation budgétaire Libellé de l'opération Inscrit Proposition d'inscription
      Fonctionnement C02-428N01 74713/93428
      Fonds d'appui à la
      lutte contre la pauvreté
      500000 500000

The header names the amount columns, in order (AE, Inscrit, Disponible, Proposition,
Solde, Dépense, Recette). A row starts at an operation code and ends when its trailing
numbers read as exactly that many cells; a row whose numbers cannot be read, or read in
more than one way, is not emitted but returned as unread with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .numbers import AmbiguousAmounts, is_numeric_token, number_tokens, split_amount_cells
from .records import UnreadLine
from .sections import Sections

__all__ = [  # UnreadLine lives in .records; importable from here as it always was
    "AMOUNT_FIELDS",
    "BudgetRow",
    "TableHeader",
    "UnreadLine",
    "parse_budget_tables",
    "read_header",
    "sens_of_imputation",
]

CODE_OPERATION_RE = re.compile(r"\b([A-Z]\d{2}-\d{3}[A-Z0-9]\d{2})\b")
_ROW_START_RE = re.compile(
    r"^\s*(?:(Fonctionnement|Investissement)\s+)?([A-Z]\d{2}-\d{3}[A-Z0-9]\d{2})\s+(\d{3,6}/+\d{2,6})\b(.*)$"
)
_HEADER_START_RE = re.compile(
    r"^\s*(?:Section\s+)?Code(?:\s+Op[ée]ration)?\s*(?:\t.*)?$|^\s*(?:Section\s+)?Code\s+Op[ée]ration\b"
)
_HEADER_WINDOW = 12  # header lines read before the first row
_MAX_ROW_LINES = 16  # lines one row may span (wrapped libellé, blank lines)

# Column names as printed in headers -> field names; order of appearance gives column order.
_COLUMNS = [
    ("ae_eur", re.compile(r"\bAE\b")),
    ("inscrit_eur", re.compile(r"\bInscrit\b", re.IGNORECASE)),
    ("disponible_eur", re.compile(r"\bDisponible\b", re.IGNORECASE)),
    ("montant_eur", re.compile(r"\bProposition\b", re.IGNORECASE)),
    ("solde_eur", re.compile(r"\bSolde\b", re.IGNORECASE)),
    ("montant_eur", re.compile(r"\bD[ée]pense\b", re.IGNORECASE)),
    ("montant_eur", re.compile(r"\bRecette\b", re.IGNORECASE)),
]
AMOUNT_FIELDS = ("ae_eur", "inscrit_eur", "disponible_eur", "montant_eur", "solde_eur")


@dataclass(frozen=True)
class BudgetRow:
    tableau: str  # 'deliberation' | 'rapport'
    sens: str  # 'depense' | 'recette'
    section: str | None
    code_operation: str
    imputation: str
    libelle: str
    ae_eur: Decimal | None
    inscrit_eur: Decimal | None
    disponible_eur: Decimal | None
    montant_eur: Decimal | None
    solde_eur: Decimal | None
    ligne: int


@dataclass(frozen=True)
class TableHeader:
    start: int  # 0-based index of the first header line
    first_row: int  # 0-based index of the first row
    columns: tuple[str, ...]
    sens: str | None  # from a "Dépense €" / "Recette €" column, if any


def read_header(lines: list[str], start: int) -> TableHeader | None:
    """Read the header that begins at ``start``: the amount columns in printed order.

    Returns None when no operation row follows within a few lines, or when the header
    names no amount column (then it is not an imputation table).
    """
    text_parts: list[str] = []
    for i in range(start, min(start + _HEADER_WINDOW, len(lines))):
        if _ROW_START_RE.match(lines[i]):
            header_text = " ".join(text_parts)
            if not re.search(r"Imputation", header_text, re.IGNORECASE):
                return None
            found = sorted(
                (m.start(), field) for field, regex in _COLUMNS for m in regex.finditer(header_text)
            )
            columns = tuple(field for _, field in found)
            if not columns or len(set(columns)) != len(columns):
                return None
            sens = None
            if re.search(r"\bRecette\b", header_text, re.IGNORECASE):
                sens = "recette"
            elif re.search(r"\bD[ée]pense\b", header_text, re.IGNORECASE):
                sens = "depense"
            return TableHeader(start, i, columns, sens)
        text_parts.append(lines[i])
    return None


def sens_of_imputation(imputation: str) -> str | None:
    """Nature of the account (M57): class 6 = charges (dépense), class 7 = produits (recette)."""
    first = imputation.strip()[:1]
    return {"6": "depense", "7": "recette"}.get(first)


def _row_cells(tokens: list[str], n_cells: int):
    """Read the trailing numeric tokens of a row as ``n_cells`` cells.

    The numbers run is the longest tail of numeric tokens. When it has no reading at all,
    shorter tails are tried (a libellé may end with a number); fewest illegible cells,
    then longest tail, win. An ambiguous tail stops the search: the row is not read.
    Returns (cells, index of the first amount token) or None.
    """
    run_start = len(tokens)
    while run_start > 0 and is_numeric_token(tokens[run_start - 1]):
        run_start -= 1
    best = None
    for s in range(run_start, len(tokens)):
        try:
            cells = split_amount_cells(tokens[s:], n_cells)
        except AmbiguousAmounts:
            return None
        if cells is None:
            continue
        illegible = sum(c.value is None for c in cells)
        if best is None or illegible < best[0]:
            best = (illegible, s, cells)
        if illegible == 0:
            break
    return (best[2], best[1]) if best else None


def parse_budget_tables(lines: list[str], sections: Sections) -> tuple[list[BudgetRow], list[UnreadLine]]:
    """Every row of every imputation table of the decision and of the report."""
    rows: list[BudgetRow] = []
    unread: list[UnreadLine] = []
    i = 0
    while i < len(lines):
        header = read_header(lines, i) if _HEADER_START_RE.match(lines[i]) else None
        if header is None:
            i += 1
            continue
        tableau = sections.part_of(header.start)
        table_rows, table_unread, i = _read_rows(lines, header, tableau)
        if tableau == "annexe":
            unread.extend(
                UnreadLine(
                    r.ligne, lines[r.ligne - 1].strip(), "tableau d'imputation hors délibération et rapport"
                )
                for r in table_rows
            )
        else:
            rows.extend(table_rows)
        unread.extend(table_unread)
    return rows, unread


def _only_numbers(line: str) -> bool:
    tokens = number_tokens(line)
    return bool(tokens) and all(is_numeric_token(t) for t in tokens)


def _read_rows(lines: list[str], header: TableHeader, tableau: str):
    """Read rows from ``header.first_row`` until a line that is neither a row nor part of one."""
    n_cells = len(header.columns)
    rows: list[BudgetRow] = []
    unread: list[UnreadLine] = []
    i = header.first_row
    while i < len(lines):
        m = _ROW_START_RE.match(lines[i])
        if not m:
            if lines[i].strip():
                break  # a line that starts no row, after a complete row, ends the table
            i += 1
            continue
        section, code, imputation, rest = m.groups()
        start, j = i, i + 1
        tokens = [(t, i) for t in number_tokens(rest)]
        read = _row_cells([t for t, _ in tokens], n_cells)
        # Read on while the row is incomplete, or complete only with illegible cells and
        # the next printed line is more numbers (amounts wrapped over two lines).
        while j < len(lines) and j - start <= _MAX_ROW_LINES and not _ROW_START_RE.match(lines[j]):
            if read is not None:
                clean = all(c.value is not None for c in read[0])
                nxt = next((x for x in lines[j:] if x.strip()), "")
                if clean or not _only_numbers(nxt):
                    break
            tokens += [(t, j) for t in number_tokens(lines[j])]
            read = _row_cells([t for t, _ in tokens], n_cells)
            j += 1
        i = j
        if read is None:
            unread.append(
                UnreadLine(
                    start + 1,
                    " ".join(" ".join(lines[start:j]).split()),
                    f"ligne budgétaire {code} : montants illisibles ou ambigus pour les "
                    f"{n_cells} colonne(s) {', '.join(header.columns)}",
                )
            )
            continue
        cells, first_amount = read
        values = dict.fromkeys(AMOUNT_FIELDS)
        position = first_amount
        for field, cell in zip(header.columns, cells, strict=False):
            values[field] = cell.value
            if cell.value is None:
                unread.append(
                    UnreadLine(
                        tokens[position][1] + 1,
                        cell.text,
                        f"cellule {field} de {code} illisible « {cell.text} » : "
                        "ni montant entier ni décimales après une virgule",
                    )
                )
            position += len(cell.text.split())
        rows.append(
            BudgetRow(
                tableau=tableau,
                sens=header.sens or sens_of_imputation(imputation) or "depense",
                section=section,
                code_operation=code,
                imputation=imputation,
                libelle=" ".join(t for t, _ in tokens[:first_amount]),
                ligne=start + 1,
                **values,
            )
        )
    return rows, unread, i
