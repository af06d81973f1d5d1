import polars as pl

from pipelines import settings
from pipelines.quality import ge
from pipelines.quality.ge import load_suite, validate_frame


def test_suite_flags_null_keys_and_non_positive_amounts():
    frame = pl.DataFrame(
        {
            "doc_id": ["a", None, "c"],
            "article": [1, 2, 3],
            "libelle": ["x", "y", "z"],
            "montant_eur": [10.0, -5.0, 0.0],
            "ligne": [1, 2, 3],
        },
        schema_overrides={"montant_eur": pl.Decimal(18, 2)},
    )
    result = validate_frame(frame, load_suite(settings.EXPECTATIONS_DIR / "montants_articles.json"))
    assert not result.success
    failed = {(f.expectation, f.column): f.unexpected_count for f in result.failures}
    assert failed == {
        ("expect_column_values_to_not_be_null", "doc_id"): 1,
        ("expect_column_values_to_be_between", "montant_eur"): 2,
    }
    # the values shown in the check's metadata (dagster UI, build output)
    assert [f.examples for f in result.failures if f.column == "montant_eur"] == [["-5.0", "0.0"]]


def test_suite_passes_on_clean_rows():
    frame = pl.DataFrame(
        {"doc_id": ["a"], "article": [1], "libelle": ["x"], "montant_eur": [1.0], "ligne": [3]}
    )
    assert validate_frame(frame, load_suite(settings.EXPECTATIONS_DIR / "montants_articles.json")).success


def _failures(frame: pl.DataFrame, suite: str) -> list[tuple]:
    """``(expectation, column, unexpected count)`` of every failed expectation, sorted."""
    result = validate_frame(frame, load_suite(settings.EXPECTATIONS_DIR / f"{suite}.json"))
    return sorted((f.expectation, f.column or "", f.unexpected_count) for f in result.failures)


SUBVENTIONS = {
    "doc_id": ["003", "003", "000"],
    "source": ["tableau", "tableau", "texte"],
    "tableau": [2004, 2004, None],
    "thematique": ["1", "1", "4"],
    "operation": [None, None, "FAJ Co"],
    "dispositif_code": [None, "1.2", None],
    "territoire": [None, "Artois", None],
    "structure": ["CC Osartis Marquion", "CCAS Labourse", "SIA"],
    "complement": [None, None, None],
    "quantite": [100.0, 11.0, 7.0],
    "unite": ["places", "places", "solutions logement"],
    "montant_eur": [8000.0, 880.0, 14000.0],
    "ligne_debut": [2004, 2028, 608],
    "ligne": [2004, 2028, 608],
    "extrait": [
        "CC Osartis Marquion 100 8 000,00 €",
        "CCAS Labourse 11 880,00 €",
        "SIA pour un total de 14 000€",
    ],
}
_SUBVENTIONS_TYPES = {"montant_eur": pl.Decimal(18, 2), "quantite": pl.Decimal(18, 2), "tableau": pl.Int64}


def test_subventions_suite_passes_on_real_shaped_rows_and_catches_bad_ones():
    assert _failures(pl.DataFrame(SUBVENTIONS, schema_overrides=_SUBVENTIONS_TYPES), "subventions") == []
    bad = dict(SUBVENTIONS)
    bad["montant_eur"] = [8000.0, -880.0, 14000.0]  # a negative amount
    bad["ligne_debut"] = [2004, 2029, 608]  # a row starting after its amount's line
    bad["source"] = ["tableau", "tableau", "prose"]  # not a source the parsers emit
    bad["unite"] = ["places", "places", "Euros 2022"]
    assert _failures(pl.DataFrame(bad, schema_overrides=_SUBVENTIONS_TYPES), "subventions") == [
        ("expect_column_pair_values_a_to_be_greater_than_b", "", 1),
        ("expect_column_values_to_be_between", "montant_eur", 1),
        ("expect_column_values_to_be_in_set", "source", 1),
        ("expect_column_values_to_match_regex", "unite", 1),
    ]
    bad = dict(SUBVENTIONS, tableau=[2004, None, None])  # a table row without its table
    assert _failures(pl.DataFrame(bad, schema_overrides=_SUBVENTIONS_TYPES), "subventions") == [
        ("expect_column_values_to_not_be_null", "tableau", 1),
    ]


TOTAUX = {
    "doc_id": ["003", "003", "003", "004"],
    "portee": ["tableau", "thematique", "article", "general"],
    "tableau": [2004, None, None, 286],
    "thematique": ["1", "1", "1", None],
    "libelle": ["TOTAL 9 669 places d'accompagnement", "TOTAL (thématique)", "Article 1", "Total général"],
    "montant_eur": [773520.0, 2846873.0, 2846873.0, 14256065.96],
    "quantite": [9669.0, None, None, None],
    "ligne": [2158, 2340, 90, 519],
}
_TOTAUX_TYPES = {"montant_eur": pl.Decimal(18, 2), "quantite": pl.Decimal(18, 2), "tableau": pl.Int64}


def test_totaux_imprimes_suite_passes_on_real_shaped_rows_and_catches_bad_ones():
    assert _failures(pl.DataFrame(TOTAUX, schema_overrides=_TOTAUX_TYPES), "totaux_imprimes") == []
    bad = dict(TOTAUX)
    bad["montant_eur"] = [773520.0, -1.0, 2846873.0, 14256065.96]
    bad["portee"] = ["tableau", "thematique", "article", "annexe"]
    bad["ligne"] = [2003, 2340, 90, 519]  # a table's total before the table's first row
    bad["tableau"] = [2004, None, 85, 286]  # an article's total with a table
    assert _failures(pl.DataFrame(bad, schema_overrides=_TOTAUX_TYPES), "totaux_imprimes") == [
        ("expect_column_pair_values_a_to_be_greater_than_b", "", 1),
        ("expect_column_values_to_be_between", "montant_eur", 1),
        ("expect_column_values_to_be_in_set", "portee", 1),
        ("expect_column_values_to_be_null", "tableau", 1),
    ]


BILANS = {
    "doc_id": ["004", "004"],
    "annee": [2025, 2025],
    "dispositif_code": ["2.10", "4.3"],
    "dispositif": ["Equipements mobiles", "Coordo ASE"],
    "indicateur": ["interventions réalisées", "% en parcours"],
    "valeur": [595.0, 47.6],
    "unite": ["interventions", "%"],
    "ligne": [152, 173],
    "extrait": ["En 2025, 595 interventions ont été réalisées", "soit 47,6% en parcours"],
}


def test_bilans_suite_passes_on_real_shaped_rows_and_catches_bad_ones():
    assert _failures(pl.DataFrame(BILANS, schema_overrides={"valeur": pl.Decimal(18, 2)}), "bilans") == []
    bad = dict(
        BILANS, annee=[2025, 1925], valeur=[-595.0, 476.0], dispositif_code=["2.10", "4"], ligne=[0, 173]
    )
    assert _failures(pl.DataFrame(bad, schema_overrides={"valeur": pl.Decimal(18, 2)}), "bilans") == [
        ("expect_column_values_to_be_between", "annee", 1),
        ("expect_column_values_to_be_between", "ligne", 1),
        ("expect_column_values_to_be_between", "valeur", 1),  # -595 (>= 0)
        ("expect_column_values_to_be_between", "valeur", 1),  # 476 % (<= 100)
        ("expect_column_values_to_match_regex", "dispositif_code", 1),
    ]


def _bad_and_clean_articles() -> list[tuple[pl.DataFrame, dict]]:
    suite = load_suite(settings.EXPECTATIONS_DIR / "montants_articles.json")
    bad = pl.DataFrame(
        {"doc_id": [None], "article": [1], "libelle": ["x"], "montant_eur": [-1.0], "ligne": [3]}
    )
    clean = pl.DataFrame(
        {"doc_id": ["a"], "article": [1], "libelle": ["x"], "montant_eur": [1.0], "ligne": [3]}
    )
    return [(bad, suite), (clean, suite)]


def test_the_ge_worker_gives_the_results_of_an_in_process_validation_and_stops(monkeypatch):
    jobs = _bad_and_clean_articles()
    worker = ge.GeWorker()
    monkeypatch.setattr(ge, "_worker", worker)
    try:
        in_worker = ge.validate_suites(jobs)
    finally:
        ge.stop_worker()
    assert worker is not None and not worker.process.is_alive() and ge._worker is None
    assert in_worker == ge.validate_all(jobs)
    assert [r.success for r in in_worker] == [False, True]
    assert {f.column for f in in_worker[0].failures} == {"doc_id", "montant_eur"}


def test_a_dead_ge_worker_is_replaced_by_an_in_process_validation_said_in_the_log(monkeypatch):
    jobs = _bad_and_clean_articles()
    monkeypatch.setattr(ge, "_worker", ge.GeWorker())
    ge._worker.process.kill()
    ge._worker.process.join()
    said = []
    results = ge.validate_suites(jobs, log=said.append)
    assert [r.success for r in results] == [False, True] and ge._worker is None
    assert len(said) == 1 and said[0].startswith("Processus great-expectations indisponible")


def test_without_a_worker_the_suites_run_here():
    assert ge._worker is None
    assert [r.success for r in ge.validate_suites(_bad_and_clean_articles())] == [False, True]


def test_a_process_that_has_ge_already_starts_no_worker():
    import great_expectations  # noqa: F401 - what the tests' session did already (conftest)

    ge.start_worker()
    assert ge._worker is None


def test_ge_progress_bars_leave_no_named_semaphore_behind(monkeypatch):
    """tqdm's first bar (GE builds them, silenced) used to create a multiprocessing lock: in the GE
    worker (a spawned process) a named semaphore, which multiprocessing's resource tracker reported
    as leaked, in English, after a build. GE's import gives tqdm a thread lock instead."""
    from tqdm import std

    # as in a fresh worker: no lock yet
    monkeypatch.delattr(std.tqdm, "_lock", raising=False)
    monkeypatch.delattr(std.TqdmDefaultWriteLock, "mp_lock", raising=False)
    ge._import_ge()
    list(std.tqdm(range(3), disable=True))
    assert not isinstance(std.tqdm.get_lock(), std.TqdmDefaultWriteLock)
    assert not hasattr(std.TqdmDefaultWriteLock, "mp_lock")


def test_the_worker_has_one_frame_at_a_time_read_when_its_turn_comes(monkeypatch):
    import weakref

    (bad, suite), (clean, _) = _bad_and_clean_articles()
    refs, reads = {}, []

    def reader(name: str, frame: pl.DataFrame):
        def read() -> pl.DataFrame:
            # the frame before was sent, validated and dropped before this one is read
            reads.append((name, [n for n, ref in refs.items() if ref() is not None]))
            copy = frame.clone()
            refs[name] = weakref.ref(copy)
            return copy

        return read

    monkeypatch.setattr(ge, "_worker", ge.GeWorker())
    results = ge.validate_suites([(reader("a", bad), suite), (reader("b", clean), suite)])
    assert [r.success for r in results] == [False, True] and ge._worker is None
    assert reads == [("a", []), ("b", [])]


def test_a_suite_reads_only_its_columns_unless_an_expectation_looks_at_the_whole_table():
    by_column = {
        "name": "s",
        "expectations": [
            {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "doc_id"}},
            {"type": "expect_column_values_to_be_between", "kwargs": {"column": "ligne", "min_value": 1}},
            {
                "type": "expect_column_pair_values_a_to_be_greater_than_b",
                "kwargs": {"column_A": "fin", "column_B": "ligne", "or_equal": True},
            },
            {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "doc_id"}},
        ],
    }
    assert ge.suite_columns(by_column) == ["doc_id", "ligne", "fin"]
    whole = {
        **by_column,
        "expectations": [
            *by_column["expectations"],
            {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1}},
        ],
    }
    assert ge.suite_columns(whole) is None
    # every suite of expectations/ is read by columns today, each a subset of its table's columns
    from pipelines.frames import SCHEMAS

    for path in sorted(settings.EXPECTATIONS_DIR.glob("*.json")):
        suite = load_suite(path)
        columns = ge.suite_columns(suite)
        assert columns and set(columns) <= set(SCHEMAS[suite["meta"]["table"].split(".")[1]]), path.name
