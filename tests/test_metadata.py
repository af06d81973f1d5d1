import datetime as dt

from pipelines.extract.metadata import (
    parse_date_seance,
    parse_instance,
    parse_metadata,
    parse_numero,
    parse_titre,
)
from pipelines.extract.sections import find_sections

HEADER = """ DEPARTEMENT DU PAS-DE-CALAIS

**DELIBERATION DE LA COMMISSION PERMANENTE
DU CONSEIL DEPARTEMENTAL**

REUNION DU 1ER FÉVRIER 2024

Excusé(s) : M. Michel DAGBERT.

STRATÉGIE DE PRÉVENTION - ENGAGEMENT DU

DÉPARTEMENT AU TITRE DE L'ANNÉE 2023

(N°2024-12)

DECIDE :

Article 1 :
De valider.

Dans les conditions de vote ci-dessous :
<p>Pour : 30 voix (Groupe) Contre : 2 voix Abstention : 12 (Groupe)</p>

(Adopté)
""".split("\n")


def test_numero_instance_date():
    assert parse_numero(HEADER) == ("2024-12", 13)
    assert parse_instance(HEADER) == "Commission Permanente"
    assert parse_date_seance(HEADER) == dt.date(2024, 2, 1)
    assert parse_instance(["DELIBERATION DU CONSEIL DEPARTEMENTAL"]) == "Conseil départemental"


def test_titre_is_the_capitals_block_above_the_numero_blank_lines_included():
    assert (
        parse_titre(HEADER, 13)
        == "STRATÉGIE DE PRÉVENTION - ENGAGEMENT DU DÉPARTEMENT AU TITRE DE L'ANNÉE 2023"
    )


def test_votes_on_one_html_line():
    meta = parse_metadata(HEADER, find_sections(HEADER))
    assert (meta.votes_pour, meta.votes_contre, meta.abstentions) == (30, 2, 12)
    assert meta.numero_ligne == 14


def test_invalid_date_gives_none():
    assert parse_date_seance(["REUNION DU 31 FÉVRIER 2024"]) is None
    assert parse_date_seance(["REUNION DU 3 BRUMAIRE 2024"]) is None


def test_sections():
    lines = ["x", "DECIDE :", "Article 1 :", "(Adopté)", "Annexe 1", "RAPPORT N°48", "texte"]
    s = find_sections(lines)
    assert (s.decide_start, s.decision_end, s.report_start) == (1, 3, 5)
    assert [s.part_of(i) for i in (2, 4, 6)] == ["deliberation", "annexe", "rapport"]
