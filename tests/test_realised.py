"""Realised figures filled by the services: template, loader, validation, and the build that refuses a
bad file."""

from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from openpyxl import Workbook, load_workbook

from pipelines.frames import SCHEMAS, frame
from pipelines.ingest.realised import (
    TEMPLATE_COLUMNS,
    failure_message,
    indicator_catalogue,
    load_realised,
)
from pipelines.ingest.realised_template import TemplateExists, template_rows, write_template

NEET = "Nombre de jeunes NEET"
NATIONAL = "Nombre de jeunes de 16 à 25 ans sans solution"
HEADER = "annee;action_code;referentiel;indicateur;realise;source;commentaire"


def _values(rows: list[tuple]) -> pl.DataFrame:
    """Rows shaped like raw.indicateurs_valeurs (only the columns the catalogue reads)."""
    return pl.DataFrame(
        rows, schema=["source", "axe_code", "action_code", "referentiel", "indicateur"], orient="row"
    )


@pytest.fixture
def catalogue():
    return indicator_catalogue(
        _values(
            [
                ("annexe1", "1", "1.1", "local", NEET),
                ("annexe1", "1", "1.1", "local", NEET),  # one row per year in the raw table
                ("fiche", "1", "1.1", "national", "Nombre de jeunes  de 16 à 25 ans\nsans solution"),
                ("annexe1", "1", "1.2", "local", "Nombre de jeunes relogés"),
                ("tableau_national", None, None, "national", "Nombre de ménages aidés"),
            ]
        )
    )


def _csv(folder: Path, name: str, lines: list[str], encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes("\n".join(lines).encode(encoding) + b"\n")
    return path


def _messages(problems) -> list[str]:
    return [str(p) for p in problems]


def test_catalogue_keeps_the_actions_indicators_with_their_text(catalogue):
    assert set(catalogue) == {
        ("1.1", "local", NEET),
        ("1.1", "national", NATIONAL),
        ("1.2", "local", "Nombre de jeunes relogés"),
    }
    # the canonical text is the deliberation's, as in raw.indicateurs_valeurs
    assert (
        catalogue[("1.1", "national", NATIONAL)].indicateur
        == "Nombre de jeunes  de 16 à 25 ans\nsans solution"
    )


def test_semicolon_csv_with_french_numbers_and_empty_cells(tmp_path, catalogue):
    _csv(
        tmp_path,
        "realise_2024.csv",
        [
            "\ufeff" + HEADER,
            f"2024;1.1;local;{NEET};1 234;Mission locale;",
            "2024;1.1;national;  Nombre de jeunes de 16 à 25 ans   sans solution ;1\u00a0234,5;;estimé",
            "2024;1.2;local;Nombre de jeunes relogés;;;",  # not filled: skipped, never zero
            f"2025;1.1;local;{NEET};0;;",
        ],
    )
    rows, problems, notices = load_realised(tmp_path, catalogue)
    assert problems == [] and notices == []
    assert [
        (r["fichier"], r["ligne"], r["annee"], r["action_code"], r["referentiel"], r["realise"]) for r in rows
    ] == [
        ("realise_2024.csv", 2, 2024, "1.1", "local", Decimal("1234.00")),
        ("realise_2024.csv", 3, 2024, "1.1", "national", Decimal("1234.50")),
        ("realise_2024.csv", 5, 2025, "1.1", "local", Decimal("0.00")),
    ]
    assert rows[0]["source"] == "Mission locale" and rows[0]["commentaire"] is None
    assert (
        rows[1]["indicateur"] == "Nombre de jeunes  de 16 à 25 ans\nsans solution"
        and rows[1]["axe_code"] == "1"
    )
    assert rows[1]["commentaire"] == "estimé"


def test_comma_csv_with_quoted_decimal(tmp_path, catalogue):
    _csv(
        tmp_path,
        "realise.csv",
        [
            "annee,action_code,referentiel,indicateur,realise",
            f'2026,1.1,local,{NEET},"12,5"',
            "2026,1.2,LOCAL,Nombre de jeunes relogés,7",
        ],
    )
    rows, problems, notices = load_realised(tmp_path, catalogue)
    assert problems == [] and notices == []
    assert [(r["ligne"], r["annee"], r["referentiel"], r["realise"]) for r in rows] == [
        (2, 2026, "local", Decimal("12.50")),
        (3, 2026, "local", Decimal("7.00")),
    ]


def _xlsx(folder: Path, name: str, rows: list[list]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["annee", "action_code", "referentiel", "indicateur", "realise", "source"])
    for row in rows:
        sheet.append(row)
    path = folder / name
    workbook.save(path)
    return path


def test_xlsx_numbers_and_text(tmp_path, catalogue):
    _xlsx(
        tmp_path,
        "realise_2027.xlsx",
        [
            [2027, "1.1", "local", NEET, 640, "Département"],
            [None, None, None, None, None, None],  # a blank row in the middle
            [2027.0, "1.2", "local", "Nombre de jeunes relogés", 12.25, None],
            ["2027", "1.1", "national", NATIONAL, "1 100", None],
        ],
    )
    rows, problems, notices = load_realised(tmp_path, catalogue)
    assert problems == [] and notices == []
    assert [(r["ligne"], r["action_code"], r["realise"], r["source"]) for r in rows] == [
        (2, "1.1", Decimal("640.00"), "Département"),
        (4, "1.2", Decimal("12.25"), None),
        (5, "1.1", Decimal("1100.00"), None),
    ]


def test_every_rejection_names_file_row_and_problem(tmp_path, catalogue):
    _csv(
        tmp_path,
        "realise_2024.csv",
        [
            HEADER,
            f"2024;1.1;local;{NEET};10;;",
            "2024;1.1;local;Nombre de jeunes inconnus;5;;",
            f"2024;1.2;national;{NEET};5;;",
            "2024;1.2;local;Nombre de jeunes relogés;beaucoup;;",
            "2024;1.2;local;Nombre de jeunes relogés;12,5 %;;",
            "2024;1.2;local;Nombre de jeunes relogés;-3;;",
            "2023;1.2;local;Nombre de jeunes relogés;3;;",
            "deux mille;1.2;local;Nombre de jeunes relogés;3;;",
            f"2024;1.1;local;{NEET};11;;",
        ],
    )
    _csv(tmp_path, "realise_2024_bis.csv", [HEADER, f"2024;1.1;local;  {NEET} ;10;;"])
    _csv(tmp_path, "sans_colonnes.csv", ["annee;indicateur;valeur", f"2024;{NEET};3"])
    # Windows-1252 is read (what French Excel saves); bytes that no encoding reads are refused
    _csv(tmp_path, "ansi.csv", [HEADER, "2024;1.2;local;Nombre de jeunes relogés;3;;"], encoding="cp1252")
    (tmp_path / "binaire.csv").write_bytes(b"annee;realise\n\x81\x8d\x9d;\x90\n")
    (tmp_path / "realise_2025.ods").write_bytes(b"PK")
    rows, problems, notices = load_realised(tmp_path, catalogue)
    assert _messages(problems) == [
        (
            "binaire.csv : encodage non reconnu : enregistrez le fichier au format « CSV UTF-8 » "
            "ou « CSV (séparateur : point-virgule) » (ou en .xlsx)"
        ),
        "realise_2024.csv ligne 3 : indicateur inconnu « Nombre de jeunes inconnus » (action 1.1, local)",
        "realise_2024.csv ligne 4 : indicateur inconnu « Nombre de jeunes NEET » (action 1.2, national)",
        "realise_2024.csv ligne 5 : valeur non numérique « beaucoup »",
        "realise_2024.csv ligne 6 : valeur non numérique « 12,5 % »",
        "realise_2024.csv ligne 7 : valeur négative « -3 »",
        "realise_2024.csv ligne 8 : année 2023 hors du contrat (2024-2027)",
        "realise_2024.csv ligne 9 : année illisible « deux mille »",
        (
            "realise_2024.csv ligne 10 : doublon : déjà saisi realise_2024.csv ligne 2 "
            "(2024, action 1.1, local, « Nombre de jeunes NEET »)"
        ),
        (
            "realise_2024_bis.csv ligne 2 : doublon : déjà saisi realise_2024.csv ligne 2 "
            "(2024, action 1.1, local, « Nombre de jeunes NEET »)"
        ),
        "realise_2025.ods : format non lu (.ods) : enregistrez le fichier en .xlsx ou en .csv",
        (
            "sans_colonnes.csv : colonne(s) obligatoire(s) absente(s) : « N° action » (action_code), "
            "« Référentiel » (referentiel), « Réalisé » (realise)"
        ),
    ]
    assert notices == []
    # the rows mean nothing when there are problems: the asset loads none
    assert [(r["fichier"], r["ligne"], r["realise"]) for r in rows] == [
        ("ansi.csv", 2, Decimal("3.00")),
        ("realise_2024.csv", 2, Decimal("10.00")),
    ]
    message = failure_message(problems)
    assert message.splitlines()[1] == (
        "Fichier de réalisés refusé : realise_2024.csv ligne 3 : "
        "indicateur inconnu « Nombre de jeunes inconnus » (action 1.1, local)"
    )
    assert message.splitlines()[-1].startswith("12 problème(s) : aucun réalisé n'a été chargé.")


def test_xlsx_rejections(tmp_path, catalogue):
    _xlsx(
        tmp_path,
        "r.xlsx",
        [
            [2024, "1.1", "local", NEET, -2, None],
            [2024, "1.1", "local", NEET, 1.005, None],
            [2024, "1.2", "local", "Nombre de jeunes relogés", True, None],
            [2025, "1.2", "local", "Nombre de jeunes relogés", "1.234", None],
            [2026, "1.2", "local", "Nombre de jeunes relogés", 33612345678901234, None],
        ],
    )
    _csv(tmp_path, "vide.csv", ["annee;valeur"])  # a header alone is still checked
    _, problems, _ = load_realised(tmp_path, catalogue)
    assert _messages(problems) == [
        "r.xlsx ligne 2 : valeur négative « -2 »",
        "r.xlsx ligne 3 : plus de deux décimales « 1.005 »",
        "r.xlsx ligne 4 : valeur non numérique « True »",
        (
            "r.xlsx ligne 5 : valeur ambiguë « 1.234 » : point des milliers ou trois décimales ? "
            "(écrivez les milliers sans point, les décimales après une virgule)"
        ),
        "r.xlsx ligne 6 : valeur trop grande « 3.361234567890123e+16 »",  # Excel stores a float
        (
            "vide.csv : colonne(s) obligatoire(s) absente(s) : « N° action » (action_code), "
            "« Référentiel » (referentiel), « Indicateur » (indicateur), « Réalisé » (realise)"
        ),
    ]


def test_lock_hidden_and_readme_files_are_ignored(tmp_path, catalogue):
    _csv(tmp_path, "~$realise_2024.csv", ["garbage"])
    _csv(tmp_path, ".realise_2024.csv", ["garbage"])
    (tmp_path / "README.md").write_text("# Réalisés\n", encoding="utf-8")
    assert load_realised(tmp_path, catalogue) == ([], [], [])
    assert load_realised(tmp_path / "absent", catalogue) == ([], [], [])


def test_empty_frame_is_typed():
    empty = frame("realises_saisis", [])
    assert empty.height == 0 and empty.schema == pl.Schema(SCHEMAS["realises_saisis"])
    assert empty.schema["realise"] == pl.Decimal(18, 2) and empty.schema["annee"] == pl.Int32


def _targets(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={
            "source": pl.String,
            "referentiel": pl.String,
            "axe_code": pl.String,
            "action_code": pl.String,
            "action": pl.String,
            "indicateur": pl.String,
            "situation_initiale": pl.Decimal(18, 2),
            "annee": pl.Int64,
            "cible": pl.Decimal(18, 2),
        },
        orient="row",
    )


@pytest.fixture
def targets():
    d = Decimal
    return _targets(
        [
            ("fiche", "national", "1", "1.10", "Action dix", "Nombre de familles", d(0), 2025, d(30)),
            ("annexe1", "local", "1", "1.2", "Pack jeune", "Nombre de jeunes relogés", d(19), 2024, d(55)),
            (
                "annexe1",
                "local",
                "1",
                "1.2",
                "Pack jeune",
                "Nombre de jeunes relogés",
                d(19),
                2025,
                d("55.5"),
            ),
            ("annexe1", "local", "1", "1.2", "Pack jeune", "Nombre de jeunes aidés", d(45), 2024, d(73)),
            ("fiche", "national", "1", "1.2", "Pack jeune", "Nombre de jeunes suivis", d(438), 2025, d(600)),
            ("fiche", "national", "1", "1.2", "Pack jeune", "Nombre de jeunes  suivis", d(438), 2025, d(650)),
            ("tableau_national", "national", None, None, None, "Nombre de ménages", d(1), 2025, d(2)),
        ]
    )


def test_template_rows_for_2025(targets):
    rows = template_rows(targets, 2025)
    assert [
        (r["action_code"], r["referentiel"], r["indicateur"], r["situation_initiale"], r["cible"])
        for r in rows
    ] == [
        ("1.2", "local", "Nombre de jeunes aidés", Decimal(45), None),  # no 2025 target in the document
        ("1.2", "local", "Nombre de jeunes relogés", Decimal(19), Decimal("55.5")),
        # the same indicator printed twice with two 2025 targets: nothing is guessed
        ("1.2", "national", "Nombre de jeunes  suivis", Decimal(438), None),
        ("1.10", "national", "Nombre de familles", Decimal(0), Decimal(30)),
    ]
    assert {r["annee"] for r in rows} == {2025}
    assert rows[0]["action"] == "Pack jeune" and rows[0]["axe_code"] == "1"
    assert all(r["realise"] is None and r["source"] is None and r["commentaire"] is None for r in rows)


def test_template_files_round_trip_through_the_loader(tmp_path, targets):
    rows = template_rows(targets, 2025)
    xlsx, csv_path = write_template(rows, tmp_path, 2025)
    assert (xlsx.name, csv_path.name) == ("realise_2025.xlsx", "realise_2025.csv")
    workbook = load_workbook(xlsx)
    assert workbook.sheetnames == ["Réalisés 2025", "Lisez-moi"]
    sheet = workbook["Réalisés 2025"]
    # the code names in a hidden row 1, the French headers in row 2, the indicators from row 3
    assert [c.value for c in sheet[1]] == list(TEMPLATE_COLUMNS)
    assert sheet.row_dimensions[1].hidden is True
    assert [c.value for c in sheet[2]] == [
        "Année",
        "Axe",
        "N° action",
        "Action",
        "Référentiel",
        "Indicateur",
        "Situation initiale",
        "Cible",
        "Réalisé",
        "Source du réalisé",
        "Commentaire",
    ]
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:K6"
    assert [c.value for c in sheet[4]][:9] == [
        2025,
        "1",
        "1.2",
        "Pack jeune",
        "local",
        "Nombre de jeunes relogés",
        19,
        55.5,
        None,
    ]
    assert sheet.max_row == 6
    assert sheet.column_dimensions["F"].width == 70 and sheet.column_dimensions["I"].width == 12
    # « Réalisé » only takes a number >= 0, on every row of the template
    (validation,) = sheet.data_validations.dataValidation
    assert (validation.type, validation.operator, validation.formula1, validation.allow_blank) == (
        "decimal",
        "greaterThanOrEqual",
        "0",
        True,
    )
    assert str(validation.sqref) == "I3:I6"
    lines = csv_path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == (
        "Année;Axe;N° action;Action;Référentiel;Indicateur;Situation initiale;Cible;Réalisé;Source du"
        " réalisé;Commentaire"
    )
    assert lines[2] == "2025;1;1.2;Pack jeune;local;Nombre de jeunes relogés;19;55,5;;;"
    catalogue = indicator_catalogue(targets)
    # an unfilled template loads nothing; then a service fills one cell of the XLSX
    assert load_realised(tmp_path, catalogue) == ([], [], [])
    sheet["I4"] = 61
    workbook.save(xlsx)
    loaded, problems, notices = load_realised(tmp_path, catalogue)
    assert problems == [] and notices == []
    assert [(r["fichier"], r["ligne"], r["indicateur"], r["realise"]) for r in loaded] == [
        ("realise_2025.xlsx", 4, "Nombre de jeunes relogés", Decimal("61.00"))
    ]
    # a filled file is never overwritten without force
    with pytest.raises(TemplateExists, match=r"realise_2025.xlsx contient déjà 1 réalisé\(s\) saisi\(s\)"):
        write_template(rows, tmp_path, 2025)
    write_template(rows, tmp_path, 2025, force=True)
    assert load_realised(tmp_path, catalogue) == ([], [], [])
