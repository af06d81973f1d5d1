"""Every document against its golden file, written by reading the text (tests/golden/*.json).

The golden files hold the metadata, every article amount, every row of the imputation
tables (decision and report) and every illegible cell, each with its source line.
"""

import json

import pytest

from pipelines.extract import extract_document
from pipelines.extract.budget_tables import parse_budget_tables
from pipelines.extract.sections import find_sections

from .conftest import GOLDEN

GOLDEN_FILES = sorted(GOLDEN.glob("*.json"))


def _money(value):
    return None if value is None else f"{value:.2f}"


@pytest.fixture(params=GOLDEN_FILES, ids=lambda p: p.stem)
def golden(request, corpus):
    expected = json.loads(request.param.read_text(encoding="utf-8"))
    return expected, extract_document(corpus[expected["doc_id"]])


def test_every_seed_document_has_a_golden_file(corpus):
    assert sorted(corpus) == [p.stem for p in GOLDEN_FILES]


def test_metadata(golden):
    expected, got = golden
    m = got.metadata
    assert {
        "numero": m.numero,
        "instance": m.instance,
        "date_seance": m.date_seance.isoformat(),
        "titre": m.titre,
        "votes_pour": m.votes_pour,
        "votes_contre": m.votes_contre,
        "abstentions": m.abstentions,
    } == expected["deliberation"]


def test_article_amounts(golden):
    expected, got = golden
    assert [
        {"article": a.article, "montant_eur": _money(a.montant_eur), "ligne": a.ligne} for a in got.articles
    ] == expected["montants_articles"]


def test_budget_rows(golden):
    expected, got = golden
    rows = [
        {
            "tableau": r.tableau,
            "sens": r.sens,
            "code_operation": r.code_operation,
            "imputation": r.imputation,
            "libelle": r.libelle,
            "ae_eur": _money(r.ae_eur),
            "montant_eur": _money(r.montant_eur),
            "disponible_eur": _money(r.disponible_eur),
            "solde_eur": _money(r.solde_eur),
            "inscrit_eur": _money(r.inscrit_eur),
            "ligne": r.ligne,
        }
        for r in got.budget_rows
    ]
    assert rows == expected["lignes_budgetaires"]


def test_illegible_cells(golden, corpus):
    expected, _ = golden
    lines = corpus[expected["doc_id"]]
    _, unread = parse_budget_tables(lines, find_sections(lines))
    assert [(u.ligne, u.texte) for u in unread] == [
        (c["ligne"], c["texte"]) for c in expected["cellules_illisibles"]
    ]


def test_golden_totals_hold_where_the_document_is_consistent():
    """The golden figures themselves: articles sum to the Dépense/Recette column (all five)."""
    for path in GOLDEN_FILES:
        g = json.loads(path.read_text(encoding="utf-8"))
        if not g["montants_articles"]:
            continue
        articles = sum(float(a["montant_eur"]) for a in g["montants_articles"])
        table = sum(
            float(r["montant_eur"]) for r in g["lignes_budgetaires"] if r["tableau"] == "deliberation"
        )
        assert round(articles, 2) == round(table, 2), path.stem
