import datetime as dt
from decimal import Decimal

from pipelines.extract.fiches import find_fiches
from pipelines.extract.indicators import (
    parse_fiche_indicators,
    parse_local_indicators,
    parse_national_table,
    read_columns,
    split_figures,
)


def test_split_figures():
    assert split_figures(" 300 600   600  600   600   ") == ("", ["300", "600", "600", "600", "600"])
    assert split_figures("Livrables des études  0 2    2  3    3") == (
        "Livrables des études",
        ["0", "2", "2", "3", "3"],
    )
    assert split_figures("droits 2000 2200 2200 2200 2200") == (
        "droits",
        ["2000", "2200", "2200", "2200", "2200"],
    )
    assert split_figures("4 000* 6 000*    ") == ("", ["4", "000", "6", "000"])
    assert split_figures("Nombre de jeunes de 16 à 25 ans") == ("Nombre de jeunes de 16 à 25 ans", [])


def test_columns_of_a_header():
    cols = read_columns(
        "Situation au 31 déc. 2023 Cible 2024 Résultat atteint en 2024 Cible 2025 Résultat atteint en 2025"
    )
    assert (cols.baseline_date, cols.target_years, cols.result_years) == (
        dt.date(2023, 12, 31),
        (2024, 2025),
        (2024, 2025),
    )
    assert read_columns("Situation au 31/12/2023 Cible 2024").baseline_date == dt.date(2023, 12, 31)


TABLE = """Actions Indicateurs locaux Situation au 31 déc. 2023 Cible 2024 Résultat atteint en 2024 Cible 2025 Résultat atteint en 2025

Axe 3 Lutter contre la grande exclusion

Action 3.1 :
Développer des
outils

Livrables des études  0 2    2

Nombre de solutions
apportées

 0 3    3  5    5

contribuant à la
coordination

(expérimentations)

Action 3.3 :
Prévenir

Nombre de dossiers FPEL
déposés
 474 600
 700
""".split("\n")  # noqa: E501


def test_local_table_names_figures_titles_and_left_over_text():
    indicators, axes, titles, unread = parse_local_indicators(TABLE, len(TABLE))
    assert [(a.axe_code, a.axe) for a in axes] == [("3", "Lutter contre la grande exclusion")]
    assert titles == {"3.1": "Développer des outils contribuant à la coordination", "3.3": "Prévenir"}
    got = [
        (
            i.action_code,
            i.indicateur,
            i.situation_initiale,
            {y: v for y, (v, _l) in i.cibles.items()},
            {y: v for y, (v, _l) in i.resultats.items()},
            i.ligne,
        )
        for i in indicators
    ]
    assert got == [
        ("3.1", "Livrables des études", Decimal(0), {2024: Decimal(2), 2025: Decimal(2)}, {}, 9),
        (
            "3.1",
            "Nombre de solutions apportées (expérimentations)",
            Decimal(0),
            {2024: Decimal(3), 2025: Decimal(5)},
            {2024: Decimal(3), 2025: Decimal(5)},
            11,
        ),
        (
            "3.3",
            "Nombre de dossiers FPEL déposés",
            Decimal(474),
            {2024: Decimal(600), 2025: Decimal(700)},
            {},
            24,
        ),
    ]
    assert unread == []
    assert [line for _, (_, line) in sorted(indicators[2].cibles.items())] == [26, 27]


FICHE = """ Action 4.1
Axe 4 Construire une transition
Action 4.1 Lutter contre la précarité
Fiche-action
Indicateurs cibles (référentiel national)
Indicateur Situation au
31/12/2023
Cible 2024 Cible 2025 Cible 2026 Cible 2027
Nombre de
ménages ayant
341 500 500 500 500
 formé et s’étant
vu proposer un soutien
Nombre de participants
349 500 500
 Axes de la
contractualisation
""".split("\n")


def test_fiche_national_targets_name_after_figures_and_partial_row():
    [fiche] = find_fiches(FICHE)
    indicators, unread = parse_fiche_indicators(FICHE, fiche)
    assert [
        (i.indicateur, i.situation_initiale, {y: v for y, (v, _l) in i.cibles.items()}) for i in indicators
    ] == [
        (
            "Nombre de ménages ayant formé et s’étant vu proposer un soutien",
            Decimal(341),
            {2024: Decimal(500), 2025: Decimal(500), 2026: Decimal(500), 2027: Decimal(500)},
        ),
        ("Nombre de participants", Decimal(349), {2024: Decimal(500), 2025: Decimal(500)}),
    ]
    assert unread == []


def test_national_table_splits_thematique_and_records_rows_without_figures():
    lines = """Thématique Indicateur
Situation au
31 déc. 2023
Cible locale
en 2024
Soutien à la parentalité
Nombre de familles aidées
0 150
Prévenir les expulsions
Nombre d’ETP de chargé de mission
Prévenir les expulsions Nombre de dossiers aboutis 500 750
Annexe 10""".split("\n")
    indicators, unread = parse_national_table(lines)
    assert [(i.thematique, i.indicateur, i.situation_initiale, i.ligne) for i in indicators] == [
        ("Soutien à la parentalité", "Nombre de familles aidées", Decimal(0), 7),
    ]
    assert [(u.ligne, u.raison) for u in unread][:1] == [
        (10, "indicateur national sans chiffres dans le tableau")
    ]


def test_split_figures_with_separators_of_a_conversion():
    assert split_figures("Nombre de jeunes  600 1?100 1\u00a0100") == (
        "Nombre de jeunes",
        ["600", "1", "100", "1", "100"],
    )
    assert split_figures("4?000* 6\u202f000*") == ("", ["4", "000", "6", "000"])
