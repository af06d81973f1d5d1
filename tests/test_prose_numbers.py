from decimal import Decimal

import pytest

from pipelines.extract.numbers import find_sentence_numbers


def _read(text):
    return [(n.texte, n.valeur, n.unite) for n in find_sentence_numbers(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ont accompagné 29 660 bénéficiaires", [("29 660", Decimal(29660), None)]),
        ("ont accompagné 29\u00a0660 bénéficiaires", [("29\u00a0660", Decimal(29660), None)]),
        ("s'élève à 1 000 000 € réparti", [("1 000 000 €", Decimal(1000000), "EUR")]),
        ("pour un montant de 500.000 EUR, pour", [("500.000 EUR", Decimal(500000), "EUR")]),
        ("un montant de 42  000 € x", [("42  000 €", Decimal(42000), "EUR")]),
        ("de 491 275.20 €, sur", [("491 275.20 €", Decimal("491275.20"), "EUR")]),
        ("Montant : 170 130 euros", [("170 130 euros", Decimal(170130), "EUR")]),
        ("représentées à 72% par", [("72%", Decimal(72), "%")]),
        ("Montreuil (11,3 %)", [("11,3 %", Decimal("11.3"), "%")]),
        ("soit 2,5 M€", [("2,5 M€", Decimal(2500000), "EUR")]),
        ("3 millions d'euros", [("3 millions d'euros", Decimal(3000000), "EUR")]),
        ("de 4.96 ETP", [("4.96", Decimal("4.96"), None)]),
    ],
)
def test_find_numbers_reads_prose_numbers(text, expected):
    assert _read(text) == expected


def test_find_numbers_skips_dates_references_and_ordinals():
    assert _read("n°2023-333 du 01/03/2022, L.3121-14, le 1er janvier, la 2ème") == []


def test_find_numbers_reads_a_number_wrapped_across_a_line_break_when_joined():
    assert _read("pour un total de 402 247,96€,") == [("402 247,96€", Decimal("402247.96"), "EUR")]


def test_find_malformed_amounts():
    from pipelines.extract.numbers import find_malformed_amounts

    assert [t for _, t in find_malformed_amounts("soit 2 1559 € et 1 50 € mais 2 155 € et 12 €")] == [
        "2 1559 €",
        "1 50 €",
    ]


def test_find_numbers_reads_an_amount_spelt_out_in_brackets():
    assert _read("est évalué à 1 000 000 (un million) EUR, conformément") == [
        ("1 000 000 (un million) EUR", Decimal(1000000), "EUR")
    ]
    assert _read("la somme de 15 000 (quinze mille) euros") == [
        ("15 000 (quinze mille) euros", Decimal(15000), "EUR")
    ]
