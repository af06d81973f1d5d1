"""End to end: the anomalies of the default corpus scored against the auditor's reading
(tests/golden/controles): the real disagreements are flagged with both figures, the totals
that hold raise (almost) nothing and never an `erreur`."""

import duckdb
import pytest

from .controles_score import anomalies_of, score

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("entrepot_defaut")]

ARTICLE_1_2026 = ("004_e37b75b9ee91e13a", 71)


@pytest.fixture(scope="module")
def anomalies(default_warehouse):
    with duckdb.connect(str(default_warehouse), read_only=True) as con:
        return anomalies_of(con)


def test_real_disagreements_are_flagged_and_totals_that_hold_are_not(anomalies):
    result = score(anomalies)
    assert result["part_signalee"] >= 0.7, result["manquees"]
    assert len(result["fausses_alertes"]) <= 2, result["fausses_alertes"]
    assert not [a for a in result["fausses_alertes"] if a["gravite"] == "erreur"], result["fausses_alertes"]


def test_every_anomaly_gives_its_lines_and_a_known_severity(anomalies):
    for a in anomalies:
        assert a["gravite"] in {"erreur", "avertissement", "lecture_incertaine"}, a
        assert a["ligne"] in a["lignes"], a


def test_article_1_of_2026_raises_nothing_in_the_unaltered_corpus(anomalies):
    """The counterpart of test_build's planted +100 € on the same figure."""
    doc_id, line = ARTICLE_1_2026
    assert not [a for a in anomalies if a["doc_id"] == doc_id and line in a["lignes"]]
