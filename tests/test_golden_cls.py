"""CLS fiches of document 002 against tests/golden/cls/002_fiches_budgets.json (read by hand):
every fiche with its code and title, every cell of every "Budget de l'action" table, and
the Annexe 3 financial table with its subtotals and totals."""

import json

import pytest

from pipelines.extract.fiches import find_fiches, parse_fiche_budget, parse_financial_plan

from .conftest import GOLDEN

DOC = "002_45402f372af52b9b"
FICHES = json.loads((GOLDEN / "cls" / "002_fiches_budgets.json").read_text(encoding="utf-8"))
# funders as printed in the golden file -> labels of the warehouse
FUNDER_LABELS = {
    "Etat": "Etat", "Conseil départemental": "Departement", "ETAT/ERBM": "Etat (ERBM)",
    "ERBM": "Etat (ERBM)", "Métropole/autre": "Metropole / autres",
}  # fmt: skip


def _money(value):
    return None if value is None else f"{value:.2f}"


@pytest.fixture(scope="module")
def lines(corpus):
    return corpus[DOC]


@pytest.fixture(scope="module")
def fiches(lines):
    return {f.action_code: f for f in find_fiches(lines)}


def test_fiches_codes_titles_and_start_lines(fiches):
    for expected in FICHES["fiches"]:
        got = fiches[expected["action_code"]]
        assert (got.code_dans_titre, got.ligne_debut, got.action) == (
            expected["code_dans_titre"], expected["ligne_debut"], " ".join(expected["action"].split()),
        ), expected["action_code"]  # fmt: skip
        assert got.ligne_fin >= expected["ligne_fin"]


@pytest.mark.parametrize("expected", FICHES["fiches"], ids=lambda f: f["action_code"])
def test_budget_cells(expected, lines, fiches):
    cells, _unread = parse_fiche_budget(lines, fiches[expected["action_code"]])
    got = {(c.annee, c.financeur, _money(c.montant_eur), c.ligne) for c in cells}
    wanted = set()
    for row in expected["budget"]["lignes"]:
        annee = None if row["annee"] == "Total" else row["annee"]
        for funder, amount in row["montants"].items():
            if amount is not None:
                wanted.add((annee, FUNDER_LABELS[funder], amount, row["ligne"]))
        if row["total"] is not None:
            wanted.add((annee, "Total", row["total"], row["ligne"]))
    assert got == wanted


def test_unreadable_budget_row_is_recorded(lines, fiches):
    _cells, unread = parse_fiche_budget(lines, fiches["4.2"])
    assert [(u.ligne, u.texte) for u in unread] == [(4528, "2027")]


def test_financial_plan_of_annexe_3(lines):
    rows, unread = parse_financial_plan(lines)
    assert unread == []
    plan = FICHES["annexe3_2024"]

    def key(r):
        return (_money(r.etat), _money(r.departement), _money(r.autres), _money(r.total), r.ligne)

    def gkey(g):
        return (g["etat"], g["departement"], g["autres"], g["total"], g["ligne"])

    assert [(r.action_code, *key(r)) for r in rows if r.type_ligne == "action"] == [
        (g["action_code"], *gkey(g)) for g in plan["lignes"]
    ]
    assert [(r.axe_code, *key(r)) for r in rows if r.type_ligne == "sous_total"] == [
        (g["axe_code"], *gkey(g)) for g in plan["sous_totaux"]
    ]
    assert [key(r) for r in rows if r.type_ligne == "total"] == [gkey(plan["totaux"])]
    assert {r.annee for r in rows} == {2024}
