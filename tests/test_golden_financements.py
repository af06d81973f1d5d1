"""Financing rows, printed totals and bilan figures against the independent readings of
``tests/golden/financements/`` (written by reading the text, before any parser existed)."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from pipelines.extract import extract_document

GOLDEN = Path(__file__).parent / "golden" / "financements"


def _doc(doc_id):
    return extract_document(
        (Path(__file__).parents[1] / "raw" / "deliberations" / f"{doc_id}.txt")
        .read_text(encoding="utf-8")
        .split("\n")
    )


@pytest.fixture(scope="module")
def docs():
    return {p.stem: _doc(p.stem) for p in GOLDEN.glob("*.json")}


def test_003_every_annex4_row_with_an_amount_is_read_at_its_line(docs):
    gold = json.loads((GOLDEN / "003_c91e3ec6a0bf6aa2.json").read_text())
    rows = [
        r for t in gold["tables"] if t["annexe"] == "4" for r in t["lignes"] if r["montant_eur"] is not None
    ]
    mine = {g.ligne_debut: g for g in docs["003_c91e3ec6a0bf6aa2"].grants}
    assert len(rows) == 310
    for r in rows:
        g = mine[r["ligne"]]
        assert g.montant_eur == Decimal(r["montant_eur"]), r
        if r.get("unite") == "places":
            assert g.quantite == r["quantite"], r
    # places tables: the structure is the whole name
    assert mine[2004].structure == "CC Osartis Marquion"
    assert (mine[2028].structure, mine[2028].quantite, mine[2028].montant_eur) == (
        "CCAS Labourse",
        11,
        Decimal("880.00"),
    )
    # the count glued to the amount, decided by the table's TOTAL (PLIE table has no fixed rate)
    assert (mine[2328].quantite, mine[2328].montant_eur) == (833, Decimal("125000.00"))
    assert mine[2446].structure == "ASSOCIATION POUR AIDER A LA REINSERTION DES DEMANDEURS D'EMPLOIS (APARDE)"
    assert (mine[2583].territoire, mine[2583].structure) == ("Arrageois", "FJEP")
    assert len(mine) == 310


def test_003_totals_by_table_and_thematique(docs):
    gold = json.loads((GOLDEN / "003_c91e3ec6a0bf6aa2.json").read_text())
    result = docs["003_c91e3ec6a0bf6aa2"]
    printed = {(t.portee, t.ligne): t.montant_eur for t in result.printed_totals}
    for t in gold["tables"]:
        if t["annexe"] == "4" and t["total_imprime"]:
            assert printed[("tableau", t["total_imprime"]["ligne"])] == Decimal(
                t["total_imprime"]["montant_eur"]
            )
            rows = [
                g for g in result.grants if g.tableau and t["ligne_debut"] <= g.ligne_debut <= t["ligne_fin"]
            ]
            assert sum(g.montant_eur for g in rows) == Decimal(t["somme_calculee"]), t["titre"]
    for t in gold["totaux_thematiques"]:
        if t["source"] == "article":
            assert printed[("article", t["ligne"])] == Decimal(t["montant_eur"])
        elif t["source"].startswith("annexe"):
            assert printed[("thematique", t["ligne"])] == Decimal(t["montant_eur"])
    by_theme = {}
    for g in result.grants:
        by_theme[g.thematique] = by_theme.get(g.thematique, 0) + g.montant_eur
    assert by_theme == {"1": Decimal("2846873.00"), "2": Decimal("8606424.06"), "3": Decimal("385000.00")}


def test_000_prose_rows(docs):
    gold = json.loads((GOLDEN / "000_93251b25262b5cb7.json").read_text())
    mine = {g.ligne: g for g in docs["000_93251b25262b5cb7"].grants}
    for r in gold["financements"]:
        if r["structure"] == "CAF":  # a fund's endowment, not a structure financed: not read
            assert r["ligne"] not in mine
            continue
        g = mine[r["ligne"]]
        assert (g.thematique, g.montant_eur) == (r["thematique"], Decimal(r["montant_eur"])), r
        assert g.structure.endswith(r["structure"].split()[-1]), r
        if r["quantite"]:
            assert g.quantite == r["quantite"]
    assert len(mine) == 16
    assert sum(g.montant_eur for g in mine.values() if g.thematique == "4") == Decimal("402247.96")


def test_001_has_no_financing_row(docs):
    assert docs["001_d2d07801e5745474"].grants == []


def test_004_pivot_rows_as_printed_and_totals(docs):
    gold = json.loads((GOLDEN / "004_e37b75b9ee91e13a.json").read_text())
    result = docs["004_e37b75b9ee91e13a"]
    mine = {g.ligne: g for g in result.grants}
    checked = 0
    for r in gold["financements"]:
        g = mine.get(r["ligne"])
        if g and r["montant_eur"] and r["structure"] == g.structure:
            assert g.montant_eur == Decimal(r["montant_eur"]), r
            checked += 1
    assert checked >= 90
    printed = {t.ligne: t.montant_eur for t in result.printed_totals}
    assert printed[384] == Decimal("1377532.71")  # "Total BOULONNAIS", 20 € too high
    assert printed[519] == Decimal("14256065.96")
    unread = {u.ligne: u.raison for u in result.unread}
    assert unread[355].startswith("répétition de la ligne 352")
    assert "plusieurs structures" in unread[352]


def test_004_bilans(docs):
    gold = json.loads((GOLDEN / "004_e37b75b9ee91e13a.json").read_text())
    mine = {(b.dispositif_code, b.valeur, b.ligne) for b in docs["004_e37b75b9ee91e13a"].bilans}
    expected = {(b["dispositif_code"], Decimal(str(b["valeur"])), b["ligne"]) for b in gold["bilans"]}
    found = expected & mine
    assert len({code for code, _, _ in found}) >= 10
    complete = (
        "2.8",
        "2.10",
        "2.11",
        "2.12",
        "2.13",
        "3.2",
        "3.8",
        "3.9",
        "3.10",
        "3.12",
        "3.13",
        "3.14",
        "4.1",
        "4.4",
        "4.5",
        "4.7",
        "5.1",
        "5.4",
        "5.5",
        "5.7",
        "5.8",
        "5.9",
        "5.10",
        "5.11",
    )
    assert len(found) >= 114
    for code in complete:
        assert {x for x in expected if x[0] == code} <= mine, code
    assert ("2.10", Decimal("595"), 152) in mine
    # the 5.1 row packs the bilans of 5.1-5.11, one paragraph each; "1 million d'heures" is 1 000 000
    assert ("5.10", Decimal("1000000"), 179) in mine and ("5.11", Decimal("245"), 179) in mine
    unread = {u.ligne: u.raison for u in docs["004_e37b75b9ee91e13a"].unread}
    assert "bilan 5.2 : nombre mal formé « 2 1559 »" in unread[179]


def test_003_annexes_5_and_6_every_amount_line_is_listed_unread(docs):
    """Annexes 5 and 6 print the structures' names apart from their amounts: nothing is read,
    and every amount line the golden reading found is in lignes_non_lues with the reason."""
    gold = json.loads((GOLDEN / "003_c91e3ec6a0bf6aa2.json").read_text())
    result = docs["003_c91e3ec6a0bf6aa2"]
    unread = {u.ligne: u.raison for u in result.unread}
    tables = [t for t in gold["tables"] if t["annexe"] in ("5", "6")]
    lines = [r.get("ligne_montant", r["ligne"]) for t in tables for r in t["lignes"]]
    assert len(lines) == 54
    for line in lines:  # a row's amounts are on its first line or a few lines below its name
        reasons = [unread[n] for n in range(line, line + 4) if n in unread]
        assert reasons and "noms des structures imprimés à part" in reasons[0], line
    assert "(l.3077)" in unread[3231]  # the Totaux row of annexe 5
    assert not [g for g in result.grants if g.ligne >= 3077]
