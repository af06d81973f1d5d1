"""A document cut short is flagged by pipelines/extract/completeness.py, never silently loaded."""

from pipelines.extract import extract_document
from pipelines.extract.completeness import PREFIX, check_completeness
from pipelines.extract.fiches import find_fiches, parse_financial_plan
from pipelines.extract.sections import find_sections

from .conftest import RAW

HEAD = """DELIBERATION DE LA COMMISSION PERMANENTE
Vu le rapport du Président du Conseil départemental, ci-annexé ;
DECIDE :
Article 1 : d'approuver le contrat.
(Adopté)
"""
FICHE = """ Action 1.1
Axe 1 Prévenir la pauvreté
Action 1.1 Accueil de proximité
Fiche-action
Budget de l’action
 Etat Conseil
départemental
Métropole/autre Total
2024 200 000€ 200 000€  400 000€
Total 200 000€ 200 000€  400 000€
Indicateurs cibles (référentiel national)
"""
REPORT = "RAPPORT N°38\nLe contrat est proposé.\n"


def _findings(text: str) -> list[str]:
    lines = text.split("\n")
    plan, _ = parse_financial_plan(lines)
    found = check_completeness(lines, find_sections(lines), find_fiches(lines), plan)
    assert all(u.raison.startswith(PREFIX) for u in found)
    return [u.raison[len(PREFIX) :] for u in found]


def test_a_complete_document_has_no_finding():
    assert _findings(HEAD + FICHE + REPORT) == []


def test_the_announced_report_missing_and_a_fiche_running_to_the_end():
    found = _findings(HEAD + FICHE)
    assert found[0].startswith("le rapport du Président annoncé ligne 2 est absent")
    assert found[1].startswith("la fiche action 1.1 (ligne 6) se poursuit jusqu'à la dernière ligne")


def test_a_report_that_is_not_announced_is_not_missing():
    assert (
        _findings(
            HEAD.replace("Vu le rapport du Président du Conseil départemental, ci-annexé ;\n", "")
            + FICHE
            + "Annexe 2\n"
        )
        == []
    )


def test_a_fiche_without_budget_and_a_budget_cut_before_its_total():
    no_budget = FICHE.split("Budget de l’action")[0] + "Indicateurs cibles (référentiel national)\n"
    assert _findings(HEAD + no_budget + REPORT) == [
        "la fiche action 1.1 (lignes 6-10) n'a pas de tableau « Budget de l'action »"
    ]
    cut = FICHE.replace("Total 200 000€ 200 000€  400 000€\n", "")
    assert _findings(HEAD + cut + REPORT) == [
        "le tableau « Budget de l'action » de la fiche 1.1 "
        "(ligne 10) s'arrête ligne 14 sans sa ligne « Total »"
    ]


def test_a_financial_table_cut_before_its_total():
    table = """Fiche action N° Intitulé de l’action A Participation État notifiée pour la
convention 2024 B Crédits CD affectés C Participation d'autres financeurs F Budget global de l'action prévu en 2024 (A+B+C)
1.1
Accueil de proximité
618 000,00 € 618 000,00 € 1 236 000,00 €
1.2
Pack jeune
100 000,00 € 100 000,00 € 200 000,00 €
"""  # noqa: E501
    assert _findings(HEAD + table + REPORT) == [
        "le tableau financier du contrat s'arrête ligne 13 sans "
        "sa ligne de total (2 ligne(s) lue(s) depuis la ligne 10)"
    ]
    total = "TOTAUX FINANCIERS 718 000,00 € 718 000,00 € 1 436 000,00 €\n"
    assert _findings(HEAD + table + total + REPORT) == []


def test_the_five_seeds_are_complete_and_002_cut_at_line_7750_is_not(corpus):
    for doc_id, lines in corpus.items():
        assert not [u for u in extract_document(lines).unread if u.raison.startswith(PREFIX)], doc_id
    [cls] = [lines for doc_id, lines in corpus.items() if doc_id.startswith("002")]
    cut = extract_document(cls[:7750])
    found = [u for u in cut.unread if u.raison.startswith(PREFIX)]
    assert [u.ligne for u in found] == [55, 7491]
    assert "rapport du Président" in found[0].raison and "fiche action 2.4" in found[1].raison
    assert len(cut.fiches) == 15 and RAW.is_dir()
