from decimal import Decimal

import pytest

from pipelines.extract.numbers import (
    AMOUNT_EURO_RE,
    AmbiguousAmounts,
    AmountError,
    find_amounts,
    find_counts,
    find_malformed_numbers,
    find_money_cells,
    find_numbers,
    number_tokens,
    parse_amount,
    parse_count,
    plain_separators,
    read_amount_cell,
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
    assert (
        _values(split_amount_cells("600 1 100 1 100 1 100 1 100".split(), 5)) == ["600.00"] + ["1100.00"] * 4
    )
    assert _values(split_amount_cells("0 5 000 5 000 5 000 5 000".split(), 5)) == ["0.00"] + ["5000.00"] * 4
    assert (
        _values(split_amount_cells("2 000 2 200 2 200 2 200 2 200".split(), 5))
        == ["2000.00"] + ["2200.00"] * 4
    )


# ------------------------------------------------------------------ every number form, two phrasings each


@pytest.mark.parametrize(
    "text, expected",
    [
        # ordinary spaces
        ("1 234 567,89 €", "1234567.89"),
        ("2 846  873 €", "2846873.00"),
        # U+00A0 no-break space
        ("6\u00a0560 €", "6560.00"),
        ("1\u00a0016\u00a0400,00", "1016400.00"),
        # U+202F narrow no-break space
        ("1 199\u202f016€", "1199016.00"),
        ("24\u202f000,00\u202f€", "24000.00"),
        # U+2009 thin space
        ("1\u2009234 €", "1234.00"),
        ("12\u2009345\u2009678,90", "12345678.90"),
        # dots as thousands separators
        ("1.234.567,89 €", "1234567.89"),
        ("1.234,50", "1234.50"),
        ("500.000 €", "500000.00"),
        # a '?' left by a Windows-1252 conversion in place of a space
        ("1?016€", "1016.00"),
        ("1 199?016 €", "1199016.00"),
        ("12?345?678,90", "12345678.90"),
        # currency units
        ("247,96€", "247.96"),
        ("80 000 euros", "80000.00"),
        ("13 726 Euros", "13726.00"),
        ("500.000 EUR", "500000.00"),
        ("2 M€", "2000000.00"),
        ("1,5 M€", "1500000.00"),
        ("250 k€", "250000.00"),
        ("12,5 k€", "12500.00"),
        ("3 millions d'euros", "3000000.00"),
        ("1,2 million d’euros", "1200000.00"),
    ],
)
def test_every_number_form_is_read(text, expected):
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    [
        "1.234",  # a single dot without currency or decimals: thousands or decimals?
        "90.449",
        "12.5",  # a decimal point
        "1?16",  # '?' before a group of two digits is no separator
        "1?0166",  # nor before four
        "016€",  # a group cut from its number
        "3,456",  # a comma before three digits: not a decimal comma
        "M€",
    ],
)
def test_what_looks_like_a_number_but_is_not_read(text):
    with pytest.raises(AmountError):
        parse_amount(text)


def test_find_amounts_reads_every_form_in_prose():
    text = (
        "un total de 1\u00a0016 € ; 1 199?016€ ; 500.000 EUR ; 1,5 M€ et 250 k€ ;\n"
        "3 millions d’euros, 80 000 euros ; mais pas 8 606 424.06 € ni 2024 ni 90.449"
    )
    assert [a.value for a in find_amounts(text)] == [
        Decimal("1016.00"),
        Decimal("1199016.00"),
        Decimal("500000.00"),
        Decimal("1500000.00"),
        Decimal("250000.00"),
        Decimal("3000000.00"),
        Decimal("80000.00"),
    ]


def test_find_amounts_returns_an_illegible_amount_with_its_error_instead_of_raising():
    [ok, bad] = find_amounts("2024 599 508€ et 1#016€")
    assert (ok.value, bad.value, bad.text) == (Decimal("599508.00"), None, "016€")
    assert bad.error == "montant illisible « 016€ »"
    assert (bad.start(), bad.end()) == (19, 23)


def test_find_amounts_from_a_position_starts_after_a_year():
    # the year of a budget row, then its amounts: "2024?599" is not one number
    line = "2024?599?508€ 599?508€  1?199?016€"
    assert [a.value for a in find_amounts(line, 4)] == [Decimal(599508), Decimal(599508), Decimal(1199016)]


def test_money_cells_of_a_table_line():
    cells = find_money_cells("6 Prévenir 289\u00a0000 € 144?500 € -  € 1 000 000")
    assert [(c.value, c.empty) for c in cells] == [
        (Decimal("289000.00"), False),
        (Decimal("144500.00"), False),
        (None, True),
        (Decimal("1000000.00"), False),
    ]


def test_amount_cells_of_a_pivot_table():
    assert read_amount_cell("107\u202f076,00 €") == [Decimal("107076.00")]
    assert read_amount_cell("1.000,00 € 2?000,00 €") == [Decimal("1000.00"), Decimal("2000.00")]
    assert read_amount_cell("MEMPA 10,00 €") is None
    assert read_amount_cell("84 places") is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("TOTAL 9 669 places d'accompagnement", [("9669", "places")]),
        ("TOTAL 9\u00a0669 places", [("9669", "places")]),
        ("1?016 postes et 6,80 ETP", [("1016", "postes"), ("6.80", "ETP")]),
        ("1.234.567 personnes", [("1234567", "personnes")]),
    ],
)
def test_counts_with_their_unit(text, expected):
    assert [(str(c.value), c.unit) for c in find_counts(text, "places?|postes?|ETP|personnes")] == expected


def test_parse_count():
    assert parse_count("9\u202f669") == Decimal(9669)
    assert parse_count("1?016") == Decimal(1016)
    assert parse_count("6,80") == Decimal("6.80")
    with pytest.raises(AmountError):
        parse_count("douze")


def test_numbers_and_percentages_of_a_sentence():
    # "2025," is not read (a comma right after a number may be an English separator), nor "1er", "3D"
    found = find_numbers(
        "En 2025, 1\u202f595 interventions ; 12,5 % des 1?200 jeunes ; 45\u00a0% ; 1er janvier ; 3D"
    )
    assert [(n.integer, n.decimals, str(n.value)) for n in found] == [
        ("1\u202f595", None, "1595.00"),
        ("12", "5", "12.50"),
        ("1?200", None, "1200.00"),
        ("45", None, "45.00"),
    ]


def test_malformed_numbers():
    assert [
        m.group(0) for m in find_malformed_numbers("2 1559 heures, 130.107 repas, 1.234,50 € et 1 234")
    ] == [
        "2 1559",
        "130.107",
    ]


def test_number_tokens_split_at_a_question_mark_separator_only():
    assert number_tokens("CCAS Arras 300 24?000,00 €") == ["CCAS", "Arras", "300", "24", "000,00", "€"]
    assert number_tokens("des chances ?) 12?5") == ["des", "chances", "?)", "12?5"]
    assert plain_separators("1?016€ ?") == "1 016€ ?"


def test_split_cells_reads_question_marks_and_dots():
    assert _values(split_amount_cells(number_tokens("6?801?643,00 35?116,00"), 2)) == [
        "6801643.00",
        "35116.00",
    ]
    assert _values(split_amount_cells(["1.234.567,89", "12.345,00"], 2)) == ["1234567.89", "12345.00"]
