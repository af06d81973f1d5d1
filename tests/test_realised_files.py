"""Realised files as services send them: encodings, separators, decimal comma or point, XLSX
formulas, size limits, the template's French headers, and the .xlsx and .csv of one year both filled."""

import os
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from openpyxl import Workbook, load_workbook

from pipelines.ingest.realised import (
    MAX_ROWS,
    indicator_catalogue,
    load_realised,
    parse_realised,
)
from pipelines.ingest.realised_template import readme_lines, template_rows, write_template

NEET = "Nombre de jeunes NEET"
RELOGES = "Nombre de jeunes relogés"


@pytest.fixture
def catalogue():
    values = pl.DataFrame(
        [
            ("annexe1", "1", "1.1", "local", NEET),
            ("annexe1", "1", "1.2", "local", RELOGES),
            ("fiche", "2", "2.1", "national", "Taux d'accès à l'emploi"),
        ],
        schema=["source", "axe_code", "action_code", "referentiel", "indicateur"],
        orient="row",
    )
    return indicator_catalogue(values)


def _loaded(rows) -> list[tuple]:
    return [
        (r["fichier"], r["ligne"], r["annee"], r["action_code"], r["indicateur"], r["realise"]) for r in rows
    ]


def _messages(problems) -> list[str]:
    return [str(p) for p in problems]


# --- CSV as French Excel and other tools save it


def test_windows_1252_semicolon_decimal_comma_csv_as_french_excel_saves_it(tmp_path, catalogue):
    # « CSV (séparateur : point-virgule) » of a French Excel: Windows-1252, CRLF, the template's
    # French headers, decimal comma, a no-break space between thousands, an accented indicator
    text = (
        "Année;Axe;N° action;Action;Référentiel;Indicateur;Situation initiale;Cible;Réalisé;Source du "
        "réalisé;Commentaire\r\n"
        f"2024;1;1.1;Pack jeune;local;{NEET};12;15;1\u00a0234,5;Mission locale;\r\n"
        f"2024;1;1.2;Pack jeune;local;{RELOGES};19;55;17;;estimé à 5 % près\r\n"
        "2024;2;2.1;Emploi;national;Taux d'accès à l'emploi;;;12,25;France Travail;\r\n"
    )
    path = tmp_path / "realise_2024.csv"
    path.write_bytes(text.encode("cp1252"))
    assert b"\xe9" in path.read_bytes() and b"\xa0" in path.read_bytes()  # really Windows-1252
    rows, problems, notices = load_realised(tmp_path, catalogue)
    assert problems == [] and notices == []
    assert _loaded(rows) == [
        ("realise_2024.csv", 2, 2024, "1.1", NEET, Decimal("1234.50")),
        ("realise_2024.csv", 3, 2024, "1.2", RELOGES, Decimal("17.00")),
        ("realise_2024.csv", 4, 2024, "2.1", "Taux d'accès à l'emploi", Decimal("12.25")),
    ]
    assert rows[0]["source"] == "Mission locale" and rows[1]["commentaire"] == "estimé à 5 % près"


def test_characters_lost_by_windows_1252_still_find_their_indicator(tmp_path):
    # French Excel saves « ≥ » and a narrow no-break space, absent from Windows-1252, as « ? »
    values = pl.DataFrame(
        [
            ("fiche", "3", "3.1", "national", "Nombre de jeunes \u2265 25\u202fans suivis"),
            ("fiche", "3", "3.1", "national", "Part des m\u0153urs \u2264 2 ans"),  # « œ » is in Windows-1252
            ("fiche", "3", "3.2", "national", "Taux \u2265 50 %"),
            ("fiche", "3", "3.2", "national", "Taux \u2264 50 %"),  # both become « Taux ? 50 % »
        ],
        schema=["source", "axe_code", "action_code", "referentiel", "indicateur"],
        orient="row",
    )
    lines = [
        "Année;N° action;Référentiel;Indicateur;Réalisé",
        "2024;3.1;national;Nombre de jeunes \u2265 25\u202fans suivis;40",
        "2024;3.1;national;Part des m\u0153urs \u2264 2 ans;3",
        "2024;3.2;national;Taux \u2265 50 %;7",
    ]
    (tmp_path / "r.csv").write_bytes("\r\n".join(lines).encode("cp1252", errors="replace"))
    assert "Nombre de jeunes ? 25?ans suivis" in (tmp_path / "r.csv").read_bytes().decode("cp1252")
    rows, problems, _ = load_realised(tmp_path, indicator_catalogue(values))
    assert [(r["ligne"], r["indicateur"], r["realise"]) for r in rows] == [
        (2, "Nombre de jeunes \u2265 25\u202fans suivis", Decimal("40.00")),
        (3, "Part des m\u0153urs \u2264 2 ans", Decimal("3.00")),
    ]
    assert _messages(problems) == [
        "r.csv ligne 4 : indicateur inconnu « Taux ? 50 % » (action 3.2, national)"
    ]


def test_comma_separated_csv_with_decimal_point_and_utf8_bom(tmp_path, catalogue):
    # an English-style export: ',' between cells, '.' for decimals, quoted cells, UTF-8 with BOM
    text = (
        "\ufeffannee,action_code,referentiel,indicateur,realise,commentaire\n"
        f'2025,1.1,local,{NEET},12.5,"suivi, relances"\n'
        f'2025,1.2,local,"{RELOGES}","1 200.75",\n'
        "2025,2.1,national,Taux d'accès à l'emploi,7,\n"
    )
    (tmp_path / "export.csv").write_text(text, encoding="utf-8")
    rows, problems, _ = load_realised(tmp_path, catalogue)
    assert problems == []
    assert [(r["ligne"], r["realise"], r["commentaire"]) for r in rows] == [
        (2, Decimal("12.50"), "suivi, relances"),
        (3, Decimal("1200.75"), None),
        (4, Decimal("7.00"), None),
    ]


def test_utf16_tab_separated_text_and_a_title_above_the_header(tmp_path, catalogue):
    # « Texte Unicode » of Excel: UTF-16 with BOM, tabs; a title row above the header is skipped
    text = (
        "Réalisés 2026 — Mission locale\t\t\t\t\n"
        "Année\tN° action\tRéférentiel\tIndicateur\tRéalisé\n"
        f"2026\t1.1\tlocal\t{NEET}\t3\u202f400\n"
    )
    (tmp_path / "realise_2026.csv").write_bytes(text.encode("utf-16"))
    rows, problems, _ = load_realised(tmp_path, catalogue)
    assert problems == []
    assert _loaded(rows) == [("realise_2026.csv", 3, 2026, "1.1", NEET, Decimal("3400.00"))]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1 234", "1234.00"),
        ("1\u00a0234,5", "1234.50"),
        ("1\u202f234,56", "1234.56"),
        ("12,5", "12.50"),
        ("12.5", "12.50"),
        ("0.75", "0.75"),
        ("1 200.5", "1200.50"),
        ("640 €", "640.00"),
        ("0", "0.00"),
    ],
)
def test_realised_text_with_decimal_comma_or_point(text, value):
    assert parse_realised(text) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1.234", "valeur ambiguë « 1.234 » : point des milliers ou trois décimales ?"),
        ("1,234.5", "valeur ambiguë « 1,234.5 » : virgule et point à la fois (écrivez 1234,5)"),
        ("12,345", "plus de deux décimales « 12,345 »"),
        ("1.2345", "plus de deux décimales « 1.2345 »"),
        ("1.234.567", "valeur non numérique « 1.234.567 »"),
        ("12,5 %", "valeur non numérique « 12,5 % »"),
        ("1 23", "valeur non numérique « 1 23 »"),
        ("-4,5", "valeur négative « -4,5 »"),
    ],
)
def test_realised_text_refused(text, message):
    with pytest.raises(ValueError) as refused:
        parse_realised(text)
    assert str(refused.value).startswith(message)


# --- XLSX formulas


def _rewrite_member(path: Path, member: str, change) -> None:
    """Rewrite one member of a zip (an XLSX) through ``change(text) -> text``."""
    with zipfile.ZipFile(path) as archive:
        contents = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    contents[member] = change(contents[member].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in contents.items():
            archive.writestr(name, data)


def _workbook(path: Path, rows: list[list]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["annee", "action_code", "referentiel", "indicateur", "realise"])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


SHEET = "xl/worksheets/sheet1.xml"


def test_formula_without_saved_value_is_refused_naming_its_cell(tmp_path, catalogue):
    # written by a program (openpyxl), never opened in a spreadsheet: no value saved with the formula
    _workbook(tmp_path / "r.xlsx", [[2024, "1.1", "local", NEET, 4], [2024, "1.2", "local", RELOGES, "=1+1"]])
    assert '<c r="E3"><f>1+1</f><v /></c>' in zipfile.ZipFile(tmp_path / "r.xlsx").read(SHEET).decode()
    rows, problems, _ = load_realised(tmp_path, catalogue)
    assert _messages(problems) == [
        (
            "r.xlsx ligne 3 : cellule E3 : formule sans valeur calculée (=1+1) ; "
            "ouvrez et enregistrez le fichier dans un tableur"
        )
    ]
    assert _loaded(rows) == [("r.xlsx", 2, 2024, "1.1", NEET, Decimal("4.00"))]


def test_formulas_with_saved_values_are_read_and_errors_refused(tmp_path, catalogue):
    path = _workbook(
        tmp_path / "r.xlsx",
        [
            [2024, "1.1", "local", NEET, "=SUM(10,2.5)"],
            ["=2020+5", "1.2", "local", RELOGES, "=B9*3"],
            [2026, "1.2", "local", RELOGES, "=1/0"],
        ],
    )

    # as a spreadsheet saves them: the value computed beside each formula
    def saved(xml: str) -> str:
        return (
            xml.replace("<f>SUM(10,2.5)</f><v />", "<f>SUM(10,2.5)</f><v>12.5</v>")
            .replace("<f>2020+5</f><v />", "<f>2020+5</f><v>2025</v>")
            .replace("<f>B9*3</f><v />", "<f>B9*3</f><v>36</v>")
            .replace('<c r="E4"><f>1/0</f><v />', '<c r="E4" t="e"><f>1/0</f><v>#DIV/0!</v>')
        )

    _rewrite_member(path, SHEET, saved)
    assert load_workbook(path, data_only=True).active["E3"].value == 36
    rows, problems, _ = load_realised(tmp_path, catalogue)
    assert _messages(problems) == ["r.xlsx ligne 4 : cellule E4 : la formule (=1/0) donne l'erreur #DIV/0!"]
    assert _loaded(rows) == [
        ("r.xlsx", 2, 2024, "1.1", NEET, Decimal("12.50")),
        ("r.xlsx", 3, 2025, "1.2", RELOGES, Decimal("36.00")),
    ]


def test_a_text_that_looks_like_a_formula_stays_text(tmp_path, catalogue):
    # a string cell "=12" (text typed by a service, or an export's protected text) is not a formula
    from pipelines.exports import set_xlsx_value

    path = _workbook(tmp_path / "r.xlsx", [[2024, "1.1", "local", NEET, None]])
    workbook = load_workbook(path)
    set_xlsx_value(workbook.active["E2"], "=12")
    workbook.save(path)
    assert "<f>" not in zipfile.ZipFile(path).read(SHEET).decode()
    _, problems, _ = load_realised(tmp_path, catalogue)
    assert _messages(problems) == ["r.xlsx ligne 2 : valeur non numérique « =12 »"]


# --- limits, checked before parsing


def test_csv_over_10_mo_is_refused_before_reading(tmp_path, catalogue):
    path = tmp_path / "realise_2024.csv"
    line = f"2024;1.1;local;{NEET};;{'x' * 1000}\n".encode()
    data = b"annee;action_code;referentiel;indicateur;realise;commentaire\n" + line * 11_000
    path.write_bytes(data[: 21 * 512 * 1024])  # 10,5 Mo
    started = time.perf_counter()
    _, problems, _ = load_realised(tmp_path, catalogue)
    assert time.perf_counter() - started < 1
    assert _messages(problems) == [
        (
            "realise_2024.csv : fichier trop volumineux (10,5 Mo ; au plus 10 Mo) : il n'est pas lu "
            "(un fichier de réalisés compte quelques centaines de lignes)"
        )
    ]


def test_csv_over_10_000_rows_is_refused(tmp_path, catalogue):
    lines = ["annee;action_code;referentiel;indicateur;realise"] + [
        f"2024;1.1;local;{NEET};" for _ in range(MAX_ROWS)
    ]
    (tmp_path / "r.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, problems, _ = load_realised(tmp_path, catalogue)
    assert _messages(problems) == ["r.csv : trop de lignes : au plus 10 000 lignes par fichier"]
    # exactly 10 000 rows (header included) are read
    (tmp_path / "r.csv").write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    assert load_realised(tmp_path, catalogue) == ([], [], [])


def test_xlsx_whose_sheet_claims_5_million_rows_is_refused_before_parsing(tmp_path, catalogue):
    path = _workbook(tmp_path / "bombe.xlsx", [[2024, "1.1", "local", NEET, 3]])
    _rewrite_member(
        path, SHEET, lambda xml: xml.replace('<dimension ref="A1:E2" />', '<dimension ref="A1:E5000000" />')
    )
    started = time.perf_counter()
    _, problems, _ = load_realised(tmp_path, catalogue)
    assert time.perf_counter() - started < 5
    assert _messages(problems) == [
        (
            "bombe.xlsx : la feuille « Sheet » annonce 5 000 000 lignes "
            "(au plus 10 000 lignes par feuille) : elle n'est pas lue"
        )
    ]
    _rewrite_member(
        path, SHEET, lambda xml: xml.replace('<dimension ref="A1:E5000000" />', '<dimension ref="A1:XFD2" />')
    )
    _, problems, _ = load_realised(tmp_path, catalogue)
    assert _messages(problems) == [
        "bombe.xlsx : la feuille « Sheet » annonce 16 384 colonnes (au plus 100) : elle n'est pas lue"
    ]


def test_xlsx_rows_beyond_the_limit_without_a_declared_size_are_refused_before_parsing(tmp_path, catalogue):
    # no <dimension>, no row numbers, 200 000 rows: counted in the raw XML, never given to openpyxl
    # (which would parse the whole sheet just to open the workbook)
    path = _workbook(tmp_path / "r.xlsx", [[2024, "1.1", "local", NEET, 3]])
    extra = b"<row><c><v>2024</v></c></row>" * 200_000
    _rewrite_member(
        path,
        SHEET,
        lambda xml: xml.replace('<dimension ref="A1:E2" />', "").replace(
            "</row></sheetData>", "</row>" + extra.decode() + "</sheetData>"
        ),
    )
    assert path.stat().st_size < 100_000
    started = time.perf_counter()
    _, problems, _ = load_realised(tmp_path, catalogue)
    assert time.perf_counter() - started < 5
    assert _messages(problems) == [
        "r.xlsx : la feuille « Sheet » compte plus de 10 000 lignes : elle n'est pas lue"
    ]
    # 9 999 rows and the header: read
    _rewrite_member(
        path, SHEET, lambda xml: xml.replace(extra.decode(), "<row><c><v>2024</v></c></row>" * (MAX_ROWS - 2))
    )
    rows, problems, _ = load_realised(tmp_path, catalogue)
    assert problems == [] and _loaded(rows) == [("r.xlsx", 2, 2024, "1.1", NEET, Decimal("3.00"))]


def test_xlsx_too_large_once_decompressed_is_refused_before_parsing(tmp_path, catalogue):
    path = _workbook(tmp_path / "r.xlsx", [[2024, "1.1", "local", NEET, 3]])
    # a picture is not parsed: it does not count
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/image1.png", b"\0" * (25 * 1024 * 1024))
    rows, problems, _ = load_realised(tmp_path, catalogue)
    assert problems == [] and len(rows) == 1
    # XML is: 21 Mo of it in a part of 20 Ko
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("customXml/item1.xml", b"<a>" + b" " * (21 * 1024 * 1024 - 7) + b"</a>")
    assert path.stat().st_size < 1024 * 1024
    _, problems, _ = load_realised(tmp_path, catalogue)
    assert _messages(problems) == [
        "r.xlsx : classeur trop volumineux une fois décompressé "
        "(21,0 Mo de XML ; au plus 20 Mo) : il n'est pas lu"
    ]


def test_not_a_workbook_and_a_column_twice(tmp_path, catalogue):
    (tmp_path / "faux.xlsx").write_bytes(b"annee;realise\n2024;3\n")
    (tmp_path / "double.csv").write_text(
        f"Année;N° action;Référentiel;Indicateur;Réalisé;realise\n2024;1.1;local;{NEET};3;4\n",
        encoding="utf-8",
    )
    _, problems, _ = load_realised(tmp_path, catalogue)
    assert _messages(problems) == [
        "double.csv : colonne « Réalisé » (realise) présente deux fois (colonnes E et F) : gardez-en une",
        "faux.xlsx : classeur illisible, pas un fichier .xlsx valide (BadZipFile)",
    ]


# --- the template: French headers, Lisez-moi, cells that cannot execute


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


HYPERLINK = '=HYPERLINK("http://exemple.invalid","cliquez")'


@pytest.fixture
def hostile_targets():
    d = Decimal
    return _targets(
        [
            (
                "annexe1",
                "local",
                "1",
                "1.1",
                HYPERLINK,
                "-Nombre de jeunes sans solution",
                d(10),
                2024,
                d(20),
            ),
            ("annexe1", "local", "1", "1.2", "@SOMME(A1)", "+ de 50 ans accompagnés", d(3), 2024, d(5)),
            ("fiche", "national", "2", "2.1", "Emploi", "Taux d'accès à l'emploi", None, 2024, d("12.5")),
        ]
    )


def test_template_cells_never_execute(tmp_path, hostile_targets):
    xlsx, csv_path = write_template(template_rows(hostile_targets, 2024), tmp_path, 2024)
    workbook = load_workbook(xlsx)
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    sheet = workbook["Réalisés 2024"]
    assert (sheet["D3"].value, sheet["D3"].data_type) == (HYPERLINK, "s")
    assert (sheet["F3"].value, sheet["D4"].value, sheet["F4"].value) == (
        "-Nombre de jeunes sans solution",
        "@SOMME(A1)",
        "+ de 50 ans accompagnés",
    )
    assert sheet["H5"].value == 12.5 and sheet["H5"].data_type == "n"  # numbers stay numbers
    lines = csv_path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[1:] == [
        '2024;1;1.1;"\'=HYPERLINK(""http://exemple.invalid"",""cliquez"")";local;\'-Nombre de jeunes '
        "sans solution;10;20;;;",
        "2024;1;1.2;'@SOMME(A1);local;'+ de 50 ans accompagnés;3;5;;;",
        "2024;2;2.1;Emploi;national;Taux d'accès à l'emploi;;12,5;;;",
    ]
    assert not any(cell.startswith(("=", "+", "-", "@")) for line in lines for cell in line.split(";"))


def test_protected_indicator_texts_load_back_from_the_csv(tmp_path, hostile_targets):
    # the apostrophe that keeps « -Nombre ... » from being a formula is not part of the indicator
    _, csv_path = write_template(template_rows(hostile_targets, 2024), tmp_path, 2024)
    lines = csv_path.read_text(encoding="utf-8-sig").splitlines()
    lines[1] = lines[1].replace(";20;;;", ";20;18;;")
    lines[2] = lines[2].replace(";5;;;", ";5;4;;")
    csv_path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))  # re-saved by French Excel
    rows, problems, notices = load_realised(tmp_path, indicator_catalogue(hostile_targets))
    assert problems == [] and notices == []
    assert [(r["ligne"], r["indicateur"], r["realise"]) for r in rows] == [
        (2, "-Nombre de jeunes sans solution", Decimal("18.00")),
        (3, "+ de 50 ans accompagnés", Decimal("4.00")),
    ]


def test_template_readme_sheet_guides_the_service(tmp_path, hostile_targets):
    xlsx, _ = write_template(template_rows(hostile_targets, 2024), tmp_path, 2024)
    readme = load_workbook(xlsx)["Lisez-moi"]
    texts = [c.value for (c,) in readme.iter_rows(max_col=1) if c.value]
    assert texts == [text for _, text in readme_lines(2024)]
    assert texts[0] == "Réalisés 2024 des indicateurs du Contrat local des solidarités 2024-2027"
    joined = "\n".join(texts)
    for expected in (
        "« Réalisé » : le résultat atteint en 2024, dans l'unité de la cible",
        "Virgule pour les décimales (12,5)",
        "écrivez 0 pour un réalisé nul",
        "seul celui modifié en dernier est lu",
        "Au plus 10 000 lignes et 10 Mo par fichier.",
        "puis lancez `make run` (ou `dpid build`)",
        "La ligne 1 de la feuille, masquée, porte le nom technique de chaque colonne",
    ):
        assert expected in joined
    assert readme["A1"].font.bold and readme.column_dimensions["A"].width == 110


def test_loader_reads_the_template_however_a_service_rearranged_it(tmp_path, hostile_targets):
    catalogue = indicator_catalogue(hostile_targets)
    xlsx, csv_path = write_template(template_rows(hostile_targets, 2024), tmp_path, 2024)
    csv_path.unlink()
    workbook = load_workbook(xlsx)
    sheet = workbook["Réalisés 2024"]
    sheet["I5"] = 13.25
    # the guidance sheet moved first, a column of notes inserted before « Réalisé », headers retyped
    workbook.move_sheet("Lisez-moi", offset=-1)
    sheet.insert_cols(9)
    sheet["I2"] = "Notes du service"
    sheet["I5"] = "à vérifier"
    sheet["F2"] = "INDICATEUR"
    workbook.save(xlsx)
    rows, problems, _ = load_realised(tmp_path, catalogue)
    assert problems == []
    assert [(r["ligne"], r["indicateur"], r["realise"]) for r in rows] == [
        (5, "Taux d'accès à l'emploi", Decimal("13.25"))
    ]
    # the hidden row of code names deleted: the French headers alone are enough
    sheet.delete_rows(1)
    workbook.save(xlsx)
    rows, problems, _ = load_realised(tmp_path, catalogue)
    assert problems == []
    assert [(r["ligne"], r["realise"]) for r in rows] == [(4, Decimal("13.25"))]


# --- the .xlsx and the .csv of one year both filled


def _fill_template(tmp_path: Path, targets: pl.DataFrame) -> tuple[Path, Path]:
    xlsx, csv_path = write_template(template_rows(targets, 2024), tmp_path, 2024)
    workbook = load_workbook(xlsx)
    workbook["Réalisés 2024"]["I5"] = 11
    workbook.save(xlsx)
    lines = csv_path.read_text(encoding="utf-8-sig").splitlines()
    lines[3] = lines[3].replace(";12,5;;;", ";12,5;14,5;;")
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return xlsx, csv_path


def _stamp(path: Path) -> str:
    from datetime import datetime

    return datetime.fromtimestamp(path.stat().st_mtime).strftime("%d/%m/%Y à %H:%M:%S")


def test_both_files_filled_the_one_modified_last_is_read(tmp_path, hostile_targets):
    catalogue = indicator_catalogue(hostile_targets)
    xlsx, csv_path = _fill_template(tmp_path, hostile_targets)
    now = time.time()
    os.utime(xlsx, (now - 3600, now - 3600))
    os.utime(csv_path, (now, now))
    rows, problems, notices = load_realised(tmp_path, catalogue)
    assert problems == []  # not a duplicate
    assert [(r["fichier"], r["ligne"], r["realise"]) for r in rows] == [
        ("realise_2024.csv", 4, Decimal("14.50"))
    ]
    assert notices == [
        (
            "realise_2024.xlsx et realise_2024.csv sont remplis tous les deux : seul realise_2024.csv, "
            f"modifié en dernier (le {_stamp(csv_path)}), est lu ; realise_2024.xlsx (modifié le "
            f"{_stamp(xlsx)}) est ignoré. Videz ou supprimez celui des deux qui n'est pas à jour."
        )
    ]
    # the .xlsx saved again later: it is read, the .csv set aside
    os.utime(xlsx, (now + 60, now + 60))
    rows, problems, notices = load_realised(tmp_path, catalogue)
    assert problems == []
    assert [(r["fichier"], r["ligne"], r["realise"]) for r in rows] == [
        ("realise_2024.xlsx", 5, Decimal("11.00"))
    ]
    assert len(notices) == 1 and notices[0].startswith(
        "realise_2024.csv et realise_2024.xlsx sont remplis tous "
        "les deux : seul realise_2024.xlsx, modifié en dernier"
    )
    # the same time: the .xlsx
    os.utime(csv_path, (now + 60, now + 60))
    rows, _, notices = load_realised(tmp_path, catalogue)
    assert [r["fichier"] for r in rows] == ["realise_2024.xlsx"]
    assert "modifiés au même moment" in notices[0]


def test_a_filled_file_beside_a_blank_one_is_read_without_notice(tmp_path, hostile_targets):
    catalogue = indicator_catalogue(hostile_targets)
    _, csv_path = _fill_template(tmp_path, hostile_targets)
    write_template(template_rows(hostile_targets, 2024), tmp_path / "vierge", 2024)
    csv_path.write_bytes((tmp_path / "vierge" / "realise_2024.csv").read_bytes())  # the .csv left blank
    rows, problems, notices = load_realised(tmp_path, catalogue)
    assert problems == [] and notices == []
    assert [(r["fichier"], r["realise"]) for r in rows] == [("realise_2024.xlsx", Decimal("11.00"))]


def test_failure_message_repeats_the_notice():
    from pipelines.ingest.realised import Problem, failure_message

    message = failure_message(
        [Problem("a.csv", 3, "valeur négative « -1 »")], ["a.xlsx et a.csv sont remplis"]
    )
    assert message.splitlines() == [
        "Fichier de réalisés refusé : a.csv ligne 3 : valeur négative « -1 »",
        "Attention : a.xlsx et a.csv sont remplis",
        "1 problème(s) : aucun réalisé n'a été chargé. Corrigez "
        "le ou les fichiers puis relancez la construction.",
    ]


def test_next_steps_printed_after_the_template_is_written():
    from pipelines.ingest.realised_template import next_steps

    assert next_steps(2025) == (
        "Remplissez la colonne « Réalisé » (et « Source du réalisé ») de realise_2025.xlsx "
        "(ou du .csv, pas des deux : si les deux sont remplis, seul le dernier modifié est lu), "
        "puis relancez `make run` (ou `dpid build`). La feuille « Lisez-moi » du classeur explique tout."
    )
