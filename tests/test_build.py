"""End to end: `dpid build` through dagster, dbt and the checks, on a temporary copy of raw/."""

import hashlib
import json
import shutil
from decimal import Decimal

import duckdb
import pytest

from pipelines.build import BuildError, run_build
from pipelines.cli import main

from .conftest import RAW, ROOT

pytestmark = pytest.mark.e2e
# the tests on the `built` corpus run on one xdist worker, which builds it once
BUILT = pytest.mark.xdist_group("build")

ALTERED = "000_93251b25262b5cb7.txt"
CLS = "002_45402f372af52b9b.txt"
CALL_2026 = "004_e37b75b9ee91e13a.txt"
SMALL = ("000_93251b25262b5cb7.txt", "001_d2d07801e5745474.txt")
UNREADABLE = "illisible.txt"


SERVED: list[bool] = []  # whether the ready dbt ran the dbt step of the `built` fixture's build


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    raw = tmp_path_factory.mktemp("raw")
    for path in RAW.glob("*.txt"):
        shutil.copy(path, raw / path.name)
    # plant a mismatch: the decision's Dépense for C02-446A05 becomes 35 161,00 (report keeps 35 116,00)
    text = (raw / ALTERED).read_text(encoding="utf-8")
    assert text.count("6 801 643,00 35 116,00\n") == 1
    (raw / ALTERED).write_text(
        text.replace("6 801 643,00 35 116,00\n", "6 801 643,00 35 161,00\n"), encoding="utf-8"
    )
    # and in the CLS: fiche 1.1's 2024 total becomes 1 263 000 € (its funders still make 1 236 000 €)
    cls = (raw / CLS).read_text(encoding="utf-8")
    assert cls.count("\n2024 618 000€ 618 000€  1 236 000€") == 1
    (raw / CLS).write_text(
        cls.replace("\n2024 618 000€ 618 000€  1 236 000€", "\n2024 618 000€ 618 000€  1 263 000€"),
        encoding="utf-8",
    )
    # and in the 2026 call for projects: Article 1 (l.71) decides 100 € more than its annex
    call = (raw / CALL_2026).read_text(encoding="utf-8")
    article_1 = "présentés en annexe 2 pour un montant total de 7 160 596,73 €, ainsi"
    assert call.count(article_1) == 1
    (raw / CALL_2026).write_text(
        call.replace(article_1, article_1.replace("7 160 596,73", "7 160 696,73")), encoding="utf-8"
    )
    (raw / "garbage.txt").write_bytes(b"\x00\x9f\x92\x96 not a deliberation")
    (raw / "vide.txt").write_bytes(b"")
    # and a document on which a parser raises (the parser is patched to fail on it)
    (raw / UNREADABLE).write_bytes((RAW / SMALL[1]).read_bytes() + b"\nune ligne de plus\n")
    from pipelines import dbt_warm, document_cache

    real = document_cache.document_frames

    def failing(doc_id, lines):
        if doc_id == UNREADABLE.removesuffix(".txt"):
            raise ValueError("montant illisible « 016€ »")
        return real(doc_id, lines)

    warehouse = tmp_path_factory.mktemp("warehouse") / "dpid.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DPID_PROCESSUS", "1")  # parse in this process, where the parser is patched
        patch.setattr(document_cache, "document_frames", failing)
        real_stop = dbt_warm.stop
        patch.setattr(dbt_warm, "stop", lambda: SERVED.append(real_stop()) or SERVED[-1])
        summary = run_build(raw, warehouse, progress=lambda _m: None)
    return raw, warehouse, summary


FINANCING_CONTROLS = (
    "total_tableau",
    "total_thematique",
    "total_general",
    "subventions_vs_imputation",
    "subvention_doublon",
    "sous_total_en_ligne",
    "montant_hors_taux",
    "chiffre_mal_forme",
)
IS_FINANCING = f"controle in ({', '.join(repr(c) for c in FINANCING_CONTROLS)})"


@BUILT
def test_financing_anomalies_of_the_corpus(built):
    """The real mismatches of the calls for projects, each with both figures and its line."""
    _, warehouse, _ = built
    rows = _rows(
        warehouse,
        "select controle, doc_id, ligne, valeur_declaree, valeur_calculee from marts.anomalies_qualite "
        f"where {IS_FINANCING} order by doc_id, ligne, controle",
    )
    found = {(c, d[:3], line): (v, w) for c, d, line, v, w in rows}
    # 003: article 3 decides 785 000 € for thématique 3, annex 4 lists 385 000 €
    assert found[("total_thematique", "003", 102)] == (Decimal("785000.00"), Decimal("385000.00"))
    # flagged once, where it is: the imputation holds against the articles (articles_vs_imputation),
    # so the same 400 000 is not raised again against the imputation table
    assert ("subventions_vs_imputation", "003", 122) not in found
    # 003: "TRAVAIL PARTAGES 62 35 postes" at 35 100 € while the table pays 2 340 € per poste
    assert found[("montant_hors_taux", "003", 2418)] == (Decimal("35100.00"), Decimal("81900.00"))
    # 004: Annexe 6 read as the pivot it is (sub-totals and totals apart from the rows): the
    # territorial totals add up to Articles 1, 3, 4 and to the Total général, so nothing is raised
    # (the Total général l.519 is now checked against the articles: the +100 € planted on Article 1
    # in this corpus is raised there too, see test_planted_article_1_of_2026_is_named_once_where_it_is)
    for control, line in (
        ("total_thematique", 79),
        ("total_thematique", 83),
        ("subventions_vs_imputation", 106),
    ):
        assert (control, "004", line) not in found
    assert ("chiffre_mal_forme", "004", 162) in found and (
        "chiffre_mal_forme",
        "004",
        179,
    ) in found  # "130.107", "2 1559"
    # 000: Article 2's 500 000 € is the FPEL endowment paid to the CAF, written in a sentence
    # (cofinancements_texte l.490): it holds, nothing is raised
    assert ("total_thematique", "000", 88) not in found and (
        "subventions_vs_imputation",
        "000",
        126,
    ) not in found


@BUILT
def test_planted_article_1_of_2026_is_named_once_where_it_is(built):
    """+100 € planted on 004's Article 1 (7 160 596,73 → 7 160 696,73): an anomaly names l.71
    with both figures (test_controles_golden checks the unaltered corpus raises none there)."""
    _, warehouse, _ = built
    rows = _rows(
        warehouse,
        "select controle, gravite, valeur_declaree, valeur_calculee, ecart from marts.anomalies_qualite "
        "where doc_id = '004_e37b75b9ee91e13a' and list_contains(lignes, 71)",
    )
    assert (
        "total_thematique",
        "erreur",
        Decimal("7160696.73"),
        Decimal("7160596.73"),
        Decimal("100.00"),
    ) in rows, rows


def _rows(warehouse, sql):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


@BUILT
def test_every_deliberation_is_loaded_with_numero_and_date(built):
    _, warehouse, _ = built
    rows = _rows(
        warehouse, "select doc_id, numero, cast(date_seance as varchar) from marts.deliberations order by 1"
    )
    assert rows == [
        ("000_93251b25262b5cb7", "2023-333", "2023-07-03"),
        ("001_d2d07801e5745474", "2023-243", "2023-06-12"),
        ("002_45402f372af52b9b", "2024-176", "2024-04-15"),
        ("003_c91e3ec6a0bf6aa2", "2022-244", "2022-06-20"),
        ("004_e37b75b9ee91e13a", "2026-187", "2026-05-26"),
    ]


@BUILT
def test_garbage_is_quarantined_and_the_rest_loads(built):
    _, warehouse, summary = built
    rejected = dict(_rows(warehouse, "select fichier, raison from marts.documents_rejetes"))
    assert set(rejected) == {"garbage.txt", "vide.txt", UNREADABLE}
    assert "binaire" in rejected["garbage.txt"] and "vide" in rejected["vide.txt"]
    assert summary.documents_lus == 5
    assert _rows(warehouse, "select count(*) from marts.montants_articles") == [(11,)]
    assert _rows(warehouse, "select count(*) from marts.lignes_budgetaires") == [(40,)]


@BUILT
def test_planted_mismatch_raises_the_expected_anomalies_and_nothing_else(built):
    _, warehouse, _ = built
    rows = _rows(
        warehouse,
        "select controle, gravite, doc_id, ligne, valeur_declaree, valeur_calculee, ecart "
        f"from marts.anomalies_qualite where not {IS_FINANCING} order by doc_id, ligne, controle",
    )
    expected = [
        (
            "articles_vs_imputation",
            "erreur",
            "000_93251b25262b5cb7",
            126,
            Decimal("1056208.96"),
            Decimal("1056163.96"),
            Decimal("45.00"),
        ),
        (
            "deliberation_vs_rapport",
            "erreur",
            "000_93251b25262b5cb7",
            126,
            Decimal("35161.00"),
            Decimal("35116.00"),
            Decimal("45.00"),
        ),
        # the planted CLS figure: its row, its column, its action and Annexe 3 disagree
        (
            "budget_action_ligne",
            "erreur",
            "002_45402f372af52b9b",
            1428,
            Decimal("1263000.00"),
            Decimal("1236000.00"),
            Decimal("27000.00"),
        ),
        (
            "total_etat_departement",
            "erreur",
            "002_45402f372af52b9b",
            1428,
            Decimal("4971000.00"),
            Decimal("4944000.00"),
            Decimal("27000.00"),
        ),
        (
            "budget_action_total",
            "erreur",
            "002_45402f372af52b9b",
            1436,
            Decimal("4944000.00"),
            Decimal("4971000.00"),
            Decimal("-27000.00"),
        ),
        (
            "plan_vs_fiche",
            "erreur",
            "002_45402f372af52b9b",
            4669,
            Decimal("1236000.00"),
            Decimal("1263000.00"),
            Decimal("-27000.00"),
        ),
        # the real findings of the corpus, e.g. fiche 4.2's empty 2027 row and 003's « 1 50 » solde
        (
            "annee_budget_vide",
            "erreur",
            "002_45402f372af52b9b",
            4530,
            Decimal("2041560.00"),
            Decimal("2722080.00"),
            Decimal("-680520.00"),
        ),
        (
            "solde_rapport",
            "avertissement",
            "003_c91e3ec6a0bf6aa2",
            8140,
            Decimal("1.50"),
            Decimal("150.00"),
            Decimal("-148.50"),
        ),
    ]
    for row in expected:
        assert row in rows, row
    # totals that hold raise nothing: the national target 1 730 is the sum of the fiches' targets,
    # fiches 2.4 and 2.5 add up with their other funders, the soldes « 0 00 » are 0,00
    found = {(c, d[:3], line) for c, _, d, line, *_ in rows}
    for key in (
        ("cibles_divergentes", "002", 1446),
        ("total_etat_departement", "002", 7745),
        ("total_etat_departement", "002", 8149),
        ("solde_rapport", "003", 8108),
        ("solde_rapport", "003", 8126),
    ):
        assert key not in found, key


@BUILT
def test_the_dbt_step_was_run_by_the_dbt_made_ready_while_the_build_started(built):
    # dbt imported and the project parsed (a new warehouse path: the whole project) in the
    # background; the dbt step's `dpid-dbt build` was run by that process (pipelines.dbt_warm)
    assert SERVED == [True]


@BUILT
def test_checks_ran_through_dagster(built):
    _, _, summary = built
    outcomes = {name: (passed, severity) for name, passed, severity in summary.checks}
    assert outcomes["articles_vs_imputation"] == (False, "WARN")
    assert outcomes["deliberation_vs_rapport"] == (False, "WARN")
    # the +100 € planted on 004's Article 1 is not the amount the report proposes (l.71 vs the report)
    assert outcomes["articles_vs_rapport"] == (False, "WARN")
    assert outcomes["plan_vs_fiche"] == (False, "WARN") and outcomes["recette_etat"] == (True, "WARN")
    assert {outcomes[f"ge_{t}"] for t in ("deliberations", "montants_articles", "lignes_budgetaires")} == {
        (True, "ERROR")
    }
    assert any(name.startswith("not_null_") for name in outcomes)  # dbt tests are asset checks too


@BUILT
def test_dpid_sql_answers_and_refuses_to_write(built, capsys):
    _, warehouse, _ = built
    assert (
        main(
            [
                "sql",
                "select numero, instance from marts.deliberations order by numero",
                "--entrepot",
                str(warehouse),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "2022-244" in out and "Conseil départemental" in out
    assert main(["sql", "create table marts.x as select 1", "--entrepot", str(warehouse)]) == 2
    assert "lecture seule" in capsys.readouterr().err


@BUILT
def test_dpid_sql_writes_csv_and_parquet_from_a_sql_file(built, tmp_path):
    import polars as pl

    _, warehouse, _ = built
    query = tmp_path / "par_structure.sql"
    query.write_text(
        "select doc_id, structure, montant_eur from marts.subventions where doc_id like '003%' order by ligne"
    )
    csv, parquet = tmp_path / "out" / "r.csv", tmp_path / "out" / "r.parquet"
    assert main(["sql", str(query), "--entrepot", str(warehouse), "--sortie", str(csv)]) == 0
    assert main(["sql", str(query), "--entrepot", str(warehouse), "--sortie", str(parquet)]) == 0
    text = csv.read_text(encoding="utf-8-sig").splitlines()
    assert text[0] == "doc_id;structure;montant_eur" and len(text) == 311  # header + the 310 rows of 003
    frame = pl.read_parquet(parquet)
    from_csv = pl.read_csv(csv, separator=";", decimal_comma=True)["montant_eur"].sum()
    assert frame.height == 310 and frame["montant_eur"].sum() == Decimal("11838297.06") == Decimal(
        f"{from_csv:.2f}"
    )


@BUILT
def test_dpid_docs_documents_every_mart_column_from_the_read_only_warehouse(built):
    from pipelines.docs import DOCS_DIR

    _, warehouse, _ = built
    assert main(["docs", "--generer", "--entrepot", str(warehouse)]) == 0
    catalog = json.loads((DOCS_DIR / "catalog.json").read_text())
    nodes = {
        n["metadata"]["name"]: n for n in catalog["nodes"].values() if n["metadata"]["schema"] == "marts"
    }
    assert {"subventions", "anomalies_qualite", "indicateurs_cibles"} <= set(nodes)
    assert "montant_eur" in {c.lower() for c in nodes["subventions"]["columns"]}
    page = (DOCS_DIR / "static_index.html").read_text(encoding="utf-8")
    assert "Financements par structure" in page or "subventions" in page


@BUILT
def test_a_failed_build_leaves_the_published_warehouse_intact(built, tmp_path):
    raw, warehouse, _ = built
    before = hashlib.sha256(warehouse.read_bytes()).hexdigest()
    bad = tmp_path / "raw"
    shutil.copytree(raw, bad)
    # a date outside the plausible range fails the blocking great-expectations suite
    text = (
        (bad / ALTERED)
        .read_text(encoding="utf-8")
        .replace("REUNION DU 3 JUILLET 2023", "REUNION DU 3 JUILLET 1990")
    )
    (bad / ALTERED).write_text(text, encoding="utf-8")
    with pytest.raises(BuildError, match="ge_deliberations"):
        run_build(bad, warehouse, progress=lambda _m: None)
    assert hashlib.sha256(warehouse.read_bytes()).hexdigest() == before
    # no half-built file left; the per-document outputs stay beside the warehouse for the next build
    assert sorted(p.name for p in warehouse.parent.iterdir()) == [warehouse.name, "extraits"]


@BUILT
def test_quality_report_shows_each_anomaly_with_its_source_line_offline(built, tmp_path):
    from pipelines.reports.qualite import write_qualite

    _, warehouse, _ = built
    html = write_qualite(warehouse, tmp_path / "qualite.html").read_text(encoding="utf-8")
    assert html.count("<tr>") >= 5 + 5 + 3  # documents, anomalies, unread cells (+ headers)
    assert "Opération C02-446A05 : montant de la délibération (35 161,00 €)" in html
    assert "6568/93446" in html  # text of source line 126 of the altered document
    assert "garbage.txt" in html and "binaire" in html
    assert '<script src="http' not in html and "Plotly.newPlot" in html  # plotly bundled: opens offline


def _small_corpus(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in SMALL:
        shutil.copy(RAW / name, raw / name)
    return raw


@BUILT
def test_a_parser_error_quarantines_its_document_and_the_others_build(built):
    _, warehouse, summary = built
    assert (
        UNREADABLE,
        "erreur de lecture : ValueError: montant illisible « 016€ »",
    ) in summary.documents_rejetes
    assert "illisible" not in {d for (d,) in _rows(warehouse, "select doc_id from marts.deliberations")}
    # the per-document outputs are beside the warehouse, one folder per content and parser version
    from pipelines import document_cache

    folders = sorted(p.name for p in (warehouse.parent / "extraits").iterdir() if p.is_dir())
    assert len(folders) >= 5 and all(f.endswith(document_cache.parser_version()) for f in folders)


def test_a_failing_dbt_test_is_printed_with_its_name_and_rows(tmp_path, monkeypatch):
    from pipelines import document_cache

    real = document_cache.document_frames

    def duplicated(doc_id, lines):
        frames = real(doc_id, lines)
        rows = frames["lignes_budgetaires"]
        frames["lignes_budgetaires"] = rows.vstack(rows.head(1))  # one imputation row read twice
        return frames

    monkeypatch.setenv("DPID_PROCESSUS", "1")
    monkeypatch.setattr(document_cache, "document_frames", duplicated)
    warehouse = tmp_path / "w" / "dpid.duckdb"
    warehouse.parent.mkdir()
    warehouse.write_bytes(b"published")
    with pytest.raises(BuildError) as caught:
        run_build(_small_corpus(tmp_path), warehouse, progress=lambda _m: None)
    message = str(caught.value)
    assert "Test dbt en échec : unique_combination_stg_lignes_budgetaires" in message
    assert "doc_id = 000_93251b25262b5cb7" in message and "n'a pas été modifié" in message
    assert warehouse.read_bytes() == b"published"
    # the failed run's dbt folder is removed (other builds, run by other test workers, keep theirs)
    import dagster as dg

    from pipelines.build import dagster_home

    with dg.DagsterInstance.from_config(str(dagster_home())) as instance:
        run_id = instance.get_runs(limit=1)[0].run_id
    assert not list((ROOT / "dbt" / "target").glob(f"dbt_models-{run_id[:7]}-*"))


@BUILT
def test_the_build_is_recorded_where_the_ui_reads_it(built):
    """`dpid build` records its run in DAGSTER_HOME through the kept-open event log storage: the
    run, the materializations, the per-document partitions and the check evaluations read back with
    dagster's own API (what the UI of `make dev` calls)."""
    import dagster as dg
    from dagster._core.events import DagsterEventType

    from pipelines.build import dagster_home
    from pipelines.dagster_storage import KeptOpenSqliteEventLogStorage

    raw, _, _ = built
    with dg.DagsterInstance.from_config(str(dagster_home())) as instance:
        assert isinstance(instance.event_log_storage, KeptOpenSqliteEventLogStorage)
        runs = [r for r in instance.get_runs() if r.job_name == "construire_entrepot"]
        succeeded = [r for r in runs if r.status == dg.DagsterRunStatus.SUCCESS]
        assert succeeded
        assert instance.get_latest_materialization_event(dg.AssetKey(["marts", "chiffres"])) is not None
        partitions = set(instance.get_dynamic_partitions("documents"))
        assert {p.stem for p in raw.glob("00*.txt")} <= partitions
        evaluations = {
            (e.check_name, e.passed)
            for run in succeeded
            for record in instance.get_records_for_run(
                run.run_id, of_type=DagsterEventType.ASSET_CHECK_EVALUATION
            ).records
            if (e := record.event_log_entry.dagster_event.event_specific_data)
        }
        assert ("articles_vs_imputation", False) in evaluations
        assert ("ge_deliberations", True) in evaluations
