from decimal import Decimal

from pipelines.extract.fiches import (
    AMOUNT_EURO_RE,
    find_fiches,
    parse_fiche_budget,
    parse_financial_plan,
    place_cells,
    read_funders,
)

FICHE = """ Action 3.4
Axe 1 la lutte contre les grandes exclusion
Action 2.4 Plan de formation et
labellisation des référents
Fiche-action
Budget de l’action
 Etat Conseil
départemental
Métropole/autre Total
2024 200 000€ 200 000€  400 000€
2025
Total 200 000€ 200 000€  400 000€
Indicateurs cibles (référentiel national)
""".split("\n")


def test_fiche_code_title_and_conflicting_code():
    [fiche] = find_fiches(FICHE)
    assert (fiche.action_code, fiche.code_dans_titre, fiche.axe_code) == ("3.4", "2.4", "3")
    assert fiche.action == "Plan de formation et labellisation des référents"
    assert fiche.ligne_debut == 1


def test_funders_read_in_header_order_even_cut_in_words():
    assert read_funders("Etat (FIPE) Conseil départem ental CAF Autres* TotalD Total") == [
        "Etat (FIPE)",
        "Departement",
        "CAF",
        "Autres",
    ]
    assert read_funders(" Etat Conseil départemental ETAT/ERBM Total") == [
        "Etat",
        "Departement",
        "Etat (ERBM)",
    ]
    assert read_funders("État Conseil départemental FSE+ (valorisation) Total") == [
        "Etat",
        "Departement",
        "FSE+",
    ]


def test_budget_rows_with_an_empty_cell_at_the_wide_gap():
    [fiche] = find_fiches(FICHE)
    cells, unread = parse_fiche_budget(FICHE, fiche)
    assert [(c.annee, c.financeur, c.montant_eur, c.ligne) for c in cells] == [
        (2024, "Etat", Decimal("200000"), 10),
        (2024, "Departement", Decimal("200000"), 10),
        (2024, "Total", Decimal("400000"), 10),
        (None, "Etat", Decimal("200000"), 12),
        (None, "Departement", Decimal("200000"), 12),
        (None, "Total", Decimal("400000"), 12),
    ]
    assert [(u.ligne, u.texte) for u in unread] == [(11, "2025")]


def _place(line, columns, **kw):
    matches = list(AMOUNT_EURO_RE.finditer(line))
    return place_cells(line, 4, matches, columns, **kw)


def test_place_cells_rules():
    cols = ["Etat", "Departement", "Etat (ERBM)", "Total"]
    assert _place("2024  46 780€ 46 780€ 93 560€", cols) == ["Departement", "Etat (ERBM)", "Total"]
    assert _place("2024 135 000€   135 000€", ["Etat", "Departement", "Metropole / autres", "Total"]) == [
        "Etat",
        "Total",
    ]
    # two wide gaps for one empty cell, no optional column: not located
    assert _place("Tota  187 120€ 187 120€               374 240€", cols) is None
    # no wide gap: the optional column is the empty one
    assert _place(
        "2024 1,00 € 1,00 € 2,00 €", ["etat", "departement", "autres", "total"], optional={"autres"}
    ) == [
        "etat",
        "departement",
        "total",
    ]


def test_financial_plan_with_labelled_and_unlabelled_subtotals():
    lines = """Fiche action N° Intitulé de l’action A
Participation État notifiée pour la convention 2024
B Crédits CD affectés
C Participation d'autres financeurs le cas échéant
F Budget global de l'action
1.1
Accueil
618 000,00 € 618 000,00 € 1 236 000,00 €
Sous total 618 000,00 € 618 000,00 € 0,00 € 1 236 000,00 €
3.1
Outils
150 000,00 € 150 000,00 € 300 000,00 €
150 000,00 € 150 000,00 € 0,00 € 300 000,00 €
TOTAUX FINANCIERS 768 000,00 € 768 000,00 € 0,00 € 1 536 000,00 €""".split("\n")
    rows, unread = parse_financial_plan(lines)
    assert unread == []
    assert [
        (r.type_ligne, r.axe_code, r.action_code, r.annee, r.etat, r.autres, r.total, r.ligne) for r in rows
    ] == [
        ("action", "1", "1.1", 2024, Decimal("618000"), None, Decimal("1236000"), 8),
        ("sous_total", "1", None, 2024, Decimal("618000"), Decimal("0"), Decimal("1236000"), 9),
        ("action", "3", "3.1", 2024, Decimal("150000"), None, Decimal("300000"), 12),
        ("sous_total", "3", None, 2024, Decimal("150000"), Decimal("0"), Decimal("300000"), 13),
        ("total", None, None, 2024, Decimal("768000"), Decimal("0"), Decimal("1536000"), 14),
    ]


# ------------------------------------------------- separators of a conversion; an illegible cell


def _fiche_with_row(row: str) -> list[str]:
    lines = list(FICHE)
    lines[9] = row  # the 2024 row
    return lines


def test_budget_row_with_question_mark_and_no_break_separators_is_read():
    # a Windows-1252 copy turns the narrow no-break space of "1 199 016€" into '?'
    lines = _fiche_with_row("2024 599\u00a0508€ 599 508€  1 199?016€")
    [fiche] = find_fiches(lines)
    cells, unread = parse_fiche_budget(lines, fiche)
    assert [(c.financeur, c.montant_eur) for c in cells if c.annee == 2024] == [
        ("Etat", Decimal("599508")),
        ("Departement", Decimal("599508")),
        ("Total", Decimal("1199016")),
    ]
    assert [u.ligne for u in unread] == [11]  # the empty 2025 row only


def test_an_illegible_budget_cell_is_unread_with_the_reason_and_never_raises():
    lines = _fiche_with_row("2024 200 000€ 200 000€  1#016€")
    [fiche] = find_fiches(lines)
    cells, unread = parse_fiche_budget(lines, fiche)
    assert [(c.financeur, c.montant_eur) for c in cells if c.annee == 2024] == [
        ("Etat", Decimal("200000")),
        ("Departement", Decimal("200000")),
    ]
    assert [(u.ligne, u.raison) for u in unread if u.ligne == 10] == [
        (10, "fiche 3.4 : cellule Total : montant illisible « 016€ »"),
    ]


def test_financial_plan_cells_with_every_separator():
    lines = """Fiche action N° Intitulé de l’action A
Participation État notifiée pour la convention 2024
B Crédits CD affectés
C Participation d'autres financeurs le cas échéant
F Budget global de l'action
1.1
Accueil
618\u00a0000,00 € 618?000,00 € 1.236.000,00 €
TOTAUX FINANCIERS 618\u202f000,00 € 618 000,00 € 0,00 € 1 236 000,00 €""".split("\n")
    rows, unread = parse_financial_plan(lines)
    assert unread == []
    assert [(r.type_ligne, r.etat, r.departement, r.total) for r in rows] == [
        ("action", Decimal("618000"), Decimal("618000"), Decimal("1236000")),
        ("total", Decimal("618000"), Decimal("618000"), Decimal("1236000")),
    ]
