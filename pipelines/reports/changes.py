"""What changed between two builds: the figures of the fact marts, matched on stable keys.

A figure is one value column of one row: (table, doc_id, column, key columns) -> (value, ligne).
Its identity never includes the line, so that a line inserted above it does not make it new:

* same identity, same value, same line: unchanged (not reported);
* same identity, same value, another line: ``deplace``;
* same identity, another value: ``modifie``;
* identity only in the current build: ``ajoute``; only in the previous one: ``supprime``.

When several figures of a document share an identity (two subsidies to the same structure under
the same heading), identical (value, line) pairs are matched first, then equal values (moved), then
the rest in reading order (modified); what is left over is added or removed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import duckdb


@dataclass(frozen=True)
class FigureTable:
    """A fact mart: the columns that identify a row within its document, and its figures."""

    table: str
    keys: tuple[str, ...]
    values: tuple[str, ...]
    ligne: str = "ligne"  # the column that locates the row in its document


FIGURE_TABLES = (
    FigureTable("montants_articles", ("article", "libelle"), ("montant_eur",)),
    FigureTable("montants_rapport", ("libelle",), ("montant_eur",)),
    FigureTable(
        "lignes_budgetaires",
        ("tableau", "sens", "code_operation", "imputation", "libelle"),
        ("ae_eur", "inscrit_eur", "disponible_eur", "montant_eur", "solde_eur"),
    ),
    FigureTable(
        "subventions",
        ("annee", "thematique", "dispositif_code", "territoire", "structure_cle", "operation", "complement"),
        ("quantite", "montant_eur"),
    ),
    FigureTable("subventions_cofinanceurs", ("financeur",), ("montant_eur",)),
    FigureTable(
        "totaux_imprimes", ("portee", "thematique", "libelle"), ("montant_eur", "quantite")
    ),  # tableau: a line
    FigureTable("bilans", ("annee", "dispositif_code", "indicateur", "unite"), ("valeur",)),
    FigureTable(
        "indicateurs_cibles",
        ("source", "referentiel", "action_code", "indicateur", "annee"),
        ("situation_initiale", "cible"),
    ),
    FigureTable(
        "indicateurs_realises", ("source", "referentiel", "action_code", "indicateur", "annee"), ("realise",)
    ),
    FigureTable("cofinancements", ("source", "action_code", "annee", "financeur"), ("montant_eur",)),
    FigureTable(
        "plans_financiers",
        ("type_ligne", "etat_erbm", "axe_code", "action_code", "annee"),
        ("etat_eur", "departement_eur", "autres_eur", "total_eur"),
    ),
    # realised values typed by the services: located by their indicator's line in the contract
    FigureTable(
        "realise_vs_cible",
        ("referentiel", "action_code", "indicateur", "annee"),
        ("realise",),
        "ligne_indicateur",
    ),
)


@dataclass(frozen=True)
class Figure:
    table: str
    doc_id: str
    column: str
    key: tuple
    value: object
    ligne: int | None


@dataclass(frozen=True)
class Change:
    nature: str  # 'ajoute' | 'supprime' | 'modifie' | 'deplace'
    table: str
    doc_id: str
    column: str
    key: tuple
    avant: object
    apres: object
    ligne_avant: int | None
    ligne_apres: int | None


NATURES = {"ajoute": "ajouté", "supprime": "supprimé", "modifie": "modifié", "deplace": "déplacé"}


def diff_figures(previous: list[Figure], current: list[Figure]) -> list[Change]:
    """The changes from ``previous`` to ``current`` (module docstring for the matching rules)."""
    groups: dict[tuple, tuple[list[Figure], list[Figure]]] = defaultdict(lambda: ([], []))
    for side, figures in ((0, previous), (1, current)):
        for f in figures:
            groups[(f.table, f.doc_id, f.column, f.key)][side].append(f)
    changes: list[Change] = []
    for before, after in groups.values():
        before = sorted(before, key=_reading_order)
        after = sorted(after, key=_reading_order)
        for same in (lambda a, b: (a.value, a.ligne) == (b.value, b.ligne), lambda a, b: a.value == b.value):
            for old in list(before):
                new = next((n for n in after if same(old, n)), None)
                if new is not None:
                    before.remove(old)
                    after.remove(new)
                    if old.ligne != new.ligne:
                        changes.append(_change("deplace", old, new))
        changes += [_change("modifie", old, new) for old, new in zip(before, after, strict=False)]
        changes += [_change("supprime", old, None) for old in before[len(after) :]]
        changes += [_change("ajoute", None, new) for new in after[len(before) :]]
    return sorted(changes, key=lambda c: (c.doc_id, c.ligne_apres or c.ligne_avant or 0, c.table, c.column))


def _change(nature: str, old: Figure | None, new: Figure | None) -> Change:
    figure = old or new
    return Change(
        nature,
        figure.table,
        figure.doc_id,
        figure.column,
        figure.key,
        old.value if old else None,
        new.value if new else None,
        old.ligne if old else None,
        new.ligne if new else None,
    )


def _reading_order(figure: Figure) -> tuple:
    return (figure.ligne is None, figure.ligne or 0)


def _columns(con: duckdb.DuckDBPyConnection, catalog: str, table: str) -> set[str]:
    return {
        r[0]
        for r in con.execute(
            "select column_name from information_schema.columns"
            " where table_catalog = ? and table_schema = 'marts' and table_name = ?",
            [catalog, table],
        ).fetchall()
    }


def comparable_tables(
    con: duckdb.DuckDBPyConnection, current: str, previous: str
) -> tuple[list[FigureTable], list[str]]:
    """The fact marts both builds hold with all their columns; and the names of those they do not."""
    usable, skipped = [], []
    for spec in FIGURE_TABLES:
        needed = {"doc_id", spec.ligne, *spec.keys, *spec.values}
        if all(needed <= _columns(con, catalog, spec.table) for catalog in (current, previous)):
            usable.append(spec)
        else:
            skipped.append(spec.table)
    return usable, skipped


def read_figures(con: duckdb.DuckDBPyConnection, catalog: str, specs: list[FigureTable]) -> list[Figure]:
    """Every figure of ``specs`` in the warehouse attached as ``catalog`` (null values are not figures)."""
    figures = []
    for spec in specs:
        columns = ", ".join(spec.keys + spec.values)
        rows = con.execute(
            f"select doc_id, {spec.ligne}, {columns} from {catalog}.marts.{spec.table}"
        ).fetchall()
        n = len(spec.keys)
        for doc_id, ligne, *cells in rows:
            key = tuple(cells[:n])
            for column, value in zip(spec.values, cells[n:], strict=False):
                if value is not None:
                    figures.append(Figure(spec.table, doc_id, column, key, value, ligne))
    return figures
