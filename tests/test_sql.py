"""`dpid sql` and `dpid tables`: SQL that cannot write anywhere, exports that cannot execute,
French output; argparse in French. Most tests run on a small warehouse built here; the last ones
on the default corpus's warehouse, built once for the session (tests/conftest.py)."""

import csv
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from pipelines import settings
from pipelines.cli import main
from pipelines.sql import format_table, fr_number

from .conftest import copy_warehouse

NNBSP = "\u202f"


@pytest.fixture()
def warehouse(tmp_path):
    """A small warehouse shaped like the real one: marts with a decimal amount and a list column."""
    path = tmp_path / "entrepot" / "dpid.duckdb"
    path.parent.mkdir()
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    con.execute(
        "create table marts.subventions as select * from (values"
        " ('003', 'Mahra', 500000.00::decimal(18,2), 2024),"
        " ('003', 'Le Cap', 1234.5::decimal(18,2), 2024),"
        " ('004', '=HYPERLINK(\"http://x\")', 12.0::decimal(18,2), 2025)"
        ") t(doc_id, structure, montant_eur, annee)"
    )
    con.execute(
        "create table marts.dim_structures as select * from (values"
        " ('mahra', ['MAHRA', 'Mahra Toit'], 2), ('le cap', ['Le Cap'], 1)) t(structure_cle, libelles, nb)"
    )
    con.close()
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cells(line: str) -> list[str]:
    return [part.strip() for part in line.split("│")]


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- 1. SQL that cannot write, anywhere ------------------------------------------------------

PROBES = [  # (query, French explanation expected, DuckDB's own message expected on the next line)
    ("COPY (select 'x') TO '{warehouse}'", "COPY est refusé", "file system operations are disabled"),
    ("COPY (select 'x') TO '{tmp}/x.csv'", "COPY est refusé", "file system operations are disabled"),
    ("ATTACH '{tmp}/f.duckdb' (READ_WRITE)", "ATTACH est refusé", "file system operations are disabled"),
    ("ATTACH '{tmp}/f.duckdb' AS f", "ATTACH est refusé", "file system operations are disabled"),
    ("ATTACH ':memory:' AS m", "ATTACH est refusé", "read-only"),
    ("EXPORT DATABASE '{tmp}/export'", "EXPORT DATABASE est refusé", "file system operations are disabled"),
    ("INSTALL httpfs", "INSTALL et LOAD sont refusés", "file system operations are disabled"),
    ("LOAD httpfs", "INSTALL et LOAD sont refusés", "disabled through configuration"),
    ("select * from read_text('/etc/passwd')", "Accès aux fichiers refusé", "/etc/passwd"),
    ("select * from read_csv('/etc/passwd')", "Accès aux fichiers refusé", "/etc/passwd"),
    ("select * from read_parquet('{tmp}/x.parquet')", "Accès aux fichiers refusé", "disabled"),
    ("select * from glob('/etc/*')", "Accès aux fichiers refusé", "disabled"),
    ("SET enable_external_access = true", "configuration de DuckDB est verrouillée", "locked"),
    ("RESET lock_configuration", "configuration de DuckDB est verrouillée", "locked"),
    ("SET temp_directory = '{tmp}/spill'", "configuration de DuckDB est verrouillée", "locked"),
    ("create table marts.x as select 1", "lecture seule", "read-only"),
    ("delete from marts.subventions", "lecture seule", "read-only"),
]


@pytest.mark.parametrize(("probe", "french", "original"), PROBES)
def test_every_write_or_file_access_is_refused_and_the_warehouse_stays_identical(
    warehouse, tmp_path, capsys, probe, french, original
):
    before = sha256(warehouse)
    query = probe.format(warehouse=warehouse, tmp=tmp_path)
    code, out, err = run(capsys, "sql", query, "--entrepot", str(warehouse))
    assert code == 2 and out == ""
    first, second = err.splitlines()[:2]
    assert first.startswith("ERREUR : ") and french in first
    assert original in second
    assert sha256(warehouse) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entrepot"]  # no f.duckdb, export/, x.csv
    assert sorted(p.name for p in warehouse.parent.iterdir()) == ["dpid.duckdb"]


def test_plain_queries_answer_and_the_marts_need_no_prefix(warehouse, capsys):
    code, out, _ = run(
        capsys,
        "sql",
        "select structure, montant_eur from marts.subventions order by montant_eur desc",
        "--entrepot",
        str(warehouse),
    )
    assert code == 0 and cells(out.splitlines()[0]) == ["structure", "montant_eur"]
    assert cells(out.splitlines()[2]) == ["Mahra", f"500{NNBSP}000,00"]
    code, out, _ = run(capsys, "sql", "select count(*) as n from subventions", "--entrepot", str(warehouse))
    assert code == 0 and out.splitlines()[2].strip() == "3"
    settings_query = "select current_setting('enable_external_access') a, current_setting('temp_directory') t"
    code, out, _ = run(capsys, "sql", settings_query, "--entrepot", str(warehouse))
    assert code == 0 and cells(out.splitlines()[2]) == ["faux", ""]
    code, out, _ = run(capsys, "sql", "show tables", "--entrepot", str(warehouse))
    assert code == 0 and {line.strip() for line in out.splitlines()[2:]} == {"dim_structures", "subventions"}


def test_sortie_never_writes_the_warehouse_even_with_ecraser(warehouse, tmp_path, capsys, monkeypatch):
    before = sha256(warehouse)
    link = tmp_path / "lien.csv"
    link.symlink_to(warehouse)
    monkeypatch.chdir(tmp_path)
    for target in (str(warehouse), "entrepot/../entrepot/dpid.duckdb", str(link), "lien.csv"):
        for extra in ((), ("--ecraser",)):
            code, out, err = run(
                capsys, "sql", "select 1", "--entrepot", str(warehouse), "--sortie", target, *extra
            )
            assert code == 2 and out == "" and "est l'entrepôt lui-même" in err, (target, extra)
    assert sha256(warehouse) == before and link.is_symlink()


def test_sortie_refuses_an_existing_file_unless_ecraser(warehouse, tmp_path, capsys):
    existing = tmp_path / "resultat.csv"
    existing.write_text("à garder\n", encoding="utf-8")
    code, _, err = run(
        capsys, "sql", "select 1 as n", "--entrepot", str(warehouse), "--sortie", str(existing)
    )
    assert code == 2 and f"Le fichier {existing} existe déjà : ajoutez --ecraser" in err
    assert existing.read_text(encoding="utf-8") == "à garder\n"
    code, out, _ = run(
        capsys, "sql", "select 1 as n", "--entrepot", str(warehouse), "--sortie", str(existing), "--ecraser"
    )
    assert code == 0 and out == f"1 ligne(s) écrite(s) dans {existing}\n"
    assert existing.read_text(encoding="utf-8-sig").splitlines() == ["n", "1"]


def test_sortie_refuses_an_unknown_format(warehouse, tmp_path, capsys):
    code, _, err = run(
        capsys, "sql", "select 1", "--entrepot", str(warehouse), "--sortie", str(tmp_path / "r.txt")
    )
    assert code == 2 and "Format de sortie non pris en charge : « .txt »" in err
    assert not (tmp_path / "r.txt").exists()


# --- 2. exports that cannot execute, 3. real XLSX, list columns -------------------------------

INJECTION = """select '=HYPERLINK("http://x")' as titre, '+1' as plus, '-2' as moins, '@x' as arobase,
    -2 as entier, 500000.5::decimal(18,2) as montant, 0.25::double as taux, ['=1+1', 'b'] as liste"""


def test_xlsx_output_has_no_formula_cell_and_numbers_stay_numbers(warehouse, tmp_path, capsys):
    out = tmp_path / "r.xlsx"
    assert run(capsys, "sql", INJECTION, "--entrepot", str(warehouse), "--sortie", str(out))[0] == 0
    sheet = load_workbook(out).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["titre", "plus", "moins", "arobase", "entier", "montant", "taux", "liste"]
    assert rows[1][:4] == ['=HYPERLINK("http://x")', "+1", "-2", "@x"]
    assert rows[1][4:] == [-2, 500000.5, 0.25, "=1+1 | b"]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert [c.data_type for c in sheet[2]] == ["s", "s", "s", "s", "n", "n", "n", "s"]
    assert sheet["F2"].number_format == "#,##0.00"
    assert (
        all(c.font.bold for c in sheet[1]) and sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:H2"
    )


def test_csv_output_has_no_formula_cell_and_numbers_stay_numbers(warehouse, tmp_path, capsys):
    out = tmp_path / "r.csv"
    assert run(capsys, "sql", INJECTION, "--entrepot", str(warehouse), "--sortie", str(out))[0] == 0
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert rows[1] == [
        '\'=HYPERLINK("http://x")',
        "'+1",
        "'-2",
        "'@x",
        "-2",
        "500000,50",
        "0,25",
        "'=1+1 | b",
    ]
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_csv_and_xlsx_of_a_list_column_join_its_items(warehouse, tmp_path, capsys):
    query = "select * from marts.dim_structures order by nb desc"
    for name in ("s.csv", "s.xlsx"):
        code, out, _ = run(
            capsys, "sql", query, "--entrepot", str(warehouse), "--sortie", str(tmp_path / name)
        )
        assert code == 0 and out.startswith("2 ligne(s) écrite(s)")
    assert (tmp_path / "s.csv").read_text(encoding="utf-8-sig").splitlines() == [
        "structure_cle;libelles;nb",
        "mahra;MAHRA | Mahra Toit;2",
        "le cap;Le Cap;1",
    ]
    assert [c.value for c in load_workbook(tmp_path / "s.xlsx").active[2]] == [
        "mahra",
        "MAHRA | Mahra Toit",
        2,
    ]


def test_a_missing_sql_file_is_never_run_as_sql(warehouse, tmp_path, capsys):
    missing = tmp_path / "absente.sql"
    code, out, err = run(capsys, "sql", str(missing), "--entrepot", str(warehouse))
    assert code == 2 and out == "" and err == f"ERREUR : fichier introuvable : {missing}\n"
    query = tmp_path / "requete.SQL"
    query.write_text("select 41 + 1 as reponse", encoding="utf-8")
    code, out, _ = run(capsys, "sql", str(query), "--entrepot", str(warehouse))
    assert code == 0 and out.splitlines()[2].strip() == "42"


# --- printing ---------------------------------------------------------------------------------


def test_results_print_as_a_french_table_without_polars_shape(warehouse, capsys):
    code, out, _ = run(
        capsys,
        "sql",
        "select structure, montant_eur, annee from subventions order by montant_eur desc",
        "--entrepot",
        str(warehouse),
        "--lignes",
        "2",
    )
    assert code == 0 and "shape" not in out
    assert out.splitlines() == [
        "structure │ montant_eur │ annee",
        "───────── │ ─────────── │ ─────",
        f"Mahra     │  500{NNBSP}000,00 │  2024",
        f"Le Cap    │    1{NNBSP}234,50 │  2024",
        "… 1 ligne de plus",
    ]


def test_french_numbers_and_cells():
    import polars as pl

    assert (
        fr_number(1234567) == f"1{NNBSP}234{NNBSP}567" and fr_number(2024) == "2024" and fr_number(-5) == "-5"
    )
    assert fr_number(0.5, 2) == "0,50" and fr_number(-1234.5, 2) == f"-1{NNBSP}234,50"
    frame = pl.DataFrame({"x": [1.5, None, 1 / 3], "ok": [True, False, None], "l": [["a", "b"], [], None]})
    assert format_table(frame, 10).splitlines()[2:] == [
        "1,500000 │ vrai │ a | b",
        "    NULL │ faux │",
        "0,333333 │ NULL │ NULL",
    ]
    assert format_table(frame.head(0), 10).splitlines()[-1] == "(aucune ligne)"


def test_a_closed_pipe_ends_quietly(warehouse):
    """`dpid sql ... | head -1`: no BrokenPipeError traceback."""
    dpid = (
        f"{sys.executable} -m pipelines.cli sql 'select * from "
        f"range(300000)' --lignes 300000 --entrepot {warehouse}"
    )
    env = {**os.environ, "PYTHONPATH": str(settings.PROJECT_ROOT)}
    command = ["bash", "-o", "pipefail", "-c", f"{dpid} | head -1"]
    done = subprocess.run(command, check=False, capture_output=True, text=True, env=env, timeout=120)
    assert done.stdout.strip() == "range" and done.stderr == "" and done.returncode == 0


def test_the_dpid_command_prints_everything_and_exits_with_the_code_of_main(warehouse):
    """``dpid`` (``cli.run``) leaves without tearing the interpreter down: its output must still be
    whole, its exit code main's, and a refused query still says why."""
    env = {**os.environ, "PYTHONPATH": str(settings.PROJECT_ROOT)}

    def dpid(*args):
        command = [sys.executable, "-m", "pipelines.cli", "sql", *args, "--entrepot", str(warehouse)]
        return subprocess.run(command, check=False, capture_output=True, text=True, env=env, timeout=120)

    done = dpid("select range as n from range(20000)", "--lignes", "20000")
    assert done.returncode == 0 and done.stderr == ""
    lines = done.stdout.splitlines()  # a header, its rule, then every row to the last
    assert len(lines) == 20002 and lines[-1] == "19\u202f999"
    refused = dpid("create table marts.x as select 1")
    assert refused.returncode == main(
        ["sql", "create table marts.x as select 1", "--entrepot", str(warehouse)]
    )
    assert refused.returncode != 0 and refused.stderr.strip() != ""


# --- dpid tables ------------------------------------------------------------------------------


@pytest.fixture()
def manifest(tmp_path, monkeypatch):
    """A dbt manifest describing marts.subventions; settings.DBT_DIR points to it."""
    node = {
        "resource_type": "model",
        "schema": "marts",
        "name": "subventions",
        "alias": "subventions",
        "description": "Financements par structure.\n",
        "columns": {"montant_eur": {"description": "Montant en euros."}},
    }
    target = tmp_path / "dbt" / "target"
    target.mkdir(parents=True)
    (target / "manifest.json").write_text(json.dumps({"nodes": {"model.dpid.subventions": node}}))
    monkeypatch.setattr(settings, "DBT_DIR", tmp_path / "dbt")


def test_dpid_tables_lists_the_marts_with_their_description(warehouse, manifest, capsys):
    code, out, _ = run(capsys, "tables", "--entrepot", str(warehouse))
    lines = [cells(line) for line in out.splitlines()]
    assert code == 0 and lines[0] == ["table", "lignes", "description"]
    assert lines[2:] == [["dim_structures", "2", ""], ["subventions", "3", "Financements par structure."]]


def test_dpid_tables_of_one_table_lists_its_columns(warehouse, manifest, capsys):
    code, out, _ = run(capsys, "tables", "subventions", "--entrepot", str(warehouse))
    lines = [cells(line) for line in out.splitlines()]
    assert code == 0 and lines[0] == ["colonne", "type", "description"]
    assert lines[2:] == [
        ["doc_id", "VARCHAR", ""],
        ["structure", "VARCHAR", ""],
        ["montant_eur", "DECIMAL(18,2)", "Montant en euros."],
        ["annee", "INTEGER", ""],
    ]
    code, _, err = run(capsys, "tables", "subvention", "--entrepot", str(warehouse))
    assert (
        code == 2 and err == "ERREUR : Table inconnue : marts.subvention. Vouliez-vous dire : subventions ?\n"
    )


# --- 4. argparse in French --------------------------------------------------------------------

ENGLISH = (
    "usage:",
    "positional arguments",
    "optional arguments",
    "show this help",
    "error:",
    "the following",
    "required",
    "invalid choice",
    "choose from",
    "unrecognized",
    "expected",
    "invalid int",
)


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["sql", "--help"],
        ["tables", "-h"],
        [],
        ["sql"],
        ["inconnue"],
        ["rapport", "x"],
        ["sql", "select 1", "--lignes", "dix"],
        ["sql", "select 1", "--inconnue"],
    ],
)
def test_argparse_speaks_french(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert text.startswith("utilisation : dpid")
    assert not [phrase for phrase in ENGLISH if phrase in text.lower()]
    if exit_.value.code == 0:
        assert "afficher cette aide et quitter" in text and "options :" in text
    else:
        assert exit_.value.code == 2 and " : erreur : " in text


def test_argparse_missing_argument_message(capsys):
    with pytest.raises(SystemExit):
        main(["sql"])
    assert (
        capsys.readouterr().err.splitlines()[-1]
        == "dpid sql : erreur : arguments obligatoires manquants : requete"
    )


# --- on the published warehouse ---------------------------------------------------------------


@pytest.fixture(scope="module")
def published(default_warehouse, tmp_path_factory):
    """A copy of the default corpus's warehouse (tests/conftest.py)."""
    return copy_warehouse(default_warehouse, tmp_path_factory.mktemp("publie"))


@pytest.mark.e2e
@pytest.mark.xdist_group("entrepot_defaut")
def test_the_marts_answer_and_dim_structures_exports(published, tmp_path, capsys):
    before = sha256(published)
    code, out, _ = run(
        capsys, "sql", "select numero from deliberations order by numero", "--entrepot", str(published)
    )
    assert code == 0 and "2022-244" in out and "shape" not in out
    for name in ("s.csv", "s.xlsx"):
        code, out, _ = run(
            capsys,
            "sql",
            "select * from marts.dim_structures",
            "--entrepot",
            str(published),
            "--sortie",
            str(tmp_path / name),
        )
        assert code == 0, out
    rows = (tmp_path / "s.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) > 10 and any(" | " in row for row in rows)
    assert sha256(published) == before


@pytest.mark.e2e
@pytest.mark.xdist_group("entrepot_defaut")
def test_dpid_tables_reads_the_dbt_descriptions(published, capsys):
    code, out, _ = run(capsys, "tables", "--entrepot", str(published))
    line = next(line for line in out.splitlines() if line.startswith("subventions "))
    assert code == 0 and "Financements par structure et opération" in line
    code, out, _ = run(capsys, "tables", "subventions", "--entrepot", str(published))
    assert code == 0 and any(
        line.startswith("doc_id") and "Délibération." in line for line in out.splitlines()
    )


def test_a_corrupt_warehouse_gets_one_french_line(tmp_path):
    """A file that is not a DuckDB database: one French line, no traceback (dpid sql, dpid rapport)."""
    from pipelines.sql import open_read_only

    damaged = tmp_path / "dpid.duckdb"
    damaged.write_bytes(b"\x00garbage" * 700)
    with pytest.raises(SystemExit) as exc:
        open_read_only(damaged)
    assert str(exc.value).startswith(f"L'entrepôt {damaged} est endommagé")
    assert "Traceback" not in str(exc.value)
