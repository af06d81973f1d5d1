from decimal import Decimal

from pipelines.extract.budget_tables import parse_budget_tables, read_header, sens_of_imputation
from pipelines.extract.sections import find_sections


def _parse(text: str):
    lines = ("DECIDE :\n" + text + "\n(Adopté)").split("\n")
    return parse_budget_tables(lines, find_sections(lines))


def _row(r):
    return (
        r.code_operation,
        r.imputation,
        r.libelle,
        *(None if v is None else str(v) for v in (r.ae_eur, r.disponible_eur, r.montant_eur, r.solde_eur)),
        r.ligne,
    )


CELL_PER_LINE = """Code
Opération

Imputation
budgétaire

Libellé Opération AE € Dépense €

C02-446A05 6568/93446
Indemnisation des

organismes référents
6 801 643,00 35 116,00

C02-428B04 6568//93428
Politique inclusive en
faveur du logement

2 462 262,00 500 000,00

C02-428B02 6568/93428 Logement des Jeunes 600 000,00 394 000,00

Dans les conditions de vote ci-dessous :"""


def test_cell_per_line_layout():
    rows, unread = _parse(CELL_PER_LINE)
    assert [_row(r) for r in rows] == [
        (
            "C02-446A05",
            "6568/93446",
            "Indemnisation des organismes référents",
            "6801643.00",
            None,
            "35116.00",
            None,
            10,
        ),
        (
            "C02-428B04",
            "6568//93428",
            "Politique inclusive en faveur du logement",
            "2462262.00",
            None,
            "500000.00",
            None,
            16,
        ),
        ("C02-428B02", "6568/93428", "Logement des Jeunes", "600000.00", None, "394000.00", None, 22),
    ]
    assert {r.tableau for r in rows} == {"deliberation"} and {r.sens for r in rows} == {"depense"}
    assert unread == []


def test_tab_separated_layout():
    rows, _ = _parse(
        "Code Opération\tImputation budgétaire\tLibellé Opération\tAE €\tDépense €\n"
        "C02-428O10\t6568/93428\tAgence départementale pour l'information sur le logement (EPF)\t100 "
        "000,00\t100 000,00\n"
        "C01-444H02\t6568/93444\tAppui au parcours intégré 2021-2027\t10 082 910,00\t5 596 714,96"
    )
    assert [_row(r) for r in rows] == [
        (
            "C02-428O10",
            "6568/93428",
            "Agence départementale pour l'information sur le logement (EPF)",
            "100000.00",
            None,
            "100000.00",
            None,
            3,
        ),
        (
            "C01-444H02",
            "6568/93444",
            "Appui au parcours intégré 2021-2027",
            "10082910.00",
            None,
            "5596714.96",
            None,
            4,
        ),
    ]


def test_section_column_recette_and_report_columns():
    rows, _ = _parse(
        "Section Code Opération Imputation budgétaire Libellé de l'opération "
        "Inscrit\nProposition\nd'inscription\n\n"
        "Fonctionnement C02-428N01 74713/93428\nFonds d'appui à la\n\nlutte contre la pauvreté\n\n7 "
        "536 157 7 603 440"
    )
    [row] = rows
    assert (row.section, row.inscrit_eur, row.montant_eur, row.sens) == (
        "Fonctionnement",
        Decimal("7536157"),
        Decimal("7603440"),
        "recette",
    )
    assert row.libelle == "Fonds d'appui à la lutte contre la pauvreté"


def test_header_names_columns_in_printed_order():
    lines = [
        "Code Opération",
        "Imputation",
        "Budgétaire",
        "Libellé Opération AE € Disponible € Proposition € Solde €",
        "C02-446A05 6568/93446 X 1,00 1,00 1,00 0,00",
    ]
    header = read_header(lines, 0)
    assert header.columns == ("ae_eur", "disponible_eur", "montant_eur", "solde_eur")
    assert header.sens is None and header.first_row == 4


def test_illegible_cell_is_null_and_recorded_with_its_line():
    rows, unread = _parse(
        "Code Opération\nImputation\nBudgétaire\n\nLibellé Opération AE € Disponible € Proposition € "
        "Solde €\n\n"
        "C01-564H03 6568/93564\nRéférents insertion\n\nprofessionnelle\n1 016 400,00 508 275,00 508 "
        "125,00 1 50\n"
    )
    assert [_row(r) for r in rows] == [
        (
            "C01-564H03",
            "6568/93564",
            "Référents insertion professionnelle",
            "1016400.00",
            "508275.00",
            "508125.00",
            None,
            8,
        )
    ]
    assert [(u.ligne, u.texte) for u in unread] == [(12, "1 50")]
    assert "solde_eur" in unread[0].raison


def test_ambiguous_row_is_not_emitted_but_recorded():
    rows, unread = _parse(
        "Code Opération Imputation Libellé AE € Dépense €\nC02-446A05 6568/93446 Lot 12 345 678 901\nFin."
    )
    assert rows == []
    assert [u.ligne for u in unread] == [3] and "ambigus" in unread[0].raison


def test_sens_from_the_class_of_the_account():
    assert sens_of_imputation("74713/93428") == "recette"
    assert sens_of_imputation("6568/93446") == "depense"
    assert sens_of_imputation("2041/93") is None


def test_report_table_is_labelled_rapport():
    lines = (
        "DECIDE :\n(Adopté)\nRAPPORT N°3\nCode Opération Imputation Libellé AE € Disponible € Proposition "
        "€ Solde €\nC02-581E02 6568/9358 Logement 1 088 000,00 1 088 000,00 630 000,00 458 000,00"
    ).split("\n")
    rows, _ = parse_budget_tables(lines, find_sections(lines))
    assert [(r.tableau, str(r.solde_eur)) for r in rows] == [("rapport", "458000.00")]


def test_amounts_with_question_mark_dot_and_no_break_separators():
    rows, unread = _parse(
        "Code Opération\tImputation budgétaire\tLibellé Opération\tAE €\tDépense €\n"
        "C02-446A05\t6568/93446\tIndemnisation\t6?801?643,00\t35\u00a0116,00\n"
        "C02-428B04\t6568/93428\tLogement\t2.462.262,00\t500\u202f000,00"
    )
    assert [_row(r)[2:6] for r in rows] == [
        ("Indemnisation", "6801643.00", None, "35116.00"),
        ("Logement", "2462262.00", None, "500000.00"),
    ]
    assert unread == []
