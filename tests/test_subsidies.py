"""Rules of the financing parsers (pipelines/extract/subsidies/, one module per layout), one snippet per rule.

The snippets copy the shape of the real lines: articles and prose of 000, annex tables
"OPERATION TERRITOIRE(S) ..." of 003 (annexe 4), tab-separated pivot table of 004 (annexe 6).
"""

import re
from decimal import Decimal

import pytest

from pipelines.extract.numbers import is_single_amount, tokens_to_decimal
from pipelines.extract.sections import find_sections
from pipelines.extract.subsidies import (
    OperationHeading,
    count_items,
    find_operation_headings,
    match_dispositif,
    parse_article_totals,
    parse_listing_tables,
    parse_pivot_tables,
    parse_prose_grants,
    parse_unread_structure_tables,
    read_count_and_amount,
    trailing_amount,
)


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _line_of(lines: list[str], text: str, nth: int = 0) -> int:
    """1-based line of the ``nth`` line containing ``text``."""
    return [i for i, line in enumerate(lines, start=1) if text in line][nth]


# ------------------------------------------------------------------ article totals

ARTICLES = _lines("""DECIDE :

Article 1     :
De valider le financement des 3 opérations de la thématique 1 « Accompagnement des
bénéficiaires du RSA », telles que présentées en annexe 1, pour un montant total de
2 846 873 € aux structures et selon la répartition financière reprise en annexe 4.

Article 3     :

De valider le financement des 3 opérations de la thématique 4 « Autonomie et inclusion
des  jeunes »  telles  que  présentées en  annexe  3,  pour  un  montant  total  de  402
247,96€,  aux structures.

Article 4 :
De valider la thématique 2 pour 100 000 € dont 20 000 € en 2026.

Article 5 :
D'autoriser le Président à signer les conventions, pour un montant total de 500 000 €.

Article 6 :
De valider les thématiques 1 et 3 pour un montant total de 700 000 €.

Dans les conditions de vote ci-dessous :
Article 7 : de valider la thématique 5 pour 9 999 €
(Adopté)""")


def test_article_totals_one_thematique_one_amount():
    totals = parse_article_totals(ARTICLES, find_sections(ARTICLES))
    assert [
        (t.portee, t.thematique, t.montant_eur, t.ligne, t.libelle, t.tableau, t.quantite) for t in totals
    ] == [
        (
            "article",
            "1",
            Decimal("2846873.00"),
            _line_of(ARTICLES, "2 846 873 €"),
            "Article 1 : Accompagnement des bénéficiaires du RSA",
            None,
            None,
        ),
        # an amount cut across two lines is read at the line of its first digits
        (
            "article",
            "4",
            Decimal("402247.96"),
            _line_of(ARTICLES, "de  402"),
            "Article 3 : Autonomie et inclusion des jeunes",
            None,
            None,
        ),
    ]
    # not read: article 4 (two amounts), 5 (no thématique), 6 (two thématiques), 7 (after the vote)


# ------------------------------------------------------------ operation headings

HEADINGS = _lines("""Thématique 1
Opération 1 : Dispositif référent solidarité
Dans ce cadre, il est proposé de financer 2 structures pour un total de 27 000 €.
Opération 2 : Accompagnement socioprofessionnel des
bénéficiaires du RSA
texte
Opération 1 : Fonds de Prévention des Expulsions Locatives (FPEL)
Opération 1 : Contrepartie FSE – Mobiliser et développer les clauses sociales (dispositif 5.10)
ARRAGEOIS\tOpération 1 : Dynamisation des parcours\tMEMPA
Opération 2 et 3 : Solutions logement -
jeunes
fin""")


def test_operation_headings_numbering_restarts_for_each_thematique():
    heads = find_operation_headings(HEADINGS, ["1", "3", "4"])
    assert [(h.thematique, h.numero, h.titre, h.dispositif_code, h.start, h.end) for h in heads] == [
        ("1", 1, "Dispositif référent solidarité", None, 1, 3),
        # a title cut at a lower-case continuation line is joined with it
        ("1", 2, "Accompagnement socioprofessionnel des bénéficiaires du RSA", None, 3, 6),
        ("3", 1, "Fonds de Prévention des Expulsions Locatives (FPEL)", None, 6, 7),
        # "(dispositif 5.10)" gives the code and leaves the title
        ("4", 1, "Contrepartie FSE – Mobiliser et développer les clauses sociales", "5.10", 7, 9),
        # "Opération 2 et 3" keeps the first number; a title ending with "-" is glued to the next line
        ("4", 2, "Solutions logement -jeunes", None, 9, 12),
    ]  # the tab-separated line (a table cell) is not a heading


def test_operation_headings_beyond_the_named_thematiques_have_none():
    heads = find_operation_headings(["Opération 1 : A", "Opération 1 : B"], ["2"])
    assert [(h.thematique, h.titre) for h in heads] == [("2", "A"), (None, "B")]


# --------------------------------------------------------------- trailing amounts


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        (("24", "000,00"), True),
        (("1", "565", "228,00"), True),
        (("500000",), True),  # a lone token may hold any number of digits
        (("0,00",), True),
        (("300", "24", "000,00"), False),  # "24" inside an amount: a count is glued to it
        (("11", "880,00"), True),  # as printed: it is the table that decides (see below)
        (("2", "1559"), False),  # a group of four digits
        (("1", "50"), False),  # a group of two digits
        (("1234", "000"), False),  # a first group of four digits
        (("000,00",), False),  # a leading zero
        (("12,30", "000"), False),  # cents before the last token
        (("12,3,4",), False),
    ],
)
def test_is_single_amount(tokens, expected):
    assert is_single_amount(tokens) is expected


def test_tokens_to_decimal_always_has_cents():
    assert tokens_to_decimal(("1", "565", "228,00")) == Decimal("1565228.00")
    assert str(tokens_to_decimal(["9", "023,4"])) == "9023.40"
    assert str(tokens_to_decimal(["11"])) == "11.00"


@pytest.mark.parametrize(
    ("line", "value", "text", "count_tokens"),
    [
        (
            "CCAS Arras 300 24 000,00 €                             ",
            Decimal("24000.00"),
            "CCAS Arras",
            ("300",),
        ),
        (
            "RESTOS DU CŒUR 56 postes en insertion par an - 01/01/2022 au 31/12/2023 201 600,00 ",
            Decimal("201600.00"),
            "RESTOS DU CŒUR 56 postes en insertion par an - 01/01/2022 au 31/12/2023",
            (),
        ),
        ("201 600,00", Decimal("201600.00"), "", ()),
        (
            "TOTAL 9 669 places d'accompagnement 773 520,00 €",
            Decimal("773520.00"),
            "TOTAL 9 669 places d'accompagnement",
            (),
        ),
        (
            "Département Pas-de-Calais Habitat Offrir des solutions 30 000 €",
            Decimal("30000.00"),
            "Département Pas-de-Calais Habitat Offrir des solutions",
            (),
        ),
        ("Aide au loyer 1 200 €/an", Decimal("1200.00"), "Aide au loyer", ()),
        ("TOTAL 0,00 ", Decimal("0.00"), "TOTAL", ()),
    ],
)
def test_trailing_amount(line, value, text, count_tokens):
    amount = trailing_amount(line)
    assert (amount.value, amount.text, amount.count_tokens) == (value, text, count_tokens)


@pytest.mark.parametrize(
    "line",
    [
        "Montreuillois - 36",  # neither cents nor euro sign
        "Il est proposé de financer pour un montant de 9 000 €",  # prose, not a cell
        "pour une participation à 5 000 €",
        "au 31/12/2022",
        "TOTAL",
        "",
    ],
)
def test_no_trailing_amount(line):
    assert trailing_amount(line) is None


def test_read_count_and_amount_gives_every_reading():
    assert read_count_and_amount(("11", "880,00")) == [
        (None, Decimal("11880.00")),
        (Decimal("11"), Decimal("880.00")),
    ]
    assert read_count_and_amount(("833", "125", "000,00")) == [
        (None, Decimal("833125000.00")),
        (Decimal("833"), Decimal("125000.00")),
    ]
    # "8" cannot follow "100" in one amount: one reading only
    assert read_count_and_amount(("100", "8", "000,00")) == [(Decimal("100"), Decimal("8000.00"))]
    # a count never carries cents
    assert read_count_and_amount(("3,40", "183", "280,00")) == []


# ------------------------------------------------------------------ listing tables

PLACES = _lines("""OPERATION TERRITOIRE(S) STRUCTURE PLACES D'ACCOMPAGNEMENT MONTANT RETENU

CC Osartis Marquion 100 8 000,00 €                                

CC Sud Artois 80 6 400,00 €                                

CCAS Labourse 11 880,00 €                                   

CCAS Arras 300 24 000,00 €                             

TOTAL 491 places d'accompagnement 39 280,00 €                           

TOTAL 39 280,00 €
Texte qui suit""")  # noqa: W291


def test_places_table_count_glued_to_amount_is_decided_by_the_unit_rate():
    grants, totals, unread = parse_listing_tables(PLACES, ["1"], [])
    assert [(g.structure, g.quantite, g.unite, g.montant_eur, g.ligne_debut, g.ligne) for g in grants] == [
        ("CC Osartis Marquion", Decimal("100"), "places", Decimal("8000.00"), 3, 3),
        ("CC Sud Artois", Decimal("80"), "places", Decimal("6400.00"), 5, 5),
        # 11 880,00: 11 places at 80 € (the rate of the other rows), not 11 880,00 € without count
        ("CCAS Labourse", Decimal("11"), "places", Decimal("880.00"), 7, 7),
        ("CCAS Arras", Decimal("300"), "places", Decimal("24000.00"), 9, 9),
    ]
    assert {(g.source, g.tableau, g.thematique, g.territoire, g.complement, g.operation) for g in grants} == {
        ("tableau", 3, "1", None, None, None)
    }
    assert grants[2].extrait == "CCAS Labourse 11 880,00 €"
    assert [
        (t.portee, t.tableau, t.thematique, t.libelle, t.montant_eur, t.quantite, t.ligne) for t in totals
    ] == [
        ("tableau", 3, "1", "TOTAL 491 places d'accompagnement", Decimal("39280.00"), Decimal("491"), 11),
        # a TOTAL right after a TOTAL: the thématique's total
        ("thematique", None, "1", "TOTAL (thématique)", Decimal("39280.00"), None, 13),
    ]
    assert unread == []


PLIE = _lines("""OPERATION TERRITOIRE(S) STRUCTURE PLACES D'ACCOMPAGNEMENT MONTANT RETENU
MONTREUILLOIS/TERNOIS ADEFI MISSION LOCALE 300 45 000,00 €                             
CALAISIS LA FABRIQUE DEFI 312 46 875,00 €                             
LENS-LIEVIN GESTION ANIMATION PLIE LENS LIEVIN 833 125 000,00 €                           
BOULONNAIS ASS MISSION INSERT EMPLOI BOULONNAIS 312 46 875,00 €                             
TOTAL 757 places d'accompagnement                             263 750,00 € 
TOTAL 263 750,00 €""")  # noqa: W291


def test_places_table_count_glued_to_amount_is_decided_by_the_total():
    # the modal rate (46 875 / 312) does not give 125 000 for 833 places: the TOTAL decides
    grants, totals, unread = parse_listing_tables(PLIE, ["1"], [])
    row = grants[2]
    assert (row.structure, row.quantite, row.montant_eur, row.ligne) == (
        "GESTION ANIMATION PLIE LENS LIEVIN",
        Decimal("833"),
        Decimal("125000.00"),
        4,
    )
    # in a places table the structure is the whole text after the territory
    assert [(g.territoire, g.structure) for g in grants] == [
        ("MONTREUILLOIS/TERNOIS", "ADEFI MISSION LOCALE"),
        ("CALAISIS", "LA FABRIQUE DEFI"),
        ("LENS-LIEVIN", "GESTION ANIMATION PLIE LENS LIEVIN"),
        ("BOULONNAIS", "ASS MISSION INSERT EMPLOI BOULONNAIS"),
    ]
    assert sum(g.montant_eur for g in grants) == totals[0].montant_eur == Decimal("263750.00")
    assert unread == []


UNDECIDED = _lines("""OPERATION TERRITOIRE(S) STRUCTURE PLACES D'ACCOMPAGNEMENT MONTANT RETENU
CCAS Labourse 11 880,00 €
CCAS Vermelles 10 800,00 €
TOTAL 21 places d'accompagnement 1 680,00 €""")


def test_places_table_undecided_counts_are_unread():
    grants, totals, unread = parse_listing_tables(UNDECIDED, [], [])
    # no row read one way only (no rate) and two undecided rows (the TOTAL cannot decide)
    assert grants == []
    assert [(u.ligne, u.texte) for u in unread] == [
        (2, "CCAS Labourse 11 880,00 €"),
        (3, "CCAS Vermelles 10 800,00 €"),
    ]
    assert all(
        u.raison.startswith("nombre de places collé au montant, lectures possibles : — places / ")
        for u in unread
    )
    assert [(t.portee, t.thematique, t.montant_eur, t.quantite) for t in totals] == [
        ("tableau", None, Decimal("1680.00"), Decimal("21"))
    ]


def test_places_table_undecided_counts_show_both_readings():
    _, _, unread = parse_listing_tables(UNDECIDED, [], [])
    assert [(u.ligne, u.texte, u.raison) for u in unread] == [
        (
            2,
            "CCAS Labourse 11 880,00 €",
            "nombre de places collé au montant, lectures possibles "
            ": — places / 11 880,00 € ; 11 places / 880,00 €",
        ),
        (
            3,
            "CCAS Vermelles 10 800,00 €",
            "nombre de places collé au montant, lectures possibles "
            ": — places / 10 800,00 € ; 10 places / 800,00 €",
        ),
    ]


POSTES = _lines("""OPERATION TERRITOIRE(S) STRUCTURE DESCRIPTION ACTION / COMPLEMENT D'INFORMATION MONTANT RETENU

Artois Habitat Insertion 4 postes en insertion - Opération du 01/01/2022 au 31/12/2022 18 000,00 €                             

Hénin/Carvin DYNAMIQUE INSERTION EMPLOI 3 postes en insertion par an - 01/01/2022 au 31/12/2022 9 000,00 €                                

Artois COMMUNE DE LILLERS Soutien au fonctionnement de la Crèche AVIP 9 023,41 

Arrageois FJEP Soutien au fonctionnement du Taxi Solidaire - 01/01/2022 au 31/12/2022 90 000,00 

TOTAL 126 023,41 €                           

Audomarois 
ASSOCIATION POUR AIDER A LA REINSERTION DES DEMANDEURS D'EMPLOIS 

(APARDE)
15 postes en insertion par an - 01/01/2022 au 31/12/2022 35 100,00 €                             

Audomarois DEFI MOBILITE
Soutien au fonctionnement de l'activité de location solidiaire 2-4 roues - 01/01/2022 au

31/12/2022
52 500,00 

TOTAL 87 600,00 €

TOTAL 213 623,41 €

OPERATION TERRITOIRE(S) STRUCTURE DESCRIPTION ACTION / COMPLEMENT D'INFORMATION MONTANT RETENU

Arrageois- Ternois-Montreuillois- 

Audomarois (CC de Lumbres)
Familles rurales

Permettre à des ménages exclus du système bancaire classique d'avoir accès à un crédit

personnel accompagné pour financer un projet
15 000,00 €                             

TOTAL 15 000,00

TOTAL 15 000,00 €

Texte après les tableaux""")  # noqa: E501, W291


def _row(g):
    return (
        g.thematique,
        g.territoire,
        g.structure,
        g.complement,
        g.quantite,
        g.unite,
        g.montant_eur,
        g.ligne_debut,
        g.ligne,
    )


def test_description_tables_territory_structure_complement_and_count():
    grants, totals, unread = parse_listing_tables(POSTES, ["1", "3"], [])
    p = POSTES
    assert [_row(g) for g in grants] == [
        (
            "1",
            "Artois",
            "Habitat Insertion",
            "4 postes en insertion - Opération du 01/01/2022 au 31/12/2022",
            Decimal("4"),
            "postes",
            Decimal("18000.00"),
            3,
            3,
        ),
        (
            "1",
            "Hénin/Carvin",
            "DYNAMIQUE INSERTION EMPLOI",
            "3 postes en insertion par an - 01/01/2022 au 31/12/2022",
            Decimal("3"),
            "postes",
            Decimal("9000.00"),
            5,
            5,
        ),
        # the structure ends after its run of capitals
        (
            "1",
            "Artois",
            "COMMUNE DE LILLERS",
            "Soutien au fonctionnement de la Crèche AVIP",
            None,
            None,
            Decimal("9023.41"),
            7,
            7,
        ),
        # ... or before a word that opens a description
        (
            "1",
            "Arrageois",
            "FJEP",
            "Soutien au fonctionnement du Taxi Solidaire - 01/01/2022 au 31/12/2022",
            None,
            None,
            Decimal("90000.00"),
            9,
            9,
        ),
        # a block of lines: territory alone, structure and its "(ACRONYM)" continuation, complement
        (
            "1",
            "Audomarois",
            "ASSOCIATION POUR AIDER A LA REINSERTION DES DEMANDEURS D'EMPLOIS (APARDE)",
            "15 postes en insertion par an - 01/01/2022 au 31/12/2022",
            Decimal("15"),
            "postes",
            Decimal("35100.00"),
            _line_of(p, "Audomarois "),
            _line_of(p, "15 postes en insertion par an"),
        ),
        (
            "1",
            "Audomarois",
            "DEFI MOBILITE",
            "Soutien au fonctionnement de l'activité de location "
            "solidiaire 2-4 roues - 01/01/2022 au 31/12/2022",
            None,
            None,
            Decimal("52500.00"),
            _line_of(p, "Audomarois DEFI"),
            _line_of(p, "52 500,00"),
        ),
        # second thématique (after "TOTAL" + "TOTAL" and a new header); a territory cell on two lines
        (
            "3",
            "Arrageois- Ternois-Montreuillois- Audomarois (CC de Lumbres)",
            "Familles rurales",
            "Permettre à des ménages exclus du système bancaire classique d'avoir "
            "accès à un crédit personnel accompagné pour financer un projet",
            None,
            None,
            Decimal("15000.00"),
            _line_of(p, "Arrageois- Ternois"),
            _line_of(p, "15 000,00 €"),
        ),
    ]
    assert [g.tableau for g in grants] == [3, 3, 3, 3, 13, 13, _line_of(p, "Arrageois- Ternois")]
    assert [(t.portee, t.tableau, t.thematique, t.montant_eur, t.ligne) for t in totals] == [
        ("tableau", 3, "1", Decimal("126023.41"), 11),
        ("tableau", 13, "1", Decimal("87600.00"), _line_of(p, "TOTAL 87 600,00")),
        ("thematique", None, "1", Decimal("213623.41"), _line_of(p, "TOTAL 213 623,41")),
        (
            "tableau",
            _line_of(p, "Arrageois- Ternois"),
            "3",
            Decimal("15000.00"),
            _line_of(p, "TOTAL 15 000,00", 0),
        ),
        ("thematique", None, "3", Decimal("15000.00"), _line_of(p, "TOTAL 15 000,00", 1)),
    ]
    assert unread == []


def test_numbers_left_before_the_amount_stay_in_the_complement():
    lines = _lines("""OPERATION TERRITOIRE(S) STRUCTURE DESCRIPTION ACTION / COMPLEMENT D'INFORMATION MONTANT RETENU
CCAS Arras Actions collectives 300 24 000,00 €
TOTAL 24 000,00 €""")  # noqa: E501
    [grant], _, _ = parse_listing_tables(lines, [], [])
    assert (grant.structure, grant.complement, grant.montant_eur, grant.thematique) == (
        "CCAS Arras",
        "Actions collectives 300",
        Decimal("24000.00"),
        None,
    )


def test_territory_cells_printed_apart_and_rows_without_amount_are_unread():
    lines = _lines("""OPERATION TERRITOIRE(S) STRUCTURE DESCRIPTION ACTION / COMPLEMENT D'INFORMATION MONTANT RETENU
VESTALI 19 postes en insertion par an - 01/01/2022 au 31/12/2023 68 400,00 
Département

Ternois

Montreuillois 
 2. Développement des compétences et accès à l’emploi 
 APSA 72 postes en insertion par an - 01/01/2022 au 31/12/2023 232 800,00 
TOTAL 301 200,00 
Département
Mesure d'Accompagnement Social Personnalisé : 3 associations retenues : 

ATPC, ADAE, La Vie Active
TOTAL
Fin du tableau""")  # noqa: E501, W291
    grants, totals, unread = parse_listing_tables(lines, [], [])
    assert [
        (g.territoire, g.structure, g.quantite, g.montant_eur, g.ligne_debut, g.ligne) for g in grants
    ] == [
        (None, "VESTALI", Decimal("19"), Decimal("68400.00"), 2, 2),
        # the merged territory cells are not attached to APSA; the page heading is skipped
        (None, "APSA", Decimal("72"), Decimal("232800.00"), 9, 9),
    ]
    merged = "libellé de territoire imprimé à part (cellule fusionnée) : non rattachable à une ligne"
    assert [(u.ligne, u.texte, u.raison) for u in unread] == [
        (3, "Département", merged),
        (5, "Ternois", merged),
        (7, "Montreuillois", merged),
        (
            11,
            "Département Mesure d'Accompagnement Social Personnalisé "
            ": 3 associations retenues : ATPC, ADAE, La Vie Active",
            "ligne de tableau sans montant retenu : les montants "
            "ne sont cités que dans le texte de la cellule",
        ),
    ]
    # a TOTAL without amount gives no printed total
    assert [(t.montant_eur, t.ligne) for t in totals] == [(Decimal("301200.00"), 10)]


def test_table_total_stated_by_one_operation_gives_its_title_and_dispositif():
    lines = _lines("""OPERATION TERRITOIRE(S) STRUCTURE DESCRIPTION ACTION / COMPLEMENT D'INFORMATION MONTANT RETENU
Artois Habitat Insertion 4 postes en insertion 18 000,00 €
Calaisis CHENELET 3 postes en insertion 9 000,00 €
TOTAL 27 000,00 €
Arrageois FJEP Soutien au fonctionnement du Taxi Solidaire 90 000,00 
TOTAL 90 000,00
TOTAL 117 000,00 €
Opération 1 : Insertion par l'activité économique (dispositif 2.1)
Il est proposé de financer 2 structures pour un montant total de 27 000 €.
Opération 2 : Mobilité
Il est proposé de financer 1 structure pour un montant total de 90 000 €.""")  # noqa: E501, W291
    headings = find_operation_headings(lines, ["2"])
    grants, _, _ = parse_listing_tables(lines, ["2"], headings)
    assert [(g.structure, g.operation, g.dispositif_code, g.thematique) for g in grants] == [
        ("Habitat Insertion", "Insertion par l'activité économique", "2.1", "2"),
        ("CHENELET", "Insertion par l'activité économique", "2.1", "2"),
        ("FJEP", "Mobilité", None, "2"),
    ]


# ------------------------------------------------------------------- pivot table


HEADS_004 = [  # the report's headings of 004 (l.195-203, 280), thématiques 1 and 5
    OperationHeading(
        "1",
        1,
        "Dynamisation des parcours : accueil et accompagnement "
        "remobilisation sociale intensive des bénéficiaires du RSA",
        "1.1",
        0,
        1,
    ),
    OperationHeading("1", 2, "Accompagnement Remobilisation Sociale", "1.2", 1, 2),
    OperationHeading("1", 3, "Accompagnement Social et Professionnel intensif des BRSA", "1.3", 2, 3),
    OperationHeading("5", 8, "Contrepartie FSE – Mobiliser et développer les clauses sociales", "5.10", 3, 4),
    OperationHeading("5", 9, "Sans code", None, 4, 5),
]


def test_match_dispositif_compares_titles():
    heads = [h for h in HEADS_004 if h.dispositif_code != "1.2"]
    label = (
        "Opération 1 : Dynamisation des parcours:accueil et accompagnement "
        "remobilisation sociale intensive des bénéficiaires du RSA"
    )
    assert match_dispositif(label, heads, "1").dispositif_code == "1.1"
    # the annex numbering drifts: the title decides, not the number
    assert (
        match_dispositif(
            "Opération 8 : Contrepartie FSE _ Mobiliser et développer les clauses sociales", heads, "5"
        ).dispositif_code
        == "5.10"
    )
    assert (
        match_dispositif(
            "Opération 3 : Accompagnement Social et Professionnel intensif des BRSA", heads, None
        ).dispositif_code
        == "1.3"
    )
    # another thématique's heading is not a match
    assert match_dispositif(label, heads, "4") is None
    # too few shared words
    assert match_dispositif("Opération 2 : Accompagnement des jeunes", heads, "1") is None


def test_match_dispositif_with_two_codes_is_none():
    heads = [
        OperationHeading("1", 1, "Accompagnement social", "1.2", 0, 1),
        OperationHeading("1", 2, "Accompagnement social", "1.3", 1, 2),
    ]
    assert match_dispositif("Opération 1 : Accompagnement social", heads, "1") is None


@pytest.mark.parametrize(
    ("label", "code"),
    [
        (
            "Opération 1 : Dynamisation des parcours:accueil et accompagnement "
            "remobilisation sociale intensive des bénéficiaires du RSA",
            "1.1",
        ),
        ("Opération 2 : Accompagnement remobilisation sociale des bénéficiaires du RSA", "1.2"),
    ],
)
def test_match_dispositif_prefers_the_closest_title(label, code):
    heading = match_dispositif(label, HEADS_004, "1")
    assert heading is not None and heading.dispositif_code == code


@pytest.mark.parametrize(
    ("complement", "n"),
    [
        ("16 postes en insertion par an 24 postes en insertion par an", 2),
        ("42 places d'accompagnements 140 places d'accompagnements 105 places d'accompagnements", 3),
        ("1 ETP pour 136 DSP et 57 places remobilisation sociale intensive", 1),
        ("3,40 ETP pour 238 places d'accompagnements", 1),
        ("(vide)", 1),
    ],
)
def test_count_items(complement, n):
    assert count_items(complement) == n


PIVOT_HEADER = (
    "TERRITOIRE\tTHEMATIQUE\tOPERATION\tSTRUCTURE\tCOMPLEMENTS "
    "D'INFORMATION\tAVENANT/CONVENTION\tSomme de MONTANT RETENU\t\t"
)
# layout 1 (9 columns, labels one line off their amounts): op. 1 printed as its sub-total
# then its row, op. 2 as its sub-total then its rows, then the thématique and territory totals
PIVOT_SHIFTED = _lines(
    "ANNEXE 6 - DETAIL FINANCEMENTS\n"
    "\n" + PIVOT_HEADER + "\n"
    "ARRAGEOIS\tTHEMATIQUE 1 : Parcours accompagnement RSA\tOpération 1 : Dynamisation des "
    "parcours:accueil et accompagnement remobilisation sociale intensive des bénéficiaires du "
    "RSA\tMEMPA\t1 ETP pour 136 DSP et 57 places remobilisation sociale intensive\tCONVENTION - annexe "
    "7\t107 076,00 €\t\t\n"
    "\t\t\tMEMPA\t84 places d'accompagnements\tCONVENTION - annexe 7\t107 076,00 €\t\t\n"
    "\t\t\tCC Osartis Marquion\t434 places d'accompagnements\tCONVENTION - annexe 7\t393 840,00 €\t\t\n"
    "\t\t\tCCAS d'Arras\t724 places d'accompagnements\tCONVENTION - annexe 7\t26 880,00 €\t\t\n"
    "\t\t\tDEMAIN\t140 places d'accompagnements\tCONVENTION - annexe 7\t366 960,00 €\t\t\n"
    "\t\t\t\t\t\t500 916,00 €\t\t\n"
    "ARRAGEOIS\tTotal THEMATIQUE 1 : Parcours accompagnement RSA\t\t\t\t\t52 000,00 €\t\t\n"
    "\t\tARRAGEOIS\tTHEMATIQUE 4 : Parcours inclusion jeunes\t\t\t52 000,00 €\t\t\n"
    "\t\t\t\t\t\t552 916,00 €\t\t\n"
    "Total général\t\t\t\t\t552 916,00 €\n"
    "Texte après le tableau"
)
# layout 2 (6 columns, labels on their amounts): a sub-total whose rows miss an amount, an
# amount printed twice, a territory total printed 20 € off
PIVOT_ALIGNED = _lines(
    PIVOT_HEADER + "\n"
    "CALAISIS\tTHEMATIQUE 1 : Parcours accompagnement RSA\tOpération 2 : Accompagnement remobilisation "
    "sociale\tCCAS A\t70 places d'accompagnements\tCONVENTION - annexe 7\t100 000,00 €\n"
    "\t\tCCAS B\t140 places d'accompagnements\tCONVENTION - annexe 7\t50 000,00 €\n"
    "\t\tCCAS C\t100 places d'accompagnements\tCONVENTION - annexe 7\t40 000,00 €\n"
    "Total THEMATIQUE 1 : Parcours accompagnement RSA\t\t\t\t\t100 000,00 €\n"
    "THEMATIQUE 5 : Contreparties FSE\tOpération 3 : Contrepartie FSE - Aide à l'encadrement dans les "
    "ACI\tAES\t36 postes en insertion par an\tCONVENTION - annexe 7\t30 000,00 €\n"
    "\t\t\t\t\t30 000,00 €\n"
    "\t\t\t\t\t30 000,00 €\n"
    "Total THEMATIQUE 5 : Contreparties FSE\t\t\t\t\t30 000,00 €\n"
    "Total CALAISIS\t\t\t\t\t130 020,00 €\n"
    "Total général\t\t\t\t\t130 000,00 €"
)
HEADS = [
    OperationHeading(
        "1",
        1,
        "Dynamisation des parcours : accueil et accompagnement "
        "remobilisation sociale intensive des bénéficiaires du RSA",
        "1.1",
        0,
        1,
    ),
    OperationHeading(
        "2", 2, "FSL : Mission prévention des expulsions par l'intermédiaire d'un numéro vert", "2.2", 1, 2
    ),
]


def test_pivot_shifted_labels_subtotals_are_not_grants_and_rows_go_under_their_thematique():
    grants, totals, unread = parse_pivot_tables(PIVOT_SHIFTED, HEADS)
    assert [(g.ligne, g.territoire, g.thematique, g.structure, g.montant_eur) for g in grants] == [
        (5, "ARRAGEOIS", "1", "MEMPA", Decimal("107076.00")),
        (7, "ARRAGEOIS", "1", "CCAS d'Arras", Decimal("26880.00")),
        (8, "ARRAGEOIS", "1", "DEMAIN", Decimal("366960.00")),
        (
            10,
            "ARRAGEOIS",
            "4",
            "(structure non imprimée sur la ligne, montant 1)",
            Decimal("52000.00"),
        ),  # printed on the "Total THEMATIQUE 1" line
    ]
    assert grants[0].dispositif_code == "1.1"
    assert [(t.portee, t.thematique, t.montant_eur, t.ligne) for t in totals] == [
        ("thematique", "1", Decimal("500916.00"), 9),
        ("operation", "1", Decimal("107076.00"), 4),  # operation sub-totals are printed totals too
        ("operation", "1", Decimal("393840.00"), 6),
        ("thematique", "4", Decimal("52000.00"), 11),
        ("territoire", None, Decimal("552916.00"), 12),
        ("general", None, Decimal("552916.00"), 13),
    ]
    assert any(u.ligne == 10 and "n'est pas ce total" in u.raison for u in unread)


def test_pivot_aligned_labels_short_subtotal_repeat_and_mistyped_territory_total():
    grants, totals, unread = parse_pivot_tables(PIVOT_ALIGNED, HEADS)
    assert [(g.ligne, g.thematique, g.structure, g.montant_eur) for g in grants] == [
        (3, "1", "CCAS B", Decimal("50000.00")),
        (4, "1", "CCAS C", Decimal("40000.00")),
        (7, "5", "(structure non imprimée sur la ligne, montant 1)", Decimal("30000.00")),
    ]
    # the 10 000 € that no line details are not a grant: the grants fall short of the sub-total
    assert sum(g.montant_eur for g in grants) == Decimal("120000.00")
    assert [(t.portee, t.thematique, t.montant_eur, t.ligne) for t in totals] == [
        ("thematique", "1", Decimal("100000.00"), 5),
        ("operation", "1", Decimal("100000.00"), 2),  # the short sub-total, kept as printed
        ("thematique", "5", Decimal("30000.00"), 8),  # the amount printed a third time closes it
        ("operation", "5", Decimal("30000.00"), 6),
        ("territoire", None, Decimal("130020.00"), 10),  # printed 20 € off: checked downstream, not corrected
        ("general", None, Decimal("130000.00"), 11),
    ]
    reasons = {u.ligne: u.raison for u in unread}
    assert reasons[2] == (
        "lecture incertaine : sous-total 100 000,00 ≠ somme des 2 montants lus (l.3–4) 90 000,00 ; "
        "10 000,00 ne sont détaillés par aucune ligne du texte"
    )
    assert "imprimé une fois de plus" in reasons[9]
    # l.9 prints « Total THEMATIQUE 5 » on its own total again: nothing more to say
    assert not [u for u in unread if u.ligne == 9 and "n'est pas ce total" in u.raison]


# labels displaced against the amounts: the « Total THEMATIQUE 4 » label sits on the sub-total
# of the next thématique's operation (100 000 = 60 000 + 40 000), the T4 total being 52 000
PIVOT_LABEL_ON_SUBTOTAL = _lines(
    PIVOT_HEADER + "\n"
    "MONTREUILLOIS\tTHEMATIQUE 4 : Parcours inclusion jeunes\tOpération 2 : Eviter les sorties "
    "sèches\tCIAS\t35 places d'accompagnements\tCONVENTION - annexe 7\t52 000,00 €\n"
    "THEMATIQUE 5 : Contreparties FSE\tOpération 3 : Contrepartie FSE - Aide à l'encadrement dans les "
    "ACI\tAILES\t20 postes en insertion par an\tCONVENTION - annexe 7\t52 000,00 €\n"
    "\t\tCampagnes services\t38 postes en insertion par an\tCONVENTION - annexe 7\t52 000,00 €\n"
    "Total THEMATIQUE 4 : Parcours inclusion jeunes\t\t\t\t\t100 000,00 €\n"
    "Total THEMATIQUE 5 : Contreparties FSE\t\t\t\t\t60 000,00 €\n"
    "\t\t\t\t\t40 000,00 €\n"
    "\t\t\t\t\t100 000,00 €\n"
    "Total MONTREUILLOIS\t\t\t\t\t152 000,00 €\n"
    "Total général\t\t\t\t\t152 000,00 €"
)


def test_pivot_thematique_label_on_an_operation_subtotal_is_listed():
    _grants, totals, unread = parse_pivot_tables(PIVOT_LABEL_ON_SUBTOTAL, HEADS)
    assert ("operation", "5", Decimal("100000.00"), 5) in [
        (t.portee, t.thematique, t.montant_eur, t.ligne) for t in totals
    ]
    reasons = {u.ligne: u.raison for u in unread}
    # an operation's sub-total is not the thématique's total: the label carries another figure
    assert reasons[5] == (
        "libellé « Total THEMATIQUE 4 : Parcours inclusion jeunes » sur un montant qui n'est pas ce total "
        "(100 000,00)"
    )
    # the T4 total itself, printed on a line without a label, raises nothing
    assert ("thematique", "4", Decimal("52000.00"), 4) in [
        (t.portee, t.thematique, t.montant_eur, t.ligne) for t in totals
    ]
    assert 4 not in reasons


_T1 = "Total THEMATIQUE 1 : Parcours accompagnement RSA\t\t\t\t\t"
# the previous territory's total (50 000) copied under the next territory's « Total
# THEMATIQUE 1 » label (l.10), that territory's T1 total being 70 000 (l.14)
PIVOT_TOTAL_COPIED = _lines(
    PIVOT_HEADER + "\n"
    "ARTOIS\tTHEMATIQUE 1 : Parcours accompagnement RSA\tOpération 2 : Accompagnement remobilisation "
    "sociale\tCCAS A\t30 places d'accompagnements\tCONVENTION - annexe 7\t40 000,00 €\n"
    "\t\tCCAS B\t20 places d'accompagnements\tCONVENTION - annexe 7\t25 000,00 €\n"
    "\t\tCCAS C\t10 places d'accompagnements\tCONVENTION - annexe 7\t15 000,00 €\n" + _T1 + "40 000,00 €\n"
    "THEMATIQUE 4 : Parcours inclusion jeunes\tOpération 2 : Eviter les sorties sèches\tMIPE\t"
    "30 places d'accompagnements\tCONVENTION - annexe 7\t10 000,00 €\n"
    "\t\t\t\t\t10 000,00 €\n"
    "Total THEMATIQUE 4 : Parcours inclusion jeunes\t\t\t\t\t10 000,00 €\n"
    "Total ARTOIS\t\t\t\t\t50 000,00 €\n" + _T1 + "50 000,00 €\n"
    "BOULONNAIS\tTHEMATIQUE 1 : Parcours accompagnement RSA\tOpération 2 : Accompagnement remobilisation "
    "sociale\tCCAS D\t50 places d'accompagnements\tCONVENTION - annexe 7\t70 000,00 €\n"
    "\t\tCCAS E\t40 places d'accompagnements\tCONVENTION - annexe 7\t45 000,00 €\n"
    "\t\tCCAS F\t20 places d'accompagnements\tCONVENTION - annexe 7\t25 000,00 €\n" + _T1 + "70 000,00 €\n"
    "Total BOULONNAIS\t\t\t\t\t70 000,00 €\n"
    "Total général\t\t\t\t\t120 000,00 €"
)


def test_pivot_thematique_label_on_a_total_copied_from_elsewhere_is_listed():
    _grants, totals, unread = parse_pivot_tables(PIVOT_TOTAL_COPIED, HEADS)
    assert ("territoire", Decimal("50000.00"), 9) in [(t.portee, t.montant_eur, t.ligne) for t in totals]
    assert ("thematique", "1", Decimal("70000.00"), 14) in [
        (t.portee, t.thematique, t.montant_eur, t.ligne) for t in totals
    ]
    at_10 = [u.raison for u in unread if u.ligne == 10]
    assert at_10 == [
        "montant 50 000,00 imprimé une fois de plus (sous-total ou total répété)",
        "libellé « Total THEMATIQUE 1 : Parcours accompagnement R » sur un montant qui n'est pas ce total "
        "(50 000,00)",
    ]


def test_no_pivot_header_no_rows():
    assert parse_pivot_tables(["CCAS Arras\t100 places\t8 000,00 €"], []) == ([], [], [])


# ------------------------------------------------------------------------- prose

PROSE = _lines("""DECIDE :
Article 1 : il est proposé de financer le CCAS Arras pour la mise en œuvre de cette mission et pour un total de 1 000 €
(Adopté)
Opération 1 : Dispositif référent solidarité 
Dans ce cadre, il est proposé de financer le CCAS Courcelles-lès-Lens pour la mise en 

œuvre de cette mission et pour un total de 6 560 €, sur la période du 1er janvier au 31 décembre 
2023.
Opération 1 : Fonds de Prévention des Expulsions Locatives (FPEL)
Pour 2023, il est proposé d’abonder ce fonds à hauteur de 500 000€ et de signer, avec la CAF 
un avenant.
Opération 1 : Fonds d’aide aux jeunes collectifs (FAJ Co) 
 L’association Béthune Bas-carbone a déposé une demande de FAJ Collectifs pour la mise 
en œuvre de son action intitulée « En roue libre vers un job durable ». Cette action vise à 
développer l’autonomie des jeunes.
 
Après étude du dossier par les services départementaux, il est proposé à la Commission 
Permanente de valider le financement de cette action pour un montant de 3 100 €. 
 Suite au dépôt d’une demande de financement FAJ Collectifs portée par la Fabrique Défi de 
Calais, il est proposé à la Commission Permanente la validation du financement par le Fonds 
d’aide aux jeunes Collectifs pour un montant de 5 147,96 €  
Opération 2 : Des « Solution Logement » pour les jeunes
Il est proposé de conventionner pour la période du 1er octobre 2023 au 30 septembre 2024, avec : 
\uf0b7 Pas-de-Calais Habitat pour un total de 30 000€ soit 15 solutions logement sur l’ensemble 
du territoire hors Calaisis (dont spécifiquement 16 000€, soit 8 solutions sur territoire ERBM), 
\uf0b7 SIA pour un total de 14 000€ soit 7 solutions logement sur les territoires de Lens Hénin 
 La MAHRA pour un total de 60 000 € soit 12 mesures renforcées sur les territoires du 
RAPPORT N°48
il est proposé de financer le CCAS Liévin pour la mise en œuvre de cette mission et pour un total de 2 000 €""")  # noqa: E501, W291, W293


def test_prose_grants_each_rule():
    sections = find_sections(PROSE)
    headings = find_operation_headings(PROSE, ["1", "3", "4"])
    grants = parse_prose_grants(PROSE, sections, headings)
    p = PROSE
    assert [
        (g.thematique, g.operation, g.structure, g.montant_eur, g.quantite, g.unite, g.ligne_debut, g.ligne)
        for g in grants
    ] == [
        (
            "1",
            "Dispositif référent solidarité",
            "CCAS Courcelles-lès-Lens",
            Decimal("6560.00"),
            None,
            None,
            _line_of(p, "Courcelles"),
            _line_of(p, "6 560 €"),
        ),
        # the endowment of a fund (500 000 €) names no structure financed: nothing
        (
            "4",
            "Fonds d’aide aux jeunes collectifs (FAJ Co)",
            "Béthune Bas-carbone",
            Decimal("3100.00"),
            None,
            None,
            _line_of(p, "Béthune Bas-carbone"),
            _line_of(p, "3 100 €"),
        ),
        (
            "4",
            "Fonds d’aide aux jeunes collectifs (FAJ Co)",
            "Fabrique Défi de Calais",
            Decimal("5147.96"),
            None,
            None,
            _line_of(p, "portée par"),
            _line_of(p, "5 147,96 €"),
        ),
        # bullets: amount and count of solutions
        (
            "4",
            "Des « Solution Logement » pour les jeunes",
            "Pas-de-Calais Habitat",
            Decimal("30000.00"),
            Decimal("15"),
            "solutions logement",
            _line_of(p, "Pas-de-Calais Habitat"),
            _line_of(p, "Pas-de-Calais Habitat"),
        ),
        (
            "4",
            "Des « Solution Logement » pour les jeunes",
            "SIA",
            Decimal("14000.00"),
            Decimal("7"),
            "solutions logement",
            _line_of(p, "SIA pour"),
            _line_of(p, "SIA pour"),
        ),
        (
            "4",
            "Des « Solution Logement » pour les jeunes",
            "La MAHRA",
            Decimal("60000.00"),
            Decimal("12"),
            "mesures renforcées",
            _line_of(p, "MAHRA"),
            _line_of(p, "MAHRA"),
        ),
    ]
    # neither the decision nor the report is read
    assert {(g.source, g.tableau, g.territoire, g.complement, g.dispositif_code) for g in grants} == {
        ("texte", None, None, None, None)
    }
    assert grants[0].extrait == (
        "proposé de financer le CCAS Courcelles-lès-Lens pour la "
        "mise en œuvre de cette mission et pour un total de 6 560 €"
    )


# ----------------------------------------------------- counts written with a thousands space


def test_pivot_count_with_thousands_separator():
    lines = [
        PIVOT_HEADER,
        "THEMATIQUE 2 : Parcours logement\tOpération 1 : Mission d'information sur le "
        "logement\tADIL\t7 000 accompagnements\tCONVENTION - annexe 7\t100 000,00 €",
    ]
    [grant], _, _ = parse_pivot_tables(lines, [])
    assert (grant.quantite, grant.unite, grant.montant_eur) == (
        Decimal("7000"),
        "accompagnements",
        Decimal("100000.00"),
    )


def test_listing_total_count_with_thousands_separator():
    lines = _lines("""OPERATION TERRITOIRE(S) STRUCTURE PLACES D'ACCOMPAGNEMENT MONTANT RETENU
CCAS Arras 9 000 720 000,00 €
CC Sud Artois 669 53 520,00 €
TOTAL 9 669 places d'accompagnement 773 520,00 €""")
    _, [total], _ = parse_listing_tables(lines, [], [])
    assert (total.montant_eur, total.quantite) == (Decimal("773520.00"), Decimal("9669"))


# ------------------------------------------------------------------ parse_unread_structure_tables


def test_structure_table_with_names_apart_from_amounts_is_listed_unread_line_by_line():
    lines = _lines("""Nom du prestataire Territoires Arrondissements  (DSF)
Valeur 85,95€/mois
de l'Arrageois 111 66 11+ 4 GLA 114 485,40 68 072,40 182 557,80 24 690,80
de la CommunAupôle Lens-Liévin
Totaux   2462 318 3 784 997,70
AUDASSE 353 707,40
 STRUCTURES TERRITOIRES SYNTHESE DE L'ACTION BUDGET CHIFFRES CLE
FACE
9000 €/an
10 sessions de 2 jours par an.
 Pôle Solidarités 
Article 3 : une subvention de 6 560 € est accordée""")  # noqa: W291
    unread = parse_unread_structure_tables(lines)
    assert [(u.ligne, u.texte) for u in unread] == [
        (2, "Valeur 85,95€/mois"),
        (3, "de l'Arrageois 111 66 11+ 4 GLA 114 485,40 68 072,40 182 557,80 24 690,80"),
        (5, "Totaux 2462 318 3 784 997,70"),
        (6, "AUDASSE 353 707,40"),
        (9, "9000 €/an"),
    ]
    assert unread[1].raison.startswith(
        "tableau « Nom du prestataire Territoires Arrondissements (DSF) » (l.1) : noms des structures"
    )
    assert "(l.7)" in unread[4].raison


def test_read_tables_are_not_taken_for_unread_structure_tables():
    lines = _lines("""OPERATION TERRITOIRE(S) STRUCTURE PLACES D'ACCOMPAGNEMENT MONTANT RETENU
CCAS Arras 300 24 000,00 €
TERRITOIRE\tTHEMATIQUE\tOPERATION\tSTRUCTURE\tMONTANT
Audomarois\tT1\tOp 1\tMIPE\t118 800,00 €""")
    assert parse_unread_structure_tables(lines) == []


# ------------------------------------------- no-break spaces and '?' separators (variants of a corpus)


def test_prose_grants_with_no_break_spaces_as_thousands_separators():
    nbsp = [
        line.replace("6 560", "6\u00a0560").replace("30 000€", "30\u202f000€").replace("5 147,96", "5?147,96")
        for line in PROSE
    ]
    grants = parse_prose_grants(nbsp, find_sections(nbsp), find_operation_headings(nbsp, ["1", "3", "4"]))
    assert [(g.structure, g.montant_eur) for g in grants] == [
        ("CCAS Courcelles-lès-Lens", Decimal("6560.00")),
        ("Béthune Bas-carbone", Decimal("3100.00")),
        ("Fabrique Défi de Calais", Decimal("5147.96")),
        ("Pas-de-Calais Habitat", Decimal("30000.00")),
        ("SIA", Decimal("14000.00")),
        ("La MAHRA", Decimal("60000.00")),
    ]


def test_trailing_amount_with_a_question_mark_separator():
    amount = trailing_amount("CCAS Arras 300 24?000,00 €")
    assert (amount.value, amount.text, amount.count_tokens) == (Decimal("24000.00"), "CCAS Arras", ("300",))


def _pivot_reading(lines):
    grants, totals, unread = parse_pivot_tables(lines, HEADS)
    return (
        [(g.ligne, g.thematique, g.structure, g.montant_eur) for g in grants],
        [(t.portee, t.thematique, t.montant_eur, t.ligne) for t in totals],
        sorted(u.ligne for u in unread),
    )


def test_pivot_amounts_with_cents_are_nested_as_amounts_in_whole_euros():
    """The solver adds whole numbers of cents: 50 000,50 + 39 999,50 = 90 000,00 gives the nesting
    of 50 000,00 + 40 000,00, and the grants keep their cents."""
    grants, totals, unread = _pivot_reading(PIVOT_ALIGNED)
    cents = [
        line.replace("50 000,00 €", "50 000,50 €").replace("40 000,00 €", "39 999,50 €")
        for line in PIVOT_ALIGNED
    ]
    assert cents != PIVOT_ALIGNED
    with_cents = _pivot_reading(cents)
    assert with_cents[0] == [
        (3, "1", "CCAS B", Decimal("50000.50")),
        (4, "1", "CCAS C", Decimal("39999.50")),
        (7, "5", "(structure non imprimée sur la ligne, montant 1)", Decimal("30000.00")),
    ]
    assert with_cents[1:] == (totals, unread)
    # one cent off, the short sub-total is no longer 10 000,00 short but 9 999,99
    off = [line.replace("40 000,00 €", "40 000,01 €") for line in PIVOT_ALIGNED]
    reasons = {u.ligne: u.raison for u in parse_pivot_tables(off, HEADS)[2]}
    assert "9 999,99 ne sont détaillés par aucune ligne" in reasons[2]


def test_pivot_whose_readings_exceed_the_work_budget_is_not_read_and_says_why(monkeypatch):
    """A table whose cheapest reading is not found within the solver's budget gives no grant and
    no total: each amount line is listed as not read, with the reason (altered copies of 004's
    pivot walked for minutes). Counted in steps, so the same table gets the same answer each time."""
    from pipelines.extract.subsidies import pivot

    read = parse_pivot_tables(PIVOT_ALIGNED, HEADS)
    assert read[0]  # holds: the table is read within the budget
    for table in (PIVOT_ALIGNED, PIVOT_SHIFTED):
        monkeypatch.setattr(pivot, "_MAX_STEPS", 10)
        grants, totals, unread = parse_pivot_tables(table, HEADS)
        assert (grants, totals) == ([], [])  # fires
        amount_lines = [i for i, line in enumerate(table, start=1) if "€" in line and i > 1]
        stopped = [u for u in unread if "trop de lectures possibles" in u.raison]
        assert [u.ligne for u in stopped] == amount_lines
        walked = re.search(r"recherche arrêtée après (\d+) étapes", stopped[0].raison)
        assert int(walked[1]) > 10
        assert parse_pivot_tables(table, HEADS) == (grants, totals, unread)  # the same each time
        monkeypatch.undo()
        assert parse_pivot_tables(table, HEADS)[0]


def test_the_pivot_of_004_is_read_with_a_tenth_of_the_solver_budget(corpus):
    """004's own pivot needs ~150 000 steps of the 5 000 000 budget: a tenth of it gives the same
    reading, and a budget below its need stops it."""
    from pipelines.extract.subsidies import pivot

    lines = corpus["004_e37b75b9ee91e13a"]
    start = next(i for i, line in enumerate(lines) if pivot._PIVOT_HEADER_RE.search(line))
    rows, _unread, _end = pivot._pivot_lines(lines, start)
    general = next(r for r in rows if r.total_label and pivot.fold(r.total_label).startswith("general"))
    toks = pivot._amount_column(rows, general)
    assert pivot._parse_amount_column(toks, max_steps=pivot._MAX_STEPS // 10) == pivot._parse_amount_column(
        toks
    )
    with pytest.raises(pivot._TooManyReadings):
        pivot._parse_amount_column(toks, max_steps=50_000)
