import polars as pl

from pipelines import settings
from pipelines.quality.ge import load_suite, validate_frame


def test_suite_flags_null_keys_and_non_positive_amounts():
    frame = pl.DataFrame(
        {"doc_id": ["a", None, "c"], "article": [1, 2, 3], "libelle": ["x", "y", "z"],
         "montant_eur": [10.0, -5.0, 0.0], "ligne": [1, 2, 3]},
        schema_overrides={"montant_eur": pl.Decimal(18, 2)},
    )  # fmt: skip
    result = validate_frame(frame, load_suite(settings.EXPECTATIONS_DIR / "montants_articles.json"))
    assert not result.success
    failed = {(f.expectation, f.column): f.unexpected_count for f in result.failures}
    assert failed == {
        ("expect_column_values_to_not_be_null", "doc_id"): 1,
        ("expect_column_values_to_be_between", "montant_eur"): 2,
    }


def test_suite_passes_on_clean_rows():
    frame = pl.DataFrame({"doc_id": ["a"], "article": [1], "libelle": ["x"], "montant_eur": [1.0], "ligne": [3]})
    assert validate_frame(frame, load_suite(settings.EXPECTATIONS_DIR / "montants_articles.json")).success
