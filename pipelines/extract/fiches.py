"""Fiches action of a contract (CLS, France Travail convention) and their budget tables.

Layout of a fiche (the first line carries the code used by the contract's tables; the
title line may print another code, kept apart as ``code_dans_titre``)::

     Action 3.4
    Axe 1 la lutte contre les grandes exclusion grâce à l'accès aux droits
    Action 2.4 Plan de formation et labellisation des référents
    Fiche-action

Budget of a fiche: a header naming the funders, then one row per year and a Total row;
each amount ends with "€", an empty cell is only a wider gap::

    Budget de l’action
     Etat Conseil
    départemental
    Métropole/autre Total
    2024 200 000€ 200 000€  400 000€          <- Métropole/autre empty (the wide gap)
    Total 800 000€ 800 000€  1 600 000€
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from .numbers import AMOUNT_EURO_RE, find_amounts, find_money_cells  # noqa: F401 (AMOUNT_EURO_RE re-exported)
from .records import UnreadLine

_FICHE_START_RE = re.compile(r"^\s*Action\s+(\d+)\.(\d+)\s*$")
AXE_RE = re.compile(r"^\s*Axe\s+(\d+)\.?\s+(.+?)\s*$")  # "Axe 2. Amplifier ..." too
_TITLE_RE = re.compile(r"^\s*Action\s+(\d+\.\d+)\s*:?\s*(.*?)\s*$")
_TITLE_END_RE = re.compile(r"^\s*(Fiche[- ]action|Présentation de l)", re.IGNORECASE)
_FICHE_END_RE = re.compile(r"^\s*(Annexe\s+\d+\b|TABLEAU\s|Fiche action N°|RAPPORT\s+N\s*°)")
_BUDGET_RE = re.compile(r"^\s*Budget de l['’]action\s*$", re.IGNORECASE)
_ROW_RE = re.compile(r"^\s*(20\d{2}|Total)(?![A-Za-z])(.*)$")
_BUDGET_END_RE = re.compile(r"^\s*(Indicateurs|Suivi|Calendrier)", re.IGNORECASE)
_LOOKAHEAD = 6  # lines between the fiche's code line and its Axe line


def _letters(word: str) -> str:
    """A regex matching ``word`` even when the PDF extraction cut it ("départem ental")."""
    return r"\s*".join(re.escape(c) for c in word)


# Funders as printed in budget headers -> label in the warehouse (their share of the
# co-financing matrix is set in dbt, int_budgets_actions_parts).
FUNDERS: list[tuple[re.Pattern, str]] = [
    (re.compile(r"(?:ETAT|[EÉ]tat)\s*/\s*ERBM|\bERBM\b"), "Etat (ERBM)"),
    (re.compile(r"[EÉ]tat\s*\(\s*FIPE\s*\)"), "Etat (FIPE)"),
    (re.compile(r"\b(?:[EÉ]tat|ETAT)\b(?!\s*/\s*ERBM)(?!\s*\(\s*FIPE)"), "Etat"),
    (
        re.compile(
            rf"{_letters('Conseil')}\s+{_letters('départemental')}|{_letters('Conseil')}\s+{_letters('departemental')}",
            re.IGNORECASE,
        ),
        "Departement",
    ),
    (re.compile(r"\bCAF\b"), "CAF"),
    (re.compile(r"FSE\s*\+"), "FSE+"),
    (re.compile(r"M[ée]tropole\s*/?\s*autres?", re.IGNORECASE), "Metropole / autres"),
    (re.compile(r"\bAutres\b\*?"), "Autres"),
]
_OPTIONAL = {"Metropole / autres", "Autres"}


@dataclass(frozen=True)
class Fiche:
    action_code: str
    code_dans_titre: str | None
    axe_code: str
    axe_imprime: str
    action: str
    ligne_debut: int  # 1-based
    ligne_fin: int


@dataclass(frozen=True)
class BudgetCell:
    action_code: str
    annee: int | None  # None for the Total row
    financeur: str  # a FUNDERS label, or "Total"
    montant_eur: Decimal
    ligne: int


def code_key(code: str | None) -> tuple:
    """Sort key of an axe or action code: ``"1.10"`` after ``"1.9"``, compared number by number."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in (code or "").split("."))


def find_fiches(lines: list[str]) -> list[Fiche]:
    """Every fiche: a line "Action X.Y" alone, an "Axe N ..." line soon after, a title."""
    starts = []
    for i, line in enumerate(lines):
        m = _FICHE_START_RE.match(line)
        if not m:
            continue
        following = [j for j in range(i + 1, min(i + _LOOKAHEAD, len(lines))) if lines[j].strip()]
        if following and AXE_RE.match(lines[following[0]]):
            starts.append((i, f"{m.group(1)}.{m.group(2)}", following[0]))
    fiches = []
    for k, (i, code, axe_index) in enumerate(starts):
        limit = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        end = next((j for j in range(axe_index, limit) if _FICHE_END_RE.match(lines[j])), limit)
        title_parts, code_in_title = [], None
        for j in range(axe_index + 1, min(axe_index + 10, end)):
            if _TITLE_END_RE.match(lines[j]):
                break
            m = _TITLE_RE.match(lines[j]) if not title_parts else None
            if m:
                code_in_title = m.group(1)
                title_parts.append(m.group(2))
            elif lines[j].strip():
                title_parts.append(lines[j].strip())
        axe = AXE_RE.match(lines[axe_index])
        fiches.append(
            Fiche(
                action_code=code,
                code_dans_titre=code_in_title,
                axe_code=code.split(".")[0],
                axe_imprime=" ".join(f"Axe {axe.group(1)} {axe.group(2)}".split()),
                action=" ".join(" ".join(title_parts).split()),
                ligne_debut=i + 1,
                ligne_fin=end,
            )
        )
    return fiches


def read_funders(header_text: str) -> list[str]:
    """Funder labels in the order the header prints them (Total excluded)."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for regex, label in FUNDERS:
        for m in regex.finditer(header_text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue  # already read as a more specific funder ("ETAT/ERBM" is not "Etat")
            taken.append((m.start(), m.end()))
            found.append((m.start(), label))
    return [label for _, label in sorted(found)]


def place_cells(
    line: str, label_end: int, matches: list[re.Match], columns: list[str], optional: set[str] = _OPTIONAL
) -> list[str] | None:
    """Column of each amount of a row, or None when the empty cells cannot be located.

    As many amounts as columns: in order. Fewer: the empty cells sit at the gaps wider
    than the narrowest one (before an amount, the row label included): one cell per wide
    gap when their numbers match, all of them when a single gap is wide. Failing that,
    the optional columns ("Métropole/autre", "Autres") when that accounts for all of them.
    """
    missing = len(columns) - len(matches)
    if missing == 0:
        return list(columns)
    if missing < 0:
        return None
    ends = [label_end] + [m.end() for m in matches[:-1]]
    gaps = [len(line[e : m.start()]) for e, m in zip(ends, matches, strict=True)]
    wide = [k for k, g in enumerate(gaps) if g > min(gaps)]
    skips: dict[int, int] = {}
    if len(wide) == missing:
        skips = {k: 1 for k in wide}
    elif len(wide) == 1:
        skips = {wide[0]: missing}
    if skips:
        placed, col = [], 0
        for k in range(len(matches)):
            col += skips.get(k, 0)
            placed.append(columns[col])
            col += 1
        return placed
    empty = [c for c in columns if c in optional]
    if len(empty) == missing:
        return [c for c in columns if c not in empty]
    return None


def parse_fiche_budget(lines: list[str], fiche: Fiche) -> tuple[list[BudgetCell], list[UnreadLine]]:
    """The budget table of one fiche, one cell per (row, column) printed."""
    start = next(
        (i for i in range(fiche.ligne_debut - 1, fiche.ligne_fin) if _BUDGET_RE.match(lines[i])), None
    )
    if start is None:
        return [], []
    cells: list[BudgetCell] = []
    unread: list[UnreadLine] = []
    header_parts: list[str] = []
    columns: list[str] | None = None
    placements: dict[int, list[str]] = {}  # rows of one table with as many amounts share their empty cells
    for i in range(start + 1, fiche.ligne_fin):
        line = lines[i]
        row = _ROW_RE.match(line)
        is_year_row = bool(row and row.group(1) != "Total")
        if columns is None and not is_year_row and (row is None or not find_amounts(line)):
            header_parts.append(line)
            continue
        if columns is None:
            columns = read_funders(" ".join(header_parts)) + ["Total"]
        if _BUDGET_END_RE.match(line):
            break
        if row is None:
            if find_amounts(line):
                unread.append(
                    UnreadLine(
                        i + 1,
                        line.strip(),
                        f"fiche {fiche.action_code} : montants hors d'une ligne du budget",
                    )
                )
            continue
        matches = find_amounts(line, row.start(2))
        annee = None if row.group(1) == "Total" else int(row.group(1))
        if not matches:
            unread.append(
                UnreadLine(
                    i + 1,
                    line.strip(),
                    f"fiche {fiche.action_code} : ligne « {row.group(1)} » du budget sans montant",
                )
            )
            if annee is None:
                break
            continue
        placed = place_cells(line, row.end(1), matches, columns) or placements.get(len(matches))
        if placed is not None:
            placements.setdefault(len(matches), placed)
        if placed is None:
            unread.append(
                UnreadLine(
                    i + 1,
                    line.strip(),
                    f"fiche {fiche.action_code} : {len(matches)} montant(s) pour les "
                    f"colonnes {', '.join(columns)}, cellules vides non localisables",
                )
            )
        else:
            for column, m in zip(placed, matches, strict=False):
                if m.value is None:
                    unread.append(
                        UnreadLine(
                            i + 1, line.strip(), f"fiche {fiche.action_code} : cellule {column} : {m.error}"
                        )
                    )
                    continue
                cells.append(BudgetCell(fiche.action_code, annee, column, m.value, i + 1))
        if annee is None:
            break  # the Total row closes the table
    return cells, unread


_PLAN_HEADER_RE = re.compile(r"^\s*Fiche\s+action\b(?!\s*-)", re.IGNORECASE)
_PLAN_YEAR_RE = re.compile(r"(?:Ann[ée]e|convention)\s+(20\d{2})", re.IGNORECASE)
_PLAN_CODE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*$")  # a code alone on its line
_PLAN_CODE_TEXT_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s+(?=[^\d\s])")  # or before its title and amounts
_PLAN_SUBTOTAL_RE = re.compile(r"^\s*Sous[- ]total\b", re.IGNORECASE)
_PLAN_TOTAL_RE = re.compile(r"^\s*TOTAUX?\b", re.IGNORECASE)
_PLAN_COLUMNS = [  # concept, header wording; the order of a table is the order of its header
    ("etat_prenotifie", re.compile(r"Cr[ée]dits?\s+[ÉE]tat\s+pr[ée]-?\s*notifi", re.IGNORECASE)),
    ("etat", re.compile(r"Participation\s+[ÉE]tat", re.IGNORECASE)),
    ("departement", re.compile(r"(?:Cr[ée]dits|Participation)\s+CD", re.IGNORECASE)),
    ("dont_valorisation", re.compile(r"dont\s+valorisation", re.IGNORECASE)),
    ("autres", re.compile(r"autres\s+financ", re.IGNORECASE)),
    ("total", re.compile(r"Budget\s+global", re.IGNORECASE)),
]
_PLAN_REQUIRED = {"etat", "departement", "total"}
_PLAN_OPTIONAL = {"autres"}
_PLAN_HEADER_WINDOW = 40
_PLAN_TITLE_WINDOW = 15  # the title of the table may be printed after it


@dataclass(frozen=True)
class PlanRow:
    """One row of a contract's financial table: an action, a subtotal or the totals."""

    type_ligne: str  # 'action' | 'sous_total' | 'total'
    axe_code: str | None  # a subtotal closes the axe of the actions above it
    action_code: str | None
    action: str | None  # title printed in the table
    annee: int | None
    etat: Decimal | None
    departement: Decimal | None
    autres: Decimal | None
    total: Decimal | None
    etat_erbm: bool  # the table is the ERBM (Bassin minier) part: State money is ERBM credit
    ligne: int


def _plan_columns(header: str) -> list[str] | None:
    found: list[tuple[int, str]] = []
    for name, rx in _PLAN_COLUMNS:
        m = rx.search(header)
        if m:
            found.append((m.start(), name))
    columns = [name for _, name in sorted(found)]
    return columns if _PLAN_REQUIRED <= set(columns) else None


def parse_financial_plan(lines: list[str]) -> tuple[list[PlanRow], list[UnreadLine]]:
    """The contract's financial table per fiche action (Annexe 3 of the CLS, the
    "tableau financier récapitulatif" of a Stratégie pauvreté convention).

    Layouts read::

        Fiche action N° Intitulé de l’action A Participation État notifiée pour la
        convention 2024 B Crédits CD affectés ... C Participation d'autres financeurs le cas
        échéant F Budget global de l'action prévu en 2024 (A+B+C)
        1.1
        Accueil de proximité, repérage ...
        618 000,00 € 618 000,00 € 1 236 000,00 €        <- C empty (optional column)
        Sous total 1 659 288,00 € 1 659 288,00 € 0,00 € 3 318 576,00 €
        1 010 000,00 € 1 010 000,00 € 0,00 € 2 020 000,00 €   <- subtotal without label
        TOTAUX FINANCIERS 3 342 548,00 € 3 342 548,00 € 0,00 € 6 685 096,00 €

        Fiche action N° Intitulé de l'action Budget global de l'action Crédit Etat
        pré-notifiés Participation Etat (effective) Participation CD 62 dont valorisation
        Autres financements
        6 Prévenir les sorties sèches de l'ASE 289 000 € 144 500 € 144 500 € 144 500 € 144 500 € -  €
               1 000 000 €    500 000 €    500 000 €    500 000 €    500 000       <- totals
        CONVENTION STRATEGIE PAUVRETE - VOLET ERBM ...
        Année 2023

    Only tables whose header names the State, the Département and the global budget are
    read; "-  €" is an empty cell. The year is read in the header or in the title lines
    printed after the table; "ERBM" in them marks the State's money as ERBM credits.
    """
    rows: list[PlanRow] = []
    unread: list[UnreadLine] = []
    i = 0
    while i < len(lines):
        if not _PLAN_HEADER_RE.search(lines[i]):
            i += 1
            continue
        columns = _plan_columns(" ".join(lines[i : i + _PLAN_HEADER_WINDOW]))
        if columns is None:
            i += 1
            continue
        table: list[PlanRow] = []
        current: str | None = None
        title: list[str] = []
        last_axe: str | None = None
        last_code = ""
        j = i + 1
        while j < len(lines) and not _PLAN_HEADER_RE.search(lines[j]):
            line = lines[j]
            matches = find_money_cells(line)  # amounts, "-  €" (empty), a bare amount ending the line
            code = _PLAN_CODE_RE.match(line) or (_PLAN_CODE_TEXT_RE.match(line) if matches else None)
            if code and not _PLAN_TOTAL_RE.match(line):
                current, title = code.group(1), []
                last_axe, last_code = current.split(".")[0], current
            if current and not matches:
                text = line[code.end() :] if code else line
                if text.strip():
                    title.append(text.strip())
            if matches:
                kind = (
                    "total"
                    if _PLAN_TOTAL_RE.match(line)
                    else "sous_total"
                    if (_PLAN_SUBTOTAL_RE.match(line) or current is None)
                    else "action"
                )
                if code and kind == "action":
                    title.append(line[code.end() : matches[0].start()].strip())
                label = re.match(
                    r"^\s*(?:Sous[- ]total|TOTAUX?(?:\s+FINANCIERS)?|\d+(?:\.\d+)?\s+[^\d€]*)?",
                    line,
                    re.IGNORECASE,
                )
                placed = place_cells(line, label.end(), matches, columns, optional=_PLAN_OPTIONAL)
                if placed is None:
                    unread.append(
                        UnreadLine(
                            j + 1,
                            line.strip(),
                            f"tableau financier : {len(matches)} montant(s) "
                            f"pour les colonnes {', '.join(columns)}",
                        )
                    )
                else:
                    values = {c: m.value for c, m in zip(placed, matches, strict=False)}
                    for c, m in zip(placed, matches, strict=False):
                        if m.error:
                            unread.append(
                                UnreadLine(
                                    j + 1, line.strip(), f"tableau financier : colonne {c} : {m.error}"
                                )
                            )
                    table.append(
                        PlanRow(
                            kind,
                            None if kind == "total" else last_axe,
                            current if kind == "action" else None,
                            " ".join(" ".join(title).split()) or None if kind == "action" else None,
                            None,
                            values.get("etat"),
                            values.get("departement"),
                            values.get("autres"),
                            values.get("total"),
                            False,
                            j + 1,
                        )
                    )
                current = None
                flat = bool(last_code) and "." not in last_code
                if kind == "total" or (kind == "sous_total" and flat):
                    break  # a table of plain codes (1, 2, 3...) has no axes: its unlabelled row is the total
            j += 1
        context = " ".join(lines[i : i + _PLAN_HEADER_WINDOW] + lines[j : j + _PLAN_TITLE_WINDOW])
        year = _PLAN_YEAR_RE.search(context)
        erbm = bool(re.search(r"\bERBM\b", " ".join(lines[j : j + _PLAN_TITLE_WINDOW])))
        flat = bool(last_code) and "." not in last_code
        for row in table:
            kind = "total" if row.type_ligne == "sous_total" and flat else row.type_ligne
            rows.append(
                replace(
                    row,
                    type_ligne=kind,
                    axe_code=None if kind == "total" else row.axe_code,
                    annee=int(year.group(1)) if year else None,
                    etat_erbm=erbm,
                )
            )
        i = j + 1
    return rows, unread
