from decimal import Decimal

from pipelines.extract.articles import parse_article_amounts, parse_report_amounts, split_articles
from pipelines.extract.sections import find_sections

DECISION = """DECIDE :

Article 1 :

De valider le financement des 4 dispositifs de la thématique 1 « Accompagnement des
bénéficiaires du RSA », pour un montant total de 153 916 €,
aux structures.

Article 3
De valider le financement de la thématique 4 « Autonomie et inclusion
des  jeunes », pour  un  montant  total  de  402
247,96€,  aux structures.
 Article   6     :
Les dépenses sont imputées comme suit :
Libellé Opération AE € Dépense €
C02-446A05 6568/93446 Indemnisation 6 801 643,00 35 116,00

Dans les conditions de vote ci-dessous :
Pour : 31 voix
(Adopté)
Annexe 1
Article 5 : Objet de l'avenant, pour 9 999 €
RAPPORT N°48
Il convient de statuer sur cette affaire et, le cas échéant :
 De valider la thématique 1 « Accompagnement », pour un montant total de 153 916 €,
 De valider la thématique 4 « Jeunes », pour un montant total de 402 247,96
€, ainsi que la répartition ;
La dépense serait imputée sur le budget départemental comme suit :
Code Opération 1 000 €
""".split("\n")


def _line_of(text: str) -> int:
    """1-based line of the first line containing ``text`` in DECISION."""
    return next(i for i, line in enumerate(DECISION, start=1) if text in line)


def test_split_articles_stops_at_the_vote():
    assert [(n, s) for n, s, _ in split_articles(DECISION, find_sections(DECISION))] == [
        (1, _line_of("Article 1") - 1),
        (3, _line_of("Article 3") - 1),
        (6, _line_of("Article   6") - 1),
    ]


def test_article_amounts_with_label_and_line_of_first_digit():
    amounts = parse_article_amounts(DECISION, find_sections(DECISION))
    assert [(a.article, a.montant_eur, a.ligne, a.libelle) for a in amounts] == [
        (1, Decimal("153916.00"), _line_of("153 916"), "Accompagnement des bénéficiaires du RSA"),
        (3, Decimal("402247.96"), _line_of("de  402"), "Autonomie et inclusion des jeunes"),
    ]


def test_article_without_quotes_is_labelled_by_its_text():
    lines = [
        "DECIDE :",
        "Article 2 :",
        "D'autoriser la signature des crédits d'un montant total de 500 000 €.",
        "(Adopté)",
    ]
    [amount] = parse_article_amounts(lines, find_sections(lines))
    assert amount.libelle == "D'autoriser la signature des crédits d'un montant total de"
    assert amount.montant_eur == Decimal("500000")


def test_report_amounts_stop_before_the_budget_table():
    amounts = parse_report_amounts(DECISION, find_sections(DECISION))
    assert [(a.montant_eur, a.ligne, a.libelle) for a in amounts] == [
        (Decimal("153916.00"), _line_of("« Accompagnement », pour"), "Accompagnement"),
        (Decimal("402247.96"), _line_of("« Jeunes »"), "Jeunes"),
    ]


def test_article_amounts_in_every_wording_and_an_illegible_one_unread():
    lines = [
        "DECIDE :",
        "Article 1 : D'attribuer 80 000 euros au « Fonds A ».",
        "Article 2 : D'attribuer 1,5 M€ au « Fonds B », et 1#016 € au « Fonds C ».",
        "Article 3 : D'attribuer 1 199?016 € au « Fonds D ».",
        "(Adopté)",
    ]
    unread = []
    amounts = parse_article_amounts(lines, find_sections(lines), unread)
    assert [(a.article, a.montant_eur, a.ligne) for a in amounts] == [
        (1, Decimal("80000.00"), 2),
        (2, Decimal("1500000.00"), 3),
        (3, Decimal("1199016.00"), 4),
    ]
    assert [(u.ligne, u.texte, u.raison) for u in unread] == [
        (3, "016 €", "article 2 : montant illisible « 016 € »")
    ]
    # without a list to collect them, illegible amounts are still never raised
    assert len(parse_article_amounts(lines, find_sections(lines))) == 3
