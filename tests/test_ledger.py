"""The figure ledger: the finder of printed figures and each context rule, on snippets in two phrasings."""

from decimal import Decimal

import pytest

from pipelines.extract.ledger import context_rule, find_figures, printed_figures


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Au titre de l’année 2023, le soutien s’élève à un montant de 1 000 000 € réparti",
            [("1000000", "EUR")],
        ),
        ("Sur le 1er semestre 2022, 89 structures représentées à 72% par des CCAS", [("72", "%")]),
        ("Montant : 500.000 €", [("500000", "EUR")]),
        ("une avance de 2 556 535.20 € soit 60% du montant", [("2556535.20", "EUR"), ("60", "%")]),
        ("o Montant : 170 130 euros", [("170130", "EUR")]),
        ("un budget de 2,5 M€ et 300 k€ de reliquat", [("2500000", "EUR"), ("300000", "EUR")]),
        ("soit 3,2 millions d’euros", [("3200000", "EUR")]),
        ("84 000 € 42 000 € -  €", [("84000", "EUR"), ("42000", "EUR")]),
        ("en 2023 500 000 € sont versés", [("500000", "EUR")]),
        ("1\u202f016\u00a0€ et 2\u00a0472\u00a0000€", [("1016", "EUR"), ("2472000", "EUR")]),
        ("de 42  000 €", [("42000", "EUR")]),
    ],
)
def test_printed_numbers(text, expected):
    found = [
        (str(n.valeur.normalize()) if n.valeur is not None else None, n.unite) for n in printed_figures(text)
    ]
    assert found == [(str(Decimal(v).normalize()), u) for v, u in expected]


def test_a_number_cut_across_two_lines_is_one_figure_on_its_first_line():
    figures = find_figures(["les crédits s'élèvent à 402", "247,96€ pour la thématique 4."])
    assert [(f.ligne, f.ligne_fin, f.position, f.valeur, f.texte) for f in figures] == [
        (1, 2, 24, Decimal("402247.96"), "402 247,96€")
    ]


def test_a_malformed_number_is_kept_without_value():
    (figure,) = printed_figures("pour un total de 2 1559 € en 2025")
    assert figure.valeur is None and figure.texte == "2 1559 €"


def test_the_phrase_is_the_sentence_around_the_figure():
    lines = [
        "Sur le 1er semestre 2022, 89 structures représentées à 72% par des CCAS/CIAS, ont",
        "accompagné 29 660 personnes.",
        "Autre phrase.",
    ]
    (figure,) = find_figures(lines)
    assert figure.phrase.startswith("Sur le 1er semestre 2022") and figure.phrase.endswith(
        "29 660 personnes."
    )


def _rule(phrase: str) -> str | None:
    (number, *_) = printed_figures(phrase)
    return context_rule(phrase, number)


@pytest.mark.parametrize(
    ("phrase", "rule"),
    [
        # how a cost is shared: the seeds' wording, then another département's
        ("(50 % Etat ‐ 50 % Département)", "regle_de_partage"),
        ("Il participe à hauteur de 50% du coût total des actions inscrites au volet 2", "regle_de_partage"),
        ("répartition : 60 % Département, 40 % État", "regle_de_partage"),
        # ceilings and floors
        ("un taux d’effort (loyer + charges) plafonné à 25% des ressources", "plafond_ou_seuil"),
        ("dans la limite de 3 000 € par structure et par an", "plafond_ou_seuil"),
        ("Il s’engage à apporter au moins 50 % des crédits", "plafond_ou_seuil"),
        # national figures quoted to compare
        ("ni en emploi ni en études (16% au niveau national).", "chiffre_national"),
        ("la moyenne nationale est de 14,5 % pour ce public", "chiffre_national"),
        # a figure inside a name
        ("sous-action 25 « Pilier 3 Plan 100% d'accès aux droits », activité de", "dans_un_intitule"),
        ("le programme « 100 % inclusion » porté par la CAF", "dans_un_intitule"),
        # payment schedules
        (
            "- 70 % dans le mois qui suit la date de la signature de la présente convention ;",
            "echeancier_de_versement",
        ),
        (
            "un acompte de 50 % est versé au démarrage de l'action, le solde sur bilan",
            "echeancier_de_versement",
        ),
        # flat rates of a cost rule
        (
            "Des charges indirectes : forfaitisées à hauteur de 20% du montant total des charges",
            "taux_forfaitaire",
        ),
        (
            "les frais de structure sont pris en compte forfaitairement à 15 % des dépenses directes",
            "taux_forfaitaire",
        ),
    ],
)
def test_context_rules_recognise_their_shapes(phrase, rule):
    assert _rule(phrase) == rule


@pytest.mark.parametrize(
    "phrase",
    [
        "Sur le 1er semestre 2022, 89 structures représentées à 72% par des CCAS/CIAS",
        "il est proposé de financer le CCAS de Liévin pour un total de 6 560 €",
        "Au titre de l’année 2023, le soutien financier de l’État s’élève à un montant de 1 000 000 €",
        "l'État finance 50 000 € de cette action",
        "une subvention de 12 000 € à l’association « Le Toit » pour 2024",
    ],
)
def test_facts_are_not_context(phrase):
    assert _rule(phrase) is None
