"""Territory prefixes of the table cells of the calls for projects (pipelines/extract/territories.py).

The cells below are copied from the annex tables of the deliberations (003, annexe 4)."""

import pytest

from pipelines.extract.territories import fold, is_territory_only, split_territory


def test_fold_lowers_and_strips_accents():
    assert fold("Hénin") == "henin"
    assert fold("IL ÉTAIT 2 FOIS") == "il etait 2 fois"
    assert fold("Liévin-Cœur") == "lievin-cœur"  # a ligature is not an accent


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        # joined by "/", by "-", by spaces
        ("Hénin/Carvin SAPIH Insertion", ("Hénin/Carvin", "SAPIH Insertion")),
        ("Hénin-Carvin AFEJI Soutien au fonctionnement", ("Hénin-Carvin", "AFEJI Soutien au fonctionnement")),
        ("Lens/Liévin El fouad 8 postes", ("Lens/Liévin", "El fouad 8 postes")),
        (
            "Lens Liévin / Hénin Carvin Maison de l'Emploi Lens Liévin Hénin Carvin Action du",
            ("Lens Liévin / Hénin Carvin", "Maison de l'Emploi Lens Liévin Hénin Carvin Action du"),
        ),
        # the case of the first word decides: an upper-case territory word then belongs to the structure
        ("Arrageois ARTOIS TECHNIQUE SERVICES", ("Arrageois", "ARTOIS TECHNIQUE SERVICES")),
        ("Artois Habitat Insertion", ("Artois", "Habitat Insertion")),
        # an all-capitals territory, followed by a capital structure name
        (
            "LENS-LIEVIN GESTION ANIMATION PLIE LENS LIEVIN",
            ("LENS-LIEVIN", "GESTION ANIMATION PLIE LENS LIEVIN"),
        ),
        ("MONTREUILLOIS/TERNOIS ADEFI MISSION LOCALE", ("MONTREUILLOIS/TERNOIS", "ADEFI MISSION LOCALE")),
        # a parenthesis right after a territory belongs to it
        ("Audomarois (CC de Lumbres)", ("Audomarois (CC de Lumbres)", "")),
        ("Lens Hénin Arrageois (CUA) et", ("Lens Hénin Arrageois (CUA)", "et")),
        # "Multi-territoires", also misspelt, and "Département"
        ("Multi-terirtoires ANGES GARDINS", ("Multi-terirtoires", "ANGES GARDINS")),
        ("Département Pas-de-Calais Habitat Offrir", ("Département", "Pas-de-Calais Habitat Offrir")),
        # a territory list ending with a separator
        ("Arrageois- Ternois-Montreuillois-", ("Arrageois- Ternois-Montreuillois", "")),
        # no territory first: the cell is left whole
        ("CCAS Arras", (None, "CCAS Arras")),
        ("  RESTOS DU CŒUR  ", (None, "RESTOS DU CŒUR")),
        ("Calaisis", ("Calaisis", "")),
    ],
)
def test_split_territory(cell, expected):
    assert split_territory(cell) == expected


def test_a_name_that_only_starts_like_a_territory_is_not_one():
    # "Lensoise" is not "Lens"; "Artois-Gohelle" holds a word outside the vocabulary
    assert split_territory("Lensoise de l'Emploi") == (None, "Lensoise de l'Emploi")
    assert split_territory("Artois-Gohelle Pimms") == (None, "Artois-Gohelle Pimms")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Audomarois- Boulonnais- Calaisis- ", True),
        ("Arrageois, Lens Hénin, ", True),
        ("Lens Hénin Arrageois (CUA) et ", True),
        ("Audomarois (Saint Omer)", True),
        ("Montreuillois ", True),
        ("ARRAGEOIS", True),
        ("Arrageois FJEP", False),
        ("CCAS Arras", False),
        ("Familles rurales", False),
        ("", False),
    ],
)
def test_is_territory_only(line, expected):
    assert is_territory_only(line) is expected
