"""The financial annex tables of a CLS and of its France Travail convention, cell by cell.

Two layouts, one function each:

* :func:`parse_annex_tables` — the lettered tables of the CLS "Annexe 11" (prévisionnel,
  exécution budgétaire, récapitulatif), one line of amounts per fiche action;
* :func:`parse_france_travail_plan` — the "Construction du plan de financement" of the
  France Travail convention ("Montant delta", "Si source(s) de financement complémentaire").

Every amount is read through :mod:`pipelines.extract.numbers`. A row whose count of amounts does
not match the columns of its header is never placed by guess: it is an :class:`UnreadLine`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .numbers import find_amounts, find_cent_amounts
from .records import UnreadLine, fold_compat


@dataclass(frozen=True)
class FinancialCell:
    """One amount of a financial annex table, with its row and its column as printed."""

    tableau: str  # "previsionnel_2024", "execution_2024", "france_travail_plan", ...
    annee: int | None
    action_code: str | None  # "1.1" for an action, "1" for the sub-total of axe 1, None for totals
    ligne_type: str  # "action" | "sous_total" | "total"
    colonne: str  # the printed letter ("A") or a name for an unlettered column ("total_realise")
    libelle_colonne: str  # the header as printed, lines joined
    financeur: str | None  # "État", "Département", "autres financeurs" or the named source
    montant_eur: Decimal
    ligne: int


# ------------------------------------------------------------------ Annexe 11 (lettered tables)

_CODE_RE = re.compile(r"^\s*(\d{1,2}\.\d{1,2})\s*$")
_LETTER_RE = re.compile(r"^\s*([A-M])\s*$")
# words that open a column header (a column printed without its letter starts with one of them)
_COLUMN_START_RE = re.compile(r"(?<!^)\b(?=(?:Montant|Crédits|Participatio|Budget)\b)")
# printed around the header, not a column: the page titles and the labels of the row headers
_NOT_HEADER_RE = re.compile(
    r"TABLEAU FINANCIER|^\s*Annexe\s+\d|^\s*Axes?\b|^\s*Sous total|Région|Exécution budgétaire"
    r"|Prévisionnel Année"
)


@dataclass(frozen=True)
class _Column:
    colonne: str
    libelle: str


def _column_name(letter: str | None, label: str) -> str:
    """The letter when printed, else a name for the unlettered columns of 002's headers."""
    if letter:
        return letter
    f = fold_compat(label)
    if f.startswith("credits etat verses"):
        return "credits_etat_verses"
    if f.startswith("montant total realise"):
        return "total_realise"
    if "reporter" in f:
        return "report_etat" if "part etat" in f else "report_cd" if "part cd" in f else "report"
    return "_".join(re.findall(r"[a-z]+", f)[:4])


def _financeur(label: str) -> str | None:
    f = fold_compat(label)
    if f.startswith(("budget global", "montant total")):
        return None
    if "autres financeurs" in f or "d'autres" in f:
        return "autres financeurs"
    if re.search(r"\bcd\b", f):
        return "Département"
    if "etat" in f:
        return "État"
    return None


def _header_columns(text: str) -> list[_Column]:
    """The columns of a header given its lines after "Intitulé de l’action", in order.

    A lone capital letter opens the column whose label follows it ("A / Participation État
    notifiée pour la convention 2024"); a label printed without its letter starts at "Montant",
    "Crédits", "Participation" or "Budget" ("Montant total réalisé au 31/12/2024")."""
    segments: list[tuple[str | None, list[str]]] = [(None, [])]
    for part in text.split("\n"):
        m = _LETTER_RE.match(part)
        if m:
            segments.append((m.group(1), []))
        elif part.strip():
            words = segments[-1][1]
            if words and re.match(r"^[a-z]\s", part.strip()) and not re.match(r"^[aày]\s", part.strip()):
                words[-1] += part.strip()  # "Participatio" / "n d'autres" -> one word
            else:
                words.append(part.strip())
    columns = []
    for letter, words in segments:
        label = re.sub(r"\s+", " ", " ".join(words)).strip()
        label = re.sub(r"\bune ligne par action financée\b", "", label).strip()
        if not label:
            continue
        for i, piece in enumerate(p.strip() for p in _COLUMN_START_RE.split(label) if p.strip()):
            columns.append(_Column(_column_name(letter if i == 0 else None, piece), piece))
    return columns


def _table_name(columns: list[_Column]) -> tuple[str, int | None]:
    """ "Budget global de l'action prévu en 2025" names a prévisionnel of that year; a header
    without a planned budget and with "réalisé au 31/12/2024" is an exécution of that year. The
    titles ("Prévisionnel Année 2024") are printed away from their tables, so the header decides."""
    labels = " ".join(c.libelle for c in columns)
    m = re.search(r"Budget global de l'action prévu en (\d{4})", labels.replace("’", "'"))
    if m:
        return f"previsionnel_{m.group(1)}", int(m.group(1))
    m = re.search(r"réalisé au \d{2}/\d{2}/(\d{4})", labels)
    if m:
        return f"execution_{m.group(1)}", int(m.group(1))
    return "tableau_financier", None


def _axe_code(codes: list[str]) -> str | None:
    prefixes = {c.split(".")[0] for c in codes}
    return prefixes.pop() if len(prefixes) == 1 else None


def parse_annex_tables(lines: list[str]) -> tuple[list[FinancialCell], list[UnreadLine]]:
    """The lettered tables of a CLS financial annex, as printed in 002 (l.4613–5235)::

        Fiche action N° Intitulé de l’action A
        Participation État
        notifiée pour la convention 2024
        B
        Crédits CD affectés pour la convention 2024
        ...
        F
        Budget global de l'action prévu en 2024 (A+B+C)
        1.1
        Accueil de proximité, repérage et aller vers les ...
        618 000,00 € 618 000,00 € 1 236 000,00 €          <- 3 amounts, 4 columns: unread
        Sous total 1 659 288,00 € 1 659 288,00 € 0,00 € 3 318 576,00 €
        1 010 000,00 € 1 010 000,00 € 0,00 € 2 020 000,00 €   <- sub-total printed without label
        TOTAUX FINANCIERS 3 342 548,00 € 3 342 548,00 € 0,00 € 6 685 096,00 €

    and the wide table (A…M, 14 amounts a line: "618 000,00 € 0,00 € 618 000,00 € …").

    A header starts at "Fiche action N°" and ends at the first fiche code, row of amounts or
    title line. A line of amounts after a fiche code (and its title lines) is that action's row;
    a line of amounts with no fiche code pending, or starting "Sous total", is the sub-total of
    the actions since the previous one (code: their axe, "1" for 1.1–1.5); "TOTAUX FINANCIERS"
    ends the table. The amounts are placed in the header's order only when there are exactly as
    many as columns (empty cells are not printed, so a shorter row cannot be placed).
    """
    cells: list[FinancialCell] = []
    unread: list[UnreadLine] = []
    i = 0
    while i < len(lines):
        if "Fiche action N°" not in lines[i]:
            i += 1
            continue
        head = re.split(r"Intitulé de l.action", lines[i], maxsplit=1)
        header = [head[1] if len(head) > 1 else ""]
        j = i + 1
        while j < len(lines) and not (_CODE_RE.match(lines[j]) or find_cent_amounts(lines[j])):
            if _NOT_HEADER_RE.search(lines[j]):
                break
            header.append(lines[j])
            j += 1
        columns = _header_columns("\n".join(header).replace("\n\n", "\n"))
        tableau, annee = _table_name(columns)
        if len(columns) < 2:
            i = j
            continue
        pending: str | None = None
        since_subtotal: list[str] = []
        k = j
        while k < len(lines):
            line = lines[k]
            if "Fiche action N°" in line or line.strip().startswith("Thématique"):
                break
            code = _CODE_RE.match(line)
            if code:
                pending = code.group(1)
                k += 1
                continue
            amounts = find_cent_amounts(line)
            if not amounts:
                k += 1
                continue
            label = line[: amounts[0].start()].strip()
            if label.upper().startswith("TOTAUX"):
                kind, action = "total", None
            elif label.lower().startswith("sous total") or pending is None:
                kind, action = "sous_total", _axe_code(since_subtotal)
            else:
                kind, action = "action", pending
            if len(amounts) != len(columns) or any(a.value is None for a in amounts):
                unread.append(
                    UnreadLine(
                        k + 1,
                        line,
                        (
                            f"tableau financier {tableau} : {len(amounts)} montant(s) "
                            f"pour {len(columns)} colonnes dans l'en-tête, colonnes des "
                            "montants non déterminables (cellules vides non imprimées)"
                        ),
                    )
                )
            else:
                for col, amount in zip(columns, amounts, strict=True):
                    cells.append(
                        FinancialCell(
                            tableau,
                            annee,
                            action,
                            kind,
                            col.colonne,
                            col.libelle,
                            _financeur(col.libelle),
                            amount.value,
                            k + 1,
                        )
                    )
            if kind == "action":
                since_subtotal.append(pending)
            elif kind == "sous_total":
                since_subtotal = []
            pending = None
            k += 1
            if kind == "total":
                break
        i = k
    return cells, unread


# ------------------------------------------------------------------ France Travail financing plan

_PLAFOND_RE = re.compile(r"^\s*PLAFOND DEPARTEMENT\b")
_ACTION_RE = re.compile(r"^\s*(Action\s+\d+)\s*:")
_PERIOD_RE = re.compile(r"Période du \d{2}/\d{2}/(\d{2,4})")
_END_RE = re.compile(r"Etat des dépenses|^\s*ANNEXE\s+\d")

MONTANT_DELTA = (
    "montant_delta",
    "Montant delta (en volume financier compte tenu d'une montée en charge progressive)",
)
FINANCEMENT_COMPLEMENTAIRE = (
    "financement_complementaire",
    "Si source(s) de financement complémentaire identifiée(s) "
    "préciser (pilotes, redéploiement interne, FSE …)",
)
PLAFOND = ("plafond", "PLAFOND DEPARTEMENT")


def _source_name(line: str, start: int, end: int) -> str | None:
    """The funder named around a complementary amount: "FSE - 100000€", "Dont 17 074€ de ERBM"."""
    after = re.match(r"\s*(?:de|du|des)\s+(.+?)\s*$", line[end:])
    if after:
        return after.group(1)
    before = re.search(r"([A-Za-zÀ-ÿ+]+)\s*-?\s*$", line[:start])
    return before.group(1) if before else None


def _previous_text(lines: list[str], n: int) -> str:
    return next((lines[p].strip() for p in range(n - 1, -1, -1) if lines[p].strip()), "")


def parse_france_travail_plan(lines: list[str]) -> tuple[list[FinancialCell], list[UnreadLine]]:
    """The "Construction du plan de financement" of a France Travail convention (002
    l.9273–9579)::

        PLAFOND DEPARTEMENT 4 125 892,00
        Nature de dépenses Objet de la dépense ... Montant delta ... Si source(s) de financement
        Action 1:Renforcer la qualité de l'accompagnement social ...
        7600 places 15200 places 7600 places                1 650 000,00 €
        700 places 1030 places 3030 places                   807 000,00 €  FSE - 100000€
        Total                 2 457 000,00 €
                          598 000,00 €                      <- the amount of the row above
        4 000 places 5 760 places 1 760 places    709 746,00 € Dont 17 074€ de ERBM
        Total                 4 125 892,00 €                <- equal to the PLAFOND: the total
                        4 125 892,00 €                      <- a bare amount after a total

    The plan runs from the first "PLAFOND DEPARTEMENT" to "Etat des dépenses". On a row, the
    first amount with cents is the "Montant delta"; the next amounts are complementary
    financing, with the funder named beside them. "Total…" lines are sub-totals (the total when
    equal to the PLAFOND); a bare amount right after a total line is the plan's total. A line
    whose amounts print no cents ("825 802€ sur 2 ans") is outside the "Montant delta" column:
    unread, with the reason.
    """
    start = next((n for n, line in enumerate(lines) if _PLAFOND_RE.match(line)), None)
    if start is None:
        return [], []
    cells: list[FinancialCell] = []
    unread: list[UnreadLine] = []
    annee = None
    for line in lines[start:]:
        m = _PERIOD_RE.search(line)
        if m:
            year = int(m.group(1))
            annee = year + 2000 if year < 100 else year
            break
    tableau = "france_travail_plan"
    plafond: Decimal | None = None
    action: str | None = None

    def add(col, kind, code, value, n, financeur=None):
        cells.append(FinancialCell(tableau, annee, code, kind, col[0], col[1], financeur, value, n + 1))

    for n in range(start, len(lines)):
        line = lines[n]
        if _END_RE.search(line):
            break
        if _PLAFOND_RE.match(line):
            amounts = find_cent_amounts(line)
            plafond = amounts[0].value if amounts else None
            if plafond is not None:
                add(PLAFOND, "total", None, plafond, n)
            continue
        m = _ACTION_RE.match(line)
        if m:
            action = m.group(1)
            continue
        amounts = [a for a in find_amounts(line) if a.value is not None]
        if not amounts:
            continue
        cent_starts = {a.start() for a in find_cent_amounts(line)}
        delta = next((a for a in amounts if a.start() in cent_starts), None)  # "0,20 ETP" is no amount
        if delta is None:
            unread.append(
                UnreadLine(
                    n + 1,
                    line,
                    (
                        "plan de financement France Travail : montant sans centimes hors de la colonne "
                        "« Montant delta » (financement complémentaire écrit en texte), non placé"
                    ),
                )
            )
            continue
        label = line[: delta.start()].strip()
        if label.lower().startswith("total"):
            kind = "total" if plafond is not None and delta.value == plafond else "sous_total"
            add(MONTANT_DELTA, kind, None, delta.value, n)
            action = None
        elif not label and _previous_text(lines, n).lower().startswith("total"):
            add(MONTANT_DELTA, "total", None, delta.value, n)
        else:
            add(MONTANT_DELTA, "action", action, delta.value, n)
        for other in (a for a in amounts if a.start() >= delta.end()):
            add(
                FINANCEMENT_COMPLEMENTAIRE,
                "action",
                action,
                other.value,
                n,
                _source_name(line, other.start(), other.end()),
            )
    return cells, unread


def parse_financial_annexes(lines: list[str]) -> tuple[list[FinancialCell], list[UnreadLine]]:
    """Both layouts on one document."""
    cells, unread = parse_annex_tables(lines)
    plan, plan_unread = parse_france_travail_plan(lines)
    return cells + plan, unread + plan_unread
