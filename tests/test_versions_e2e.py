"""End to end: contract versions, a near-duplicate and a truncated document, on corpora built
from the seeds in tmp_path (two builds: the versions + duplicate corpus, the truncated one)."""

import shutil
from decimal import Decimal

import duckdb
import pytest

from pipelines.build import run_build

from .conftest import RAW

pytestmark = pytest.mark.e2e
# the tests on the `versions` corpus run on one xdist worker, which builds it once
VERSIONS = pytest.mark.xdist_group("versions")

CLS = "002_45402f372af52b9b.txt"
SMALL = "000_93251b25262b5cb7.txt"
AVENANT = "005_avenant_cls.txt"
COPY = "000_copie.txt"
# Annexe 1 of the CLS, action 1.1, « Nombre de jeunes NEET »: baseline 300, targets 2024-2027
NEET = " 300 600   600  600   600   "
NEET_AVENANT = " 300 600   650  600   600   "


def _rows(warehouse, sql, params=None):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """The five seeds, an avenant of the CLS (another numero, a later sitting, one 2025 target
    changed in its Annexe 1) and a copy of 000 with one trailing newline."""
    raw = tmp_path_factory.mktemp("raw")
    for path in RAW.glob("*.txt"):
        shutil.copy(path, raw / path.name)
    text = (RAW / CLS).read_text(encoding="utf-8")
    lines = text.split("\n")
    assert (
        lines[693] == NEET and text.count("(N°2024-176)") == 1 and text.count("REUNION DU 15 AVRIL 2024") == 2
    )
    lines[693] = NEET_AVENANT
    avenant = (
        "\n".join(lines)
        .replace("(N°2024-176)", "(N°2025-042)")
        .replace("REUNION DU 15 AVRIL 2024", "REUNION DU 10 MARS 2025")
    )
    (raw / AVENANT).write_text(avenant, encoding="utf-8")
    (raw / COPY).write_bytes((RAW / SMALL).read_bytes() + b"\n")
    warehouse = tmp_path_factory.mktemp("warehouse") / "dpid.duckdb"
    run_build(raw, warehouse, progress=lambda _m: None)
    return warehouse


@VERSIONS
def test_both_versions_are_kept_and_the_avenant_is_en_vigueur(versions):
    per_doc = _rows(
        versions,
        "select doc_id, contrat, count(*), count(*) filter (where en_vigueur) from marts.indicateurs_cibles "
        "group by all order by 1",
    )
    assert per_doc == [
        ("002_45402f372af52b9b", "2024-176", 213, 0),
        ("005_avenant_cls", "2024-176", 213, 213),
    ]
    neet = _rows(
        versions,
        "select doc_id, cible, ligne, en_vigueur from marts.indicateurs_cibles "
        "where action_code = '1.1' and indicateur = 'Nombre de jeunes NEET' and annee = 2025 order by doc_id",
    )
    assert neet == [
        ("002_45402f372af52b9b", Decimal("600.00"), 694, False),
        ("005_avenant_cls", Decimal("650.00"), 694, True),
    ]
    cofi = _rows(
        versions,
        "select doc_id, count(*), count(*) filter (where "
        "en_vigueur) from marts.cofinancements group by 1 order by 1",
    )
    assert cofi == [
        ("001_d2d07801e5745474", 12, 12),
        ("002_45402f372af52b9b", 110, 0),
        ("005_avenant_cls", 110, 110),
    ]


@VERSIONS
def test_realise_vs_cible_and_the_matrix_use_the_values_en_vigueur(versions):
    row = _rows(
        versions,
        "select doc_id, doc_id_cible, cible, ligne_cible from marts.realise_vs_cible "
        "where action_code = '1.1' and indicateur = 'Nombre de jeunes NEET' and annee = 2025",
    )
    assert row == [("005_avenant_cls", "005_avenant_cls", Decimal("650.00"), 694)]
    assert _rows(versions, "select count(*), count(distinct doc_id) from marts.realise_vs_cible") == [
        (200, 1)
    ]
    assert _rows(versions, "select count(*) from marts.trajectoires_pacte") == [(50,)]
    matrix = _rows(
        versions, "select contrat, doc_id, count(*) from marts.matrice_cofinancement group by all order by 1"
    )
    assert [(c, d) for c, d, _ in matrix] == [
        ("2023-243", "001_d2d07801e5745474"),
        ("2024-176", "005_avenant_cls"),
    ]


@VERSIONS
def test_modifications_contrats_lists_exactly_the_changed_target(versions):
    rows = _rows(
        versions,
        "select contrat, objet, nature, action_code, referentiel, indicateur, "
        "annee, valeur_avant, valeur_apres, doc_id_avant, ligne_avant, "
        "doc_id_apres, ligne_apres from marts.modifications_contrats",
    )
    assert rows == [
        (
            "2024-176",
            "cible",
            "modification",
            "1.1",
            "local",
            "Nombre de jeunes NEET",
            2025,
            Decimal("600.00"),
            Decimal("650.00"),
            "002_45402f372af52b9b",
            694,
            "005_avenant_cls",
            694,
        ),
    ]


@VERSIONS
def test_the_quality_report_shows_the_modification(versions, tmp_path):
    from pipelines.reports.qualite import write_qualite

    page = write_qualite(versions, tmp_path / "qualite.html").read_text(encoding="utf-8")
    section = page.split("<h2>Modifications des contrats</h2>")[1].split("<h2>")[0]
    assert section.count("<tr>") == 2  # header + the one change
    assert (
        "Nombre de jeunes NEET" in section and "650,00" in section and "002_45402f372af52b9b l.694" in section
    )


@VERSIONS
def test_the_near_duplicate_is_quarantined_naming_the_first_file(versions):
    assert _rows(versions, "select fichier, raison from marts.documents_rejetes") == [
        (COPY, f"doublon du numéro 2023-333 de {SMALL}")
    ]
    numeros = _rows(versions, "select numero, count(*) from marts.deliberations group by 1 order by 1")
    assert ("2023-333", 1) in numeros and ("2025-042", 1) in numeros and len(numeros) == 6
    tables = _rows(
        versions,
        "select table_name from information_schema.columns "
        "where table_schema = 'marts' and column_name = 'doc_id'",
    )
    assert len(tables) > 15
    for (table,) in tables:
        assert _rows(versions, f"select count(*) from marts.{table} where doc_id = '000_copie'") == [(0,)], (
            table
        )


@VERSIONS
def test_the_intact_documents_are_complete(versions):
    assert _rows(versions, "select count(*), bool_and(complet) from marts.extraction_par_document") == [
        (6, True)
    ]
    assert _rows(
        versions, "select count(*) from marts.anomalies_qualite where controle = 'document_incomplet'"
    ) == [(0,)]


def test_a_cls_cut_at_line_7750_builds_and_says_what_is_missing(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    lines = (RAW / CLS).read_text(encoding="utf-8").split("\n")
    (raw / "002_tronque.txt").write_text("\n".join(lines[:7750]), encoding="utf-8")
    warehouse = tmp_path / "dpid.duckdb"
    run_build(raw, warehouse, progress=lambda _m: None)
    assert _rows(
        warehouse, "select doc_id, complet, cibles_indicateurs from marts.extraction_par_document"
    ) == [("002_tronque", False, 207)]
    found = _rows(
        warehouse,
        "select gravite, ligne, message from marts.anomalies_qualite "
        "where controle = 'document_incomplet' order by ligne",
    )
    assert [(g, n) for g, n, _ in found] == [("avertissement", 55), ("avertissement", 7491)]
    assert "rapport du Président" in found[0][2] and "s'arrête ligne 7750" in found[0][2]
    assert "fiche action 2.4" in found[1][2]
    assert _rows(warehouse, "select count(*) from marts.dim_actions") == [(15,)]
