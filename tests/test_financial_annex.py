"""The financial annex tables (pipelines/extract/financial_annex.py): two layouts of the lettered
Annexe 11 tables, the France Travail plan, the tables' own arithmetic on 002, and the golden."""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from pipelines.extract import extract_document
from pipelines.extract.financial_annex import (
    parse_annex_tables,
    parse_financial_annexes,
    parse_france_travail_plan,
)

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "raw" / "deliberations" / "002_45402f372af52b9b.txt"
GOLDEN = ROOT / "tests" / "golden" / "tableaux_financiers" / "002.json"

D = Decimal

# As 002 prints it (l.4613-4751): one header word group a line, the letter before its label.
PRINTED = """\
 Axes de la
contractualisation
Fiche action N° Intitulé de l’action A
Participation État
notifiée pour la
convention 2024
B
Crédits CD affectés
pour la convention
2024
C
Participation
d'autres financeurs
le cas échéant
F
Budget global de
l'action prévu en
2024
(A+B+C)
Axe Prévenir la pauvreté
1.1
Accueil de proximité,
618 000,00 € 618 000,00 € 0,00 € 1 236 000,00 €
1.2
Pack Jeune : pour
599 508,00 € 599 508,00 € 1 199 016,00 €
Sous total 1 217 508,00 € 1 217 508,00 € 0,00 € 2 435 016,00 €
3.1
Comprendre et proposer des
150 000,00 € 150 000,00 € 0,00 € 300 000,00 €
150 000,00 € 150 000,00 € 0,00 € 300 000,00 €
TOTAUX FINANCIERS 1 367 508,00 € 1 367 508,00 € 0,00 € 2 735 016,00 €
""".splitlines()

# As another département would print it: the Département's column first, the État's second, no
# letter on the global budget, ordinary spaces in the amounts, "€" lost on some cells, and a
# no-break space in one amount.
VARIANT = """\
Fiche action N° Intitulé de l’action
A
Crédits CD affectés pour la convention 2026
B
Participation État notifiée pour la convention 2026
Budget global de l'action prévu en 2026
2.1
Insertion des jeunes
40 000,00 50 000,00 € 90 000,00
2.2
Mobilité
10\u00a0000,00 € 20 000,00 30 000,00 €
Sous total 50 000,00 70 000,00 120 000,00
TOTAUX FINANCIERS 50 000,00 € 70 000,00 € 120 000,00 €
""".splitlines()


def _by(cells, **where):
    return [c for c in cells if all(getattr(c, k) == v for k, v in where.items())]


def test_printed_layout_reads_full_rows_and_leaves_short_rows_unread():
    cells, unread = parse_annex_tables(PRINTED)
    assert {c.tableau for c in cells} == {"previsionnel_2024"}
    assert [(c.colonne, c.montant_eur) for c in _by(cells, action_code="1.1")] == [
        ("A", D("618000.00")),
        ("B", D("618000.00")),
        ("C", D("0.00")),
        ("F", D("1236000.00")),
    ]
    a = _by(cells, action_code="1.1", colonne="A")[0]
    assert (a.libelle_colonne, a.financeur, a.ligne_type, a.annee) == (
        "Participation État notifiée pour la convention 2024",
        "État",
        "action",
        2024,
    )
    assert _by(cells, action_code="1.1", colonne="B")[0].financeur == "Département"
    # 1.2 prints 3 amounts for 4 columns: never placed by guess
    assert not _by(cells, action_code="1.2")
    assert [(u.ligne, u.raison) for u in unread] == [
        (
            26,
            (
                "tableau financier previsionnel_2024 : 3 montant(s) pour 4 colonnes dans l'en-tête, "
                "colonnes des montants non déterminables (cellules vides non imprimées)"
            ),
        ),
    ]
    # labelled and unlabelled sub-totals, with their axe
    assert [(c.ligne, c.action_code) for c in _by(cells, ligne_type="sous_total", colonne="A")] == [
        (27, "1"),
        (31, "3"),
    ]
    assert _by(cells, ligne_type="total", colonne="F")[0].montant_eur == D("2735016.00")


def test_variant_layout_other_order_plain_spaces_and_missing_euro_signs():
    cells, unread = parse_annex_tables(VARIANT)
    assert unread == []
    assert {(c.tableau, c.annee) for c in cells} == {("previsionnel_2026", 2026)}
    assert [(c.colonne, c.financeur, c.montant_eur) for c in _by(cells, action_code="2.2")] == [
        ("A", "Département", D("10000.00")),
        ("B", "État", D("20000.00")),
        ("budget_global_de_l", None, D("30000.00")),
    ]
    sub = {c.colonne: c.montant_eur for c in _by(cells, ligne_type="sous_total")}
    actions = defaultdict(Decimal)
    for c in _by(cells, ligne_type="action"):
        actions[c.colonne] += c.montant_eur
    assert sub == dict(actions)
    assert _by(cells, ligne_type="sous_total")[0].action_code == "2"


def test_france_travail_plan_snippet():
    lines = """\
PLAFOND DEPARTEMENT 1 000,00
Nature de dépenses Objet de la dépense
Action 1:Renforcer
10 places 20 places 10 places        600,00 €  FSE - 100€
Action 2: Amplifier
                 400,00 € Dont 50 € de ERBM
Total        1 000,00 €
300 000€ sur 2 ans
Etat des dépenses contractualisation""".splitlines()
    cells, unread = parse_france_travail_plan(lines)
    got = [(c.ligne, c.ligne_type, c.action_code, c.colonne, c.financeur, c.montant_eur) for c in cells]
    assert got == [
        (1, "total", None, "plafond", None, D("1000.00")),
        (4, "action", "Action 1", "montant_delta", None, D("600.00")),
        (4, "action", "Action 1", "financement_complementaire", "FSE", D("100.00")),
        (6, "action", "Action 2", "montant_delta", None, D("400.00")),
        (6, "action", "Action 2", "financement_complementaire", "ERBM", D("50.00")),
        (7, "total", None, "montant_delta", None, D("1000.00")),
    ]
    assert [u.ligne for u in unread] == [8]


# ------------------------------------------------------------------ document 002


@pytest.fixture(scope="module")
def doc002():
    return DOC.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="module")
def read002(doc002):
    return parse_financial_annexes(doc002)


def _rows(cells, tableau):
    """(ligne, type, code) -> {colonne: montant} in line order."""
    rows: dict[tuple, dict] = {}
    for c in sorted(_by(cells, tableau=tableau), key=lambda c: c.ligne):
        rows.setdefault((c.ligne, c.ligne_type, c.action_code), {})[c.colonne] = c.montant_eur
    return rows


def test_002_rows_read_per_table(read002):
    cells, unread = read002
    counts = defaultdict(int)
    for key in {(c.tableau, c.ligne) for c in cells}:
        counts[key[0]] += 1
    assert dict(counts) == {
        "previsionnel_2024": 4,
        "execution_2024": 1,
        "previsionnel_2025": 15,
        "france_travail_plan": 17,
    }
    assert len(unread) == 26


def test_002_subtotals_are_the_sums_of_their_actions_and_totals_of_subtotals(read002):
    cells, _ = read002
    for tableau in ("previsionnel_2024", "execution_2024", "previsionnel_2025"):
        rows = _rows(cells, tableau)
        since, subtotals, checked = defaultdict(Decimal), defaultdict(Decimal), 0
        complete = True  # a sub-total is checked only when all its actions were read
        for (_, kind, _), values in rows.items():
            if kind == "action":
                for col, v in values.items():
                    since[col] += v
            elif kind == "sous_total":
                if since:
                    assert values == dict(since), tableau
                    checked += 1
                for col, v in values.items():
                    subtotals[col] += v
                since = defaultdict(Decimal)
            elif kind == "total" and complete and len(subtotals) == len(values):
                assert values == dict(subtotals), tableau
                checked += 1
        assert checked or tableau == "execution_2024"
    full = _rows(cells, "previsionnel_2025")
    assert sum(1 for k in full if k[1] == "sous_total") == 3


def test_002_formula_columns_of_the_2025_table(read002):
    """I = F+H, M = I+K+L, total réalisé = A+C+E; K is printed "(G+I)": with I = J on every row
    both readings G+I and G+J hold."""
    cells, _ = read002
    for values in _rows(cells, "previsionnel_2025").values():
        assert values["I"] == values["F"] + values["H"]
        assert values["M"] == values["I"] + values["K"] + values["L"]
        assert values["total_realise"] == values["A"] + values["C"] + values["E"]
        assert values["K"] == values["G"] + values["I"] == values["G"] + values["J"]
    for values in _rows(cells, "previsionnel_2024").values():
        assert values["F"] == values["A"] + values["B"] + values["C"]


def test_002_france_travail_totals(read002):
    cells, _ = read002
    rows = _rows(cells, "france_travail_plan")
    since, subtotals, plafond, previous_total = Decimal(0), Decimal(0), None, None
    for (_, kind, _), values in rows.items():
        if "plafond" in values:
            plafond, subtotals, since, previous_total = values["plafond"], Decimal(0), Decimal(0), None
            continue
        delta = values["montant_delta"]
        if kind == "action":
            since += delta
        elif kind == "sous_total":
            assert delta == since
            subtotals, since = subtotals + delta, Decimal(0)
        else:
            assert delta == (previous_total or subtotals) == plafond
            previous_total = delta


def test_002_against_golden(read002):
    cells, unread = read002
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    read = {(c.tableau, c.ligne, c.colonne): c for c in cells}
    unread_lines = {u.ligne for u in unread}
    for g in golden["cellules"]:
        if g.get("note"):  # a human reading of a row whose amounts do not match its columns
            assert g["ligne"] in unread_lines, g
            continue
        c = read[(g["tableau"], g["ligne"], g["colonne"])]
        assert (c.montant_eur, c.action_code, c.ligne_type, c.libelle_colonne) == (
            Decimal(g["valeur"]),
            g["action_code"],
            g["ligne_type"],
            g["libelle_colonne"],
        ), g
        if "financeur" in g:
            assert c.financeur == g["financeur"], g


def test_002_wired_into_the_extraction(doc002):
    result = extract_document(doc002)
    assert len(result.financial_cells) == 252
    assert any("tableau financier execution_2024" in u.raison for u in result.unread)
