"""The yearly template of realised figures (``dpid modele-realise --annee N``).

One row per indicator of the contract's actions (the identities that
:mod:`pipelines.ingest.realised` accepts), with its initial situation and its target for
the year, and empty « Réalisé », « Source du réalisé » and « Commentaire » columns for the
services to fill. Written twice:

* ``realise_N.xlsx``: sheet « Réalisés N » with the code names of the columns in a hidden
  row 1 (what the loader maps), the French headers in row 2 (frozen, with filters), the
  columns to fill highlighted, « Réalisé » restricted to a number >= 0; sheet « Lisez-moi »
  with what to fill, how to write numbers, and what happens next;
* ``realise_N.csv``: the French headers (the loader maps them too), ``;``, UTF-8 with BOM,
  decimal comma, as French Excel opens it.

Every text cell goes through :mod:`pipelines.exports`: an action title starting with ``=``
stays text in both files.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import polars as pl

from pipelines.exports import csv_text, set_xlsx_value
from pipelines.extract.fiches import code_key
from pipelines.ingest.realised import (
    LABELS,
    MAX_BYTES,
    MAX_ROWS,
    README_SHEET,
    TEMPLATE_COLUMNS,
    TEMPLATE_SOURCES,
    UnreadableFile,
    filled_count,
    identity,
    normalize_text,
    read_table,
)

WIDTHS = {
    "annee": 8,
    "axe_code": 6,
    "action_code": 10,
    "action": 45,
    "referentiel": 12,
    "indicateur": 70,
    "situation_initiale": 12,
    "cible": 10,
    "realise": 12,
    "source": 28,
    "commentaire": 40,
}
TO_FILL = ("realise", "source", "commentaire")
WRAPPED = ("action", "indicateur", "situation_initiale", "source", "commentaire")
# Rows of the data sheet: the code names (hidden), the French headers, then the indicators.
CODE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3


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
    """How many rows of an existing file have a « Réalisé » value."""
    return filled_count(read_table(path))


def template_paths(folder: Path, year: int) -> tuple[Path, Path]:
    return folder / f"realise_{year}.xlsx", folder / f"realise_{year}.csv"


def next_steps(year: int) -> str:
    """What the service does with the files written (printed by ``dpid modele-realise``)."""
    return (
        f"Remplissez la colonne « {LABELS['realise']} » (et « {LABELS['source']} ») de realise_{year}.xlsx "
        f"(ou du .csv, pas des deux : si les deux sont remplis, seul le dernier modifié est lu), "
        "puis relancez `make run` (ou `dpid build`). La feuille « Lisez-moi » du classeur explique tout."
    )


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
    """A CSV cell: numbers in French (``1100``, ``12,5``), empty for None, text protected from formulas."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        value = value.normalize()
        text = f"{value:f}"
        return text.replace(".", ",")
    if isinstance(value, str):
        return csv_text(value)
    return str(value)


def _write_csv(rows: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow([csv_text(LABELS[c]) for c in TEMPLATE_COLUMNS])
        for row in rows:
            writer.writerow([_french(row[c]) for c in TEMPLATE_COLUMNS])


def readme_lines(year: int) -> list[tuple[str, str]]:
    """The « Lisez-moi » sheet: ``(style, text)`` with style ``titre``, ``section`` or ``texte``."""
    sheet = f"Réalisés {year}"
    label = LABELS
    max_rows = f"{MAX_ROWS:,}".replace(",", " ")
    return [
        ("titre", f"Réalisés {year} des indicateurs du Contrat local des solidarités 2024-2027"),
        (
            "texte",
            (
                f"La feuille « {sheet} » compte une ligne par indicateur des actions du contrat (indicateurs "
                "locaux du tableau des actions, indicateurs nationaux des fiches action), avec la situation "
                f"initiale et la cible {year} données par les délibérations."
            ),
        ),
        ("section", "Ce qu'il faut remplir (colonnes jaunes)"),
        (
            "texte",
            (
                f"• « {label['realise']} » : le résultat atteint en {year}, dans "
                "l'unité de la cible (un nombre de personnes, de ménages, de "
                "places, un montant en euros ; un taux s'écrit 12,5 pour 12,5 %)."
            ),
        ),
        ("texte", f"• « {label['source']} » : qui fournit le chiffre (service, outil, date d'extraction)."),
        ("texte", f"• « {label['commentaire']} » : libre (estimation, périmètre, explication d'un écart)."),
        ("section", "Comment écrire les nombres"),
        (
            "texte",
            (
                "• Virgule pour les décimales (12,5), au plus deux décimales ; les espaces entre "
                "les milliers sont admis (1 234,5). Pas d'unité ni de « % » dans la cellule."
            ),
        ),
        (
            "texte",
            (
                "• Une cellule vide veut dire « pas encore connu » (ce n'est jamais un "
                "zéro) : écrivez 0 pour un réalisé nul. Un nombre négatif est refusé."
            ),
        ),
        (
            "texte",
            "• Une formule est admise : c'est la valeur calculée et enregistrée par le tableur qui est lue.",
        ),
        ("section", "Ce qu'il ne faut pas modifier"),
        (
            "texte",
            (
                f"• « {label['annee']} », « {label['action_code']} », « {label['referentiel']} » et « "
                f"{label['indicateur']} » identifient l'indicateur : ne les modifiez pas. Vous pouvez "
                "trier, filtrer, supprimer des lignes, ajouter des colonnes (elles ne sont pas lues)."
            ),
        ),
        (
            "texte",
            (
                "• La ligne 1 de la feuille, masquée, porte le nom technique "
                "de chaque colonne (annee, realise...) : laissez-la en place."
            ),
        ),
        ("section", "Un seul fichier par année"),
        (
            "texte",
            (
                f"• Remplissez ce classeur ou le fichier realise_{year}.csv "
                "écrit à côté, pas les deux : si les deux sont remplis, seul "
                "celui modifié en dernier est lu et un avertissement le signale."
            ),
        ),
        (
            "texte",
            (
                "• En CSV, enregistrez au format « CSV (séparateur : point-virgule) » ou « CSV UTF-8 » : les "
                f"deux sont lus. Au plus {max_rows} lignes et {MAX_BYTES // (1024 * 1024)} Mo par fichier."
            ),
        ),
        ("section", "Et ensuite"),
        (
            "texte",
            (
                "• Déposez le fichier dans le dossier raw/realise/ du projet (ou dans le dossier de "
                "$DPID_REALISE_DIR), puis lancez `make run` (ou `dpid build`)."
            ),
        ),
        (
            "texte",
            (
                "• Les réalisés sont chargés dans l'entrepôt (table raw.realises_saisis) et confrontés aux "
                "cibles (mart realise_vs_cible, bilan au Préfet)."
            ),
        ),
        (
            "texte",
            (
                "• Tout ou rien : au moindre problème (indicateur inconnu, valeur non numérique ou négative, "
                "doublon, année hors du contrat, formule sans valeur), rien n'est chargé et le message donne "
                "le fichier, la ligne du tableur et la raison. Corrigez, puis relancez."
            ),
        ),
    ]


def _write_xlsx(rows: list[dict], path: Path, year: int) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Réalisés {year}"
    header_fill = PatternFill("solid", fgColor="D9D9D9")
    to_fill = PatternFill("solid", fgColor="FFF2CC")
    last = FIRST_ROW + len(rows) - 1
    for index, name in enumerate(TEMPLATE_COLUMNS, start=1):
        set_xlsx_value(sheet.cell(row=CODE_ROW, column=index), name)
        header = sheet.cell(row=HEADER_ROW, column=index)
        set_xlsx_value(header, LABELS[name])
        header.font = Font(bold=True)
        header.fill = PatternFill("solid", fgColor="FFD966") if name in TO_FILL else header_fill
        header.alignment = Alignment(wrap_text=True, vertical="center")
        for number, row in enumerate(rows, start=FIRST_ROW):
            cell = sheet.cell(row=number, column=index)
            set_xlsx_value(cell, row[name])
            if name in TO_FILL:
                cell.fill = to_fill
            if name in WRAPPED:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS[name]
    sheet.row_dimensions[CODE_ROW].hidden = True
    realise = get_column_letter(TEMPLATE_COLUMNS.index("realise") + 1)
    validation = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=LABELS["realise"],
        error="Saisissez un nombre positif ou nul (laissez vide si le réalisé n'est pas connu).",
        showInputMessage=True,
        promptTitle=LABELS["realise"],
        prompt=f"Résultat atteint en {year}, dans l'unité de la cible : 12,5 ; vide si pas encore connu.",
    )
    validation.add(f"{realise}{FIRST_ROW}:{realise}{max(last, FIRST_ROW)}")
    sheet.add_data_validation(validation)
    sheet.freeze_panes = f"A{FIRST_ROW}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(TEMPLATE_COLUMNS))}{max(last, HEADER_ROW)}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"

    readme = workbook.create_sheet(README_SHEET)
    readme.column_dimensions["A"].width = 110
    styles = {"titre": Font(bold=True, size=14), "section": Font(bold=True, size=12), "texte": Font()}
    number = 0
    for style, text in readme_lines(year):
        number += 2 if style == "section" else 1
        cell = readme.cell(row=number, column=1)
        set_xlsx_value(cell, text)
        cell.font = styles[style]
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    workbook.save(path)
