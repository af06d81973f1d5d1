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
    "Etat": "Etat",
    "Conseil départemental": "Departement",
    "ETAT/ERBM": "Etat (ERBM)",
    "ERBM": "Etat (ERBM)",
    "Métropole/autre": "Metropole / autres",
}


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
            expected["code_dans_titre"],
            expected["ligne_debut"],
            " ".join(expected["action"].split()),
        ), expected["action_code"]
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


INDICATORS = json.loads((GOLDEN / "cls" / "002_indicateurs.json").read_text(encoding="utf-8"))
FRANCE_TRAVAIL = json.loads((GOLDEN / "cls" / "002_france_travail.json").read_text(encoding="utf-8"))


def _indicator(ind):
    return (
        ind.action_code,
        ind.ligne,
        int(ind.situation_initiale),
        {year: int(value) for year, (value, _line) in ind.cibles.items()},
        ind.indicateur,
    )


def _golden_indicator(action_code, g):
    return (
        action_code,
        g["ligne"],
        g["situation_initiale"],
        {int(y): v for y, v in g["cibles"].items() if v is not None},
        " ".join(g["indicateur"].split()),
    )


def test_local_indicators_of_the_table_of_actions(lines, fiches):
    from pipelines.extract.indicators import parse_local_indicators

    first = min(f.ligne_debut for f in fiches.values()) - 1
    indicators, axes, titles, unread = parse_local_indicators(lines, first)
    assert [_indicator(i) for i in indicators] == [
        _golden_indicator(g["action_code"], g) for g in INDICATORS["indicateurs_locaux"]
    ]
    assert {i.referentiel for i in indicators} == {"local"} and unread == []
    assert [(a.axe_code, a.ligne) for a in axes] == [(g["axe_code"], g["ligne"]) for g in INDICATORS["axes"]]
    assert {k: v for k, v in titles.items() if v} == {
        g["action_code"]: g["action"] for g in INDICATORS["actions_annexe1"] if g["action"]
    }


def test_national_targets_of_every_fiche(lines, fiches):
    from pipelines.extract.indicators import parse_fiche_indicators

    got, unread = [], []
    for fiche in fiches.values():
        indicators, fiche_unread = parse_fiche_indicators(lines, fiche)
        got += [_indicator(i) for i in indicators]
        unread += fiche_unread
    expected = [_golden_indicator(g["action_code"], g) for g in INDICATORS["indicateurs_nationaux_fiches"]]
    expected += [
        _golden_indicator(f["action_code"], g) for f in FRANCE_TRAVAIL["fiches"] for g in f["indicateurs"]
    ]
    assert sorted(got) == sorted(expected)
    assert unread == []


def test_national_table(lines):
    from pipelines.extract.indicators import parse_national_table

    indicators, unread = parse_national_table(lines)
    filled = [g for g in INDICATORS["annexe4"] if g["situation_initiale"] is not None]
    assert [
        (i.ligne, int(i.situation_initiale), {y: int(v) for y, (v, _l) in i.cibles.items()})
        for i in indicators
    ] == [(g["ligne"], g["situation_initiale"], {int(y): v for y, v in g["cibles"].items()}) for g in filled]
    assert sorted(u.ligne for u in unread) == sorted(
        g["ligne"] for g in INDICATORS["annexe4"] if g["situation_initiale"] is None
    )


BASSIN_MINIER = json.loads((GOLDEN / "cls" / "001_bassin_minier.json").read_text(encoding="utf-8"))


def test_financial_table_of_the_bassin_minier_convention(corpus):
    rows, unread = parse_financial_plan(corpus["001_d2d07801e5745474"])
    assert unread == []
    expected = {}
    for action in BASSIN_MINIER["actions"]:
        amounts = {
            m["financeur"]: (m["montant_eur"], m["ligne"])
            for m in action["montants"]
            if "tableau financier" in m["financeur"]
        }
        state = next(v for k, v in amounts.items() if k.startswith("Etat (ERBM) - participation effective"))
        dept = next(v for k, v in amounts.items() if k.startswith("Departement (CD 62) - participation"))
        total = next(v for k, v in amounts.items() if k.startswith("Total"))
        expected[action["action_code"]] = (state[0], dept[0], total[0], total[1])
    got = {
        r.action_code: (_money(r.etat), _money(r.departement), _money(r.total), r.ligne)
        for r in rows
        if r.type_ligne == "action"
    }
    assert got == expected
    [total] = [r for r in rows if r.type_ligne == "total"]
    assert (_money(total.etat), _money(total.departement), _money(total.total), total.ligne) == (
        "500000.00",
        "500000.00",
        "1000000.00",
        737,
    )
    assert {(r.annee, r.etat_erbm) for r in rows} == {(2023, True)}
