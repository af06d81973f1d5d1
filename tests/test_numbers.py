from decimal import Decimal

import pytest

from pipelines.extract.numbers import (
    AMOUNT_EURO_RE,
    AmbiguousAmounts,
    AmountError,
    parse_amount,
    split_amount_cells,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1 234 567,89 €", "1234567.89"),
        ("1\u00a0234\u00a0567,89\u00a0€", "1234567.89"),  # non-breaking spaces
        ("1\u202f234,5 €", "1234.50"),  # narrow non-breaking space, one decimal
        ("2 846  873 €", "2846873.00"),  # doubled space between groups
        ("402\n247,96€", "402247.96"),  # cut across two lines
        ("500000", "500000.00"),
        ("0,00", "0.00"),
        ("153 916", "153916.00"),
    ],
)
def test_parse_amount_reads_french_amounts(text, expected):
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["1 50", "0 00", "12 3456", "1,2,3", "", "€", "01 234", "1 234,56 7"])
def test_parse_amount_refuses_what_is_not_an_amount(text):
    with pytest.raises(AmountError):
        parse_amount(text)


def test_amount_euro_regex_finds_amounts_in_prose_and_across_lines():
    text = "pour un montant total de 402\n247,96€, aux structures ; et 6 560 € ; annexe 4 à la"
    found = [m.group(0) for m in AMOUNT_EURO_RE.finditer(text)]
    assert found == ["402\n247,96€", "6 560 €"]


def test_amount_euro_regex_ignores_dot_decimals_and_numbers_without_euro():
    assert [m.group(0) for m in AMOUNT_EURO_RE.finditer("8 606 424.06 € et 6 801 643,00 35 116,00")] == []


def _values(cells):
    return [None if c.value is None else str(c.value) for c in cells]


def test_split_cells_with_decimals():
    cells = split_amount_cells("6 801 643,00 35 116,00".split(), 2)
    assert _values(cells) == ["6801643.00", "35116.00"]


def test_split_cells_without_decimals_has_one_reading():
    assert _values(split_amount_cells("7 536 157 7 603 440".split(), 2)) == ["7536157.00", "7603440.00"]
    assert _values(split_amount_cells("500000 500000".split(), 2)) == ["500000.00", "500000.00"]


def test_split_cells_refuses_an_ambiguous_run():
    # 12 345 678 | 901 or 12 345 | 678 901: both are well formed, nothing is guessed
    with pytest.raises(AmbiguousAmounts):
        split_amount_cells("12 345 678 901".split(), 2)


def test_split_cells_keeps_an_illegible_cell_without_value():
    cells = split_amount_cells("1 016 400,00 508 275,00 508 125,00 1 50".split(), 4)
    assert _values(cells) == ["1016400.00", "508275.00", "508125.00", None]
    assert cells[3].text == "1 50"


def test_split_cells_refuses_when_every_cell_would_be_illegible():
    assert split_amount_cells(["1", "50"], 1) is None


def test_split_thousands_in_counts_have_one_reading():
    # "1 100" four times after 600: the only way to make 5 well-formed numbers
    assert _values(split_amount_cells("600 1 100 1 100 1 100 1 100".split(), 5)) == ["600.00"] + ["1100.00"] * 4
    assert _values(split_amount_cells("0 5 000 5 000 5 000 5 000".split(), 5)) == ["0.00"] + ["5000.00"] * 4
    assert _values(split_amount_cells("2 000 2 200 2 200 2 200 2 200".split(), 5)) == ["2000.00"] + ["2200.00"] * 4
