"""Figures of the "Bilan YYYY" column (pipelines/extract/bilans.py), one snippet per rule.

The rows copy the shape of the dispositifs table of 004 (l.135-177): cells separated by
tabs, cell text in HTML, the code either alone in the first cell or at the start of the name."""

from decimal import Decimal

import pytest

from pipelines.extract.bilans import figures_in, parse_bilans


def _figures(text):
    return [(f.valeur, f.unite, f.indicateur) for f in figures_in(text)]


# ------------------------------------------------------------------ figures_in


def test_a_number_followed_by_a_word_is_a_figure():
    assert _figures("En 2025, 595 interventions ont été réalisées par les équipes mobiles.") == [
        (Decimal("595"), "interventions", "interventions réalisées par les équipes mobiles"),
    ]


def test_several_figures_with_thousands_spaces_and_the_phrase_they_come_from():
    text = (
        "Ainsi, 962 professionnels ont bénéficié des rencontres GEP : 587 personnes sur les groupes. "
        "Le poste a permis le transit de 4 222 caravanes sur le département."
    )
    assert _figures(text) == [
        (Decimal("962"), "professionnels", "professionnels bénéficié des rencontres GEP"),
        (Decimal("587"), "personnes", "personnes sur les groupes"),
        (Decimal("4222"), "caravanes", "caravanes sur le département"),
    ]
    assert figures_in(text)[2].phrase == "Le poste a permis le transit de 4 222 caravanes sur le département."


def test_percentages_are_kept_as_percentages():
    assert _figures("soit 47,6% en parcours accompagné avec le co-ordo.") == [
        (Decimal("47.6"), "%", "% en parcours accompagné avec le co-ordo"),
    ]
    assert _figures("60 % des personnes sont restées en emploi") == [
        (Decimal("60"), "%", "% des personnes restées en emploi"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Au 31 décembre 2025, le bilan est positif.",  # a date: day then month, and a year
        "du 1er janvier 2026 au 31 mai 2027",
        "Depuis 2023 plusieurs actions sont menées.",  # a year followed by a word
        "conformément à l'article 4 du règlement",  # an article number
        "selon l'annexe 7 de la convention",
        "pour un montant de 9 000 € versés aux structures",  # an amount in euros
        "soit 15 000 euros de subvention",
        "une durée de 18 mois maximum et 15h hebdomadaires",  # durations
        "le SIAO 62 analyse les données",  # a number inside a name
        "les jeunes de 16 à 25 ans",  # "16 à": a function word, "25 ans": an age
        "(cf. supra dispositif 2.4)",
    ],
)
def test_not_figures(text):
    assert figures_in(text) == []


def test_the_indicator_stops_at_punctuation_and_at_the_next_number():
    assert _figures("29 abandons, 19 contrats d'apprentissage, 4 formations.") == [
        (Decimal("29"), "abandons", "abandons"),
        (Decimal("19"), "contrats", "contrats d'apprentissage"),
        (Decimal("4"), "formations", "formations"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Sur ces 37 personnes, 6 ont obtenu une sortie positive.",
        "14 jeunes sont restés sans solution, 23 sont sortis à leur initiative.",
        "En termes de parcours : 16 dont l'accompagnement se poursuit.",
    ],
)
def test_a_verb_is_not_a_unit(text):
    assert not {unit for _, unit, _ in _figures(text)} & {"ont", "sont", "dont"}


def test_a_figure_followed_by_a_verb_keeps_its_value_with_an_unstated_unit():
    assert _figures("Sur ces 37 personnes, 6 ont obtenu une sortie positive.") == [
        (Decimal("37"), "personnes", "personnes"),
        (Decimal("6"), "non précisée", "ont obtenu une sortie positive"),
    ]


def test_a_ratio_reads_the_count_out_of_its_whole():
    """« 34 / 71 jeunes sont inscrits » : 34 jeunes are inscrits, out of 71 (the independent
    reading, tests/golden/financements, keeps 34 « sur 71 »); the 71 is the figure stated before."""
    assert _figures("34 / 71 jeunes sont inscrits dans un parcours d'insertion") == [
        (Decimal("34"), "jeunes", "jeunes inscrits dans un parcours d'insertion (sur 71)")
    ]


@pytest.mark.parametrize(
    ("text", "numerator"),
    [
        ("du 01/01/26 Accompagnement de 50 personnes", Decimal("1")),  # a date
        ("80 / 60 jeunes suivis", Decimal("80")),  # more than the whole: not a fraction
    ],
)
def test_a_slash_that_is_no_fraction_gives_no_numerator(text, numerator):
    assert numerator not in [v for v, _, _ in _figures(text)]


# ------------------------------------------------------------------ parse_bilans

HEADER = ["\tDISPOSITIFS\tPériode de réalisation\tDescription", "\t\t\tBilan 2025"]


def _row(code_and_name: str, periode: str, description: str, bilan: str | None) -> str:
    cells = [f"<p>{code_and_name}</p>", f"<p>{periode}</p>", f"<p>{description}</p>"]
    if bilan is not None:
        cells.append(bilan)
    return "\t".join(cells) + "\t"


def test_bilan_column_figures_with_code_name_year_and_line():
    lines = [
        "Signé",
        "",
        *HEADER,
        "1.1\tDynamisation des parcours\t1er janvier 2026 au 31 "
        "décembre 2027\t<p>Ce dispositif compte 2 volets.</p>",
        _row(
            "2.10 Equipements mobiles prévention des expulsions locales",
            "1er janvier 2026 au 31 décembre 2026",
            "Le SIAO 62 s'appuie sur ses 7 antennes.",
            "<p>En 2025, 595 interventions ont été réalisées par les équipes mobiles.</p>",
        ),
        _row(
            "2.11 FSL Action de sensibilisation",
            "1er juin 2026 au 31 mai 2027",
            "Cette action vise à prévenir.",
            "<p>En 2025, 81 professionnels ont pu être sensibilisés à la précarité énergétique.</p>",
        ),
        "",
        "Thématique 1 Parcours accompagnement RSA",
    ]
    figures, unread = parse_bilans(lines)
    assert [
        (f.annee, f.dispositif_code, f.dispositif, f.valeur, f.unite, f.indicateur, f.ligne) for f in figures
    ] == [
        # 1.1 has no bilan cell: its description ("2 volets") is not a bilan
        (
            2025,
            "2.10",
            "Equipements mobiles prévention des expulsions locales",
            Decimal("595"),
            "interventions",
            "interventions réalisées par les équipes mobiles",
            6,
        ),
        (
            2025,
            "2.11",
            "FSL Action de sensibilisation",
            Decimal("81"),
            "professionnels",
            "professionnels pu être sensibilisés à la précarité énergétique",
            7,
        ),
    ]
    assert figures[0].extrait == "En 2025, 595 interventions ont été réalisées par les équipes mobiles."
    assert unread == []


def test_malformed_numbers_are_unread_and_not_taken_as_figures():
    lines = [
        *HEADER,
        _row(
            "3.7 Accueil des jeunes enfants",
            "1er janvier 2026 au 31 décembre 2026",
            "Description.",
            "<p>244 enfants ont intégré un mode de garde pour un total de 130.107 d'heures de garde.</p>",
        ),
        _row(
            "5.1 Contrepartie FSE",
            "1er janvier 2026 au 31 décembre 2026",
            "Description.",
            "<p>• 5 674 orientations ont eu lieu ; • 2 1559 bénéficiaires du RSA ont été accompagnés ;</p>",
        ),
    ]
    figures, unread = parse_bilans(lines)
    assert [(f.dispositif_code, f.valeur, f.unite, f.ligne) for f in figures] == [
        ("3.7", Decimal("244"), "enfants", 3),
        ("5.1", Decimal("5674"), "orientations", 4),
    ]
    assert [(u.ligne, u.raison) for u in unread] == [
        (3, "bilan 3.7 : nombre mal formé « 130.107 » (séparateur mal placé), non lu"),
        (4, "bilan 5.1 : nombre mal formé « 2 1559 » (séparateur mal placé), non lu"),
    ]
    assert "pour un total de 130.107 d'heures" in unread[0].texte


def test_paragraphs_of_one_cell_go_to_the_rows_without_bilan_that_follow():
    lines = [
        *HEADER,
        _row(
            "3.1 Accompagnement dans l'emploi",
            "2026",
            "Description.",
            "<p>120 personnes accompagnées.</p> <p>45 sorties "
            "positives.</p> <p>12 entreprises mobilisées.</p>",
        ),
        _row("3.2 Préparateurs à l'emploi", "2026", "Description.", None),
        _row("3.3 Evaluation des compétences", "2026", "Description.", None),
        _row("3.4 Découverte des métiers", "2026", "Description.", "<p>30 jeunes.</p>"),
    ]
    figures, _ = parse_bilans(lines)
    assert [(f.dispositif_code, f.dispositif, f.valeur, f.unite, f.ligne) for f in figures] == [
        ("3.1", "Accompagnement dans l'emploi", Decimal("120"), "personnes", 3),
        ("3.2", "Préparateurs à l'emploi", Decimal("45"), "sorties", 3),
        ("3.3", "Evaluation des compétences", Decimal("12"), "entreprises", 3),
        ("3.4", "Découverte des métiers", Decimal("30"), "jeunes", 6),
    ]


def test_paragraphs_that_do_not_match_the_rows_stay_with_their_row():
    lines = [
        *HEADER,
        _row(
            "3.1 Accompagnement dans l'emploi",
            "2026",
            "Description.",
            "<p>120 personnes accompagnées.</p> <p>45 sorties positives.</p>",
        ),
        _row("3.2 Préparateurs à l'emploi", "2026", "Description.", None),
        _row("3.3 Evaluation des compétences", "2026", "Description.", None),
    ]
    figures, _ = parse_bilans(lines)
    # 2 paragraphs for 3 rows: both stay with 3.1
    assert [(f.dispositif_code, f.valeur) for f in figures] == [
        ("3.1", Decimal("120")),
        ("3.1", Decimal("45")),
    ]


def test_no_bilan_header_no_figures():
    assert parse_bilans(
        ["\tDISPOSITIFS\tPériode\tDescription", "1.1\tNom\t2026\t<p>120 personnes.</p>\t<p>45 sorties.</p>"]
    ) == ([], [])


def test_the_table_ends_at_a_line_without_tabs_or_without_a_code():
    lines = [
        *HEADER,
        _row("2.10 Equipements mobiles", "2026", "Description.", "<p>595 interventions réalisées.</p>"),
        "Texte du rapport : 12 structures retenues.",
        _row("2.11 FSL", "2026", "Description.", "<p>81 professionnels sensibilisés.</p>"),
    ]
    assert [(f.dispositif_code, f.valeur) for f in parse_bilans(lines)[0]] == [("2.10", Decimal("595"))]
    lines[3] = "Total\t12 structures\t2026\t<p>Description.</p>\t<p>40 jeunes.</p>"
    assert [(f.dispositif_code, f.valeur) for f in parse_bilans(lines)[0]] == [("2.10", Decimal("595"))]


def test_a_count_in_millions_is_read_whole():
    assert _figures("Plus de 1 million d'heures d'insertion ont été réalisées.") == [
        (Decimal("1000000"), "heures", "heures d'insertion réalisées")
    ]
    assert _figures("Près de 2 millions de personnes reçues.")[0][:2] == (Decimal("2000000"), "personnes")


def test_figures_with_every_thousands_separator():
    text = (
        "1\u00a0595 interventions ; 2?300 jeunes accompagnés ; 1.234.567 repas servis ; 4\u202f222 caravanes."
    )
    assert [(v, u) for v, u, _ in _figures(text)] == [
        (Decimal("1595"), "interventions"),
        (Decimal("2300"), "jeunes"),
        (Decimal("1234567"), "repas"),
        (Decimal("4222"), "caravanes"),
    ]
