"""Unit tests of the prose rules: for each rule, a phrasing of the seeds and phrasings as
another French département would write them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipelines.extract.prose import parse_prose


def run(text: str):
    return parse_prose(text.split("\n"))


def vals(records, **where):
    out = []
    for r in records:
        if all(getattr(r, k) == v for k, v in where.items()):
            out.append(r.valeur)
    return out


D = Decimal


# --- cofinancements ------------------------------------------------------------------------


def test_budget_dont_part_seed():
    x = run(
        "BUDGET ESTIME \n\n2023 : 84 000 € dont participation  \n\nÉtat de 42 000 € \n\nPRESENTATION "
        "DU PROJET"
    )
    assert vals(x.montants, categorie="total_imprime", annee=2023) == [D(84000)]
    assert [(c.valeur, c.financeur, c.annee) for c in x.cofinancements] == [(D(42000), "Etat", 2023)]
    assert x.cofinancements[0].ligne == 5 and x.montants[0].ligne == 3


def test_budget_dont_part_other_wordings():
    x = run("Le coût total de l'action s'élève à 120 000 €, dont 60 000 € à la charge de l'État.")
    assert [(c.valeur, c.financeur) for c in x.cofinancements] == [(D(60000), "Etat")]
    assert vals(x.montants) == [D(120000)]
    x = run("Budget 2024 : 50 000 € dont une part CAF de 10 000 €.")
    assert [(c.valeur, c.financeur, c.annee) for c in x.cofinancements] == [(D(10000), "CAF", 2024)]


def test_soutien_financeur_seed_with_beneficiaries():
    x = run(
        "Au titre de l’année 2023, le soutien financier de l’État s’élève à un montant de 1 000 000 € "
        "réparti à \n\n"
        "part égale entre le Département du Pas-de-Calais (500 000 €) et le Département du Nord "
        "\n\n(500 000 €).  "
    )
    got = [(c.valeur, c.financeur, c.annee, c.beneficiaire, c.ligne) for c in x.cofinancements]
    assert got == [
        (D(1000000), "Etat", 2023, None, 1),
        (D(500000), "Etat", 2023, "Pas-de-Calais", 3),
        (D(500000), "Etat", 2023, "Nord", 5),
    ]


def test_soutien_financeur_list_under_a_lead_seed():
    x = run(
        "Sur la période du 1er janvier 2024 au 31 décembre 2027, le soutien financier de l’État "
        "s’élève à : \n\n"
        "- Un montant de 3 342 548 € au titre de l’année 2024 ; \n\n"
        "- Un montant prévisionnel de 3 342 548 € pour l’année 2025 qui sera notifié et précisé par \n\n"
        "avenant à la présente convention ; "
    )
    assert [(c.valeur, c.financeur, c.annee) for c in x.cofinancements] == [
        (D(3342548), "Etat", 2024),
        (D(3342548), "Etat", 2025),
    ]


def test_soutien_financeur_other_wordings():
    x = run("La Région Hauts-de-France participera à hauteur de 25 000 € en 2024 et l'État pour 40 000 €.")
    assert [(c.valeur, c.financeur) for c in x.cofinancements] == [(D(25000), "Region"), (D(40000), "Etat")]
    x = run("Le montant de la subvention de l'État est fixé à 85 000 euros pour l'année 2025.")
    assert [(c.valeur, c.financeur, c.annee) for c in x.cofinancements] == [(D(85000), "Etat", 2025)]


def test_soutien_financeur_reference_total_is_context():
    x = run(
        "La contrepartie départementale intervient dans le cadre du dispositif, à hauteur de 42 000 €, "
        "sur un budget total \n\nde 1 016 400 €. "
    )
    assert [(c.valeur, c.financeur) for c in x.cofinancements] == [(D(42000), "Departement")]
    assert [(c.valeur, c.regle) for c in x.contextes] == [(D(1016400), "total_de_reference")]


def test_soutien_financeur_pronoun_takes_the_previous_sentence():
    x = run(
        "Le Conseil départemental mobilise également ses moyens propres. \n"
        "Il participe à hauteur de 50% du coût total des actions inscrites au volet 2."
    )
    assert [(c.valeur, c.unite, c.financeur) for c in x.cofinancements] == [(D(50), "%", "Departement")]


def test_amount_allocated_without_a_named_financeur_is_unread():
    x = run("Un montant global de 4 260 892 € est alloué au Département.")
    assert x.cofinancements == []
    assert [u.raison for u in x.non_lues] == ["financeur non identifié pour 4 260 892 €"]


def test_abondement_partenaire_seed_and_other():
    x = run(
        "Pour 2023, il est proposé d’abonder ce fonds à hauteur de 500 000€ et de signer, avec la CAF \n"
        "un avenant permettant le versement de la participation financière du Département."
    )
    assert [(c.valeur, c.financeur, c.partenaire, c.annee) for c in x.cofinancements] == [
        (D(500000), "Departement", "CAF", 2023)
    ]
    x = run("Le Département versera 80 000 € au fonds d'aide aux jeunes géré par la MSA.")
    assert [(c.valeur, c.financeur, c.partenaire) for c in x.cofinancements] == [
        (D(80000), "Departement", "MSA")
    ]


def test_pourcentage_financeur_seed_and_other():
    x = run("BUDGET ESTIME \n\n(50 % Etat ‐ 50 % Département) \n\n")
    assert [(c.valeur, c.financeur) for c in x.cofinancements] == [(D(50), "Etat"), (D(50), "Departement")]
    x = run("Plan de financement : 60 % FSE, 40 % Département.")
    assert [(c.valeur, c.financeur) for c in x.cofinancements] == [(D(60), "FSE"), (D(40), "Departement")]


# --- montants ------------------------------------------------------------------------------


def test_montant_ligne_seed_and_other():
    x = run("o Volume de public : 400 jeunes \n\no Montant : 300 000€ \n")
    assert [(m.valeur, m.categorie, m.ligne) for m in x.montants] == [(D(300000), "montant_sous_action", 3)]
    x = run("Montant prévisionnel : 12 500 euros")
    assert vals(x.montants, categorie="montant_sous_action") == [D(12500)]
    x = run(
        "o Montant : 200 000€ de prestations de formation et 200 000€ liés à l’ingénierie de la \nformation"
    )
    assert vals(x.montants) == [D(200000), D(200000)]


def test_montant_ligne_without_figure_is_unread():
    x = run("o Montant : intégré dans les actions programmées \n\no Montant : 709 746 \n")
    assert [(u.ligne, u.raison) for u in x.non_lues] == [
        (1, "montant non chiffré"),
        (3, "montant sans unité monétaire"),
    ]
    assert x.montants == []


def test_total_operation_seed():
    x = run("4 dispositifs sont ici proposés pour un total de 153 916 € (Annexes 1 et 4).")
    assert [(m.valeur, m.categorie) for m in x.montants] == [(D(153916), "total_imprime")]
    x = run(
        "3. Proposition 2022 : \n\nPour le second semestre 2022, il est proposé de financer 77 structures \n"
        "pour la mise en œuvre de cette mission, pour un montant total de 773 520 € et 9 669 places \n"
        " d’accompagnement."
    )
    assert [(m.valeur, m.categorie, m.annee) for m in x.montants] == [(D(773520), "total_imprime", 2022)]
    assert [(c.valeur, c.unite) for c in x.cibles] == [(D(77), "structures"), (D(9669), "places")]


def test_total_operation_other_wordings():
    assert vals(run("Trois actions sont retenues, soit un total de 86 500 euros.").montants) == [D(86500)]
    assert vals(run("Le budget prévisionnel de l'opération s'élève à 240 000 €.").montants) == [D(240000)]
    x = run("Pour un montant global de 1,2 M€, 12 opérations sont financées.")
    assert vals(x.montants) == [D("1200000")]


def test_grant_to_a_named_structure_is_left_to_the_subsidies_parsers():
    x = run(
        "Dans ce cadre, il est proposé de financer le CCAS Courcelles-lès-Lens pour la mise en \n"
        "œuvre de cette mission et pour un total de 6 560 €, sur la période du 1er janvier au 31 "
        "décembre \n2023."
    )
    assert x.montants == [] and x.cofinancements == []


def test_parts_of_a_total_seed_and_other():
    x = run(
        "Pour l’année 2023, il est proposé de développer 22 « solutions logement » sur l’ensemble du \n"
        "département pour un total de 44 000 € (30 000€ au titre de l’ERBM soit 15 solutions logements \n"
        "et 14 000€ au titre de l’initiative départementale soit 7 solutions logement)."
    )
    assert [(m.valeur, m.categorie) for m in x.montants] == [
        (D(44000), "total_imprime"),
        (D(30000), "montant_sous_action"),
        (D(14000), "montant_sous_action"),
    ]
    assert [(c.valeur, c.unite) for c in x.cibles] == [
        (D(22), "solutions logement"),
        (D(15), "solutions"),
        (D(7), "solutions"),
    ]
    x = run(
        "Sur ces 350 000€, 100 000€ permettront d’accompagner des jeunes au titre des territoires ERBM \n"
        "et 250 000€ plus généralement sur le département."
    )
    assert vals(x.montants, categorie="montant_sous_action") == [D(100000), D(250000)]
    assert [(c.valeur, c.regle) for c in x.contextes] == [(D(350000), "rappel_du_total")]
    x = run(
        "Le programme, d'un montant total de 90 000 €, se répartit en 60 000 € pour l'ingénierie et "
        "30 000 € pour la formation."
    )
    assert [(m.valeur, m.categorie) for m in x.montants] == [
        (D(90000), "total_imprime"),
        (D(60000), "montant_sous_action"),
        (D(30000), "montant_sous_action"),
    ]


def test_taux_unitaire_seed_and_other():
    x = run("Le coût \nannuel d’une mesure renforcée est de 5 000€, et 2 500€ pour une mesure simple. ")
    assert [(m.valeur, m.categorie) for m in x.montants] == [
        (D(5000), "taux_unitaire"),
        (D(2500), "taux_unitaire"),
    ]
    x = run(
        "- MASP sans gestion : le montant est fixé selon un prix de journée de 5.44 €, soit 163.20 € mensuel"
    )
    assert vals(x.montants, categorie="taux_unitaire") == [D("5.44"), D("163.20")]
    assert vals(
        run("Le coût d'une place est fixé à 1 200 € par an.").montants, categorie="taux_unitaire"
    ) == [D(1200)]
    assert vals(
        run("Une aide forfaitaire de 300 € par jeune est prévue.").montants, categorie="taux_unitaire"
    ) == [D(300)]


def test_total_budget_fiche_seed_and_other():
    x = run(
        "Budget de l’action \n Etat Conseil \ndépartemental \n Total \n2024 618 000€ 618 000€  1 236 000€ \n"
        "Total 2 472 000€ 2 472 000€  4 944 000€ "
    )
    assert [(m.valeur, m.ligne, m.categorie) for m in x.montants] == [
        (D(2472000), 6, "total_imprime"),
        (D(2472000), 6, "total_imprime"),
        (D(4944000), 6, "total_imprime"),
    ]
    x = run("BUDGET PREVISIONNEL\nFinanceur État CAF Total\nTotal 45 000 € 15 000 € 60 000 €")
    assert vals(x.montants) == [D(45000), D(15000), D(60000)]


def test_montant_beneficiaire_list_and_single():
    x = run("Deux subventions sont octroyées : 2 875 € à la Ville de Soissons et 4 507 € à l'association X.")
    assert [(m.valeur, m.partenaire, m.categorie) for m in x.montants] == [
        (D(2875), "Ville de Soissons", "montant_beneficiaire"),
        (D(4507), "association X", "montant_beneficiaire"),
    ]
    x = run("Une aide de 1 500 € est accordée au CCAS de Laon.")
    assert [(m.valeur, m.partenaire) for m in x.montants] == [(D(1500), "CCAS de Laon")]


# --- cibles --------------------------------------------------------------------------------


def test_volume_seed_and_other():
    x = run("o Volume de place : 1250 (dont 50% de femmes) \n\no Mode de désignation des opérateurs : appel")
    assert [(c.valeur, c.unite) for c in x.cibles] == [(D(1250), "places"), (D(50), "%")]
    assert [(c.valeur, c.unite) for c in run("o Volume de places : 40 ").cibles] == [(D(40), "places")]
    assert [(c.valeur, c.unite) for c in run("Nombre de places prévues : 35 places").cibles] == [
        (D(35), "places")
    ]


def test_cible_proposee_seed():
    x = run(
        "Pour l’année 2023, il est proposé de développer 22 « solutions logement » sur l’ensemble du \n"
        "département."
    )
    assert [(c.valeur, c.unite, c.annee) for c in x.cibles] == [(D(22), "solutions logement", 2023)]
    x = run("Ce dispositif permettra donc d’accompagner entre 20 et 40 \njeunes. ")
    assert [(c.valeur, c.unite) for c in x.cibles] == [(D(20), "jeunes"), (D(40), "jeunes")]


def test_cible_proposee_other_wordings():
    x = run("L'objectif est d'atteindre 150 bénéficiaires accompagnés d'ici fin 2025.")
    assert [(c.valeur, c.unite) for c in x.cibles] == [(D(150), "bénéficiaires")]
    x = run("Sont visés 45 jeunes de moins de 26 ans et 30 familles monoparentales.")
    assert [(c.valeur, c.unite) for c in x.cibles] == [(D(45), "jeunes"), (D(30), "familles")]


def test_not_targets():
    x = run(
        "Le tableau repris en annexe 4 détaille le nombre de places d’accompagnement et le montant. "
        "Il est proposé d'accompagner les jeunes de 16 à 25 ans pendant 6 mois, à compter du 15 mai 2023."
    )
    assert x.cibles == []


def test_grant_list_quantities_are_not_targets():
    x = run(
        "Il est proposé de conventionner pour la période du 1er octobre 2023 au 30 septembre 2024  "
        "\navec : \n\n"
        " 4 AJ pour un total de 50 000 € soit 10 mesures renforcées sur le territoire de l’Arrageois \n\n"
        " La Vie active (PLJ) pour un total de 40 000 € soit 8 mesures renforcées sur le territoire de \n"
        "l’Artois \n"
    )
    assert x.cibles == [] and x.montants == []


# --- bilans --------------------------------------------------------------------------------


def test_section_bilan_seed():
    x = run(
        "2. Bilan 2022 :  \n\n Sur le 1er semestre 2022, 89 structures représentées à 72% par des "
        "CCAS/CIAS, ont \n"
        "mené la mission référent solidarité. Pas loin de 250 référents solidarité ont accompagné 29 660 \n"
        "bénéficiaires du RSA sur une base de 23 568 places conventionnées. "
    )
    assert [(b.valeur, b.unite, b.annee, b.ligne) for b in x.bilans] == [
        (D(89), "structures", 2022, 3),
        (D(72), "%", 2022, 3),
        (D(250), "référents", 2022, 4),
        (D(29660), "bénéficiaires", 2022, 4),
        (D(23568), "places", 2022, 5),
    ]
    assert (
        x.bilans[3].position
        == "mené la mission référent solidarité. Pas loin de "
        "250 référents solidarité ont accompagné 29 660 ".index("29 660")
    )


def test_section_bilan_other_wording_and_past_objective():
    x = run(
        "Bilan de l'année 2024 :\nAu total, 312 ménages ont été accompagnés, dont 41 % relogés dans un "
        "logement autonome. Il était prévu l’accompagnement d’un minimum de 400 ménages."
    )
    assert [(b.valeur, b.unite, b.annee) for b in x.bilans] == [(D(312), "ménages", 2024), (D(41), "%", 2024)]
    assert [(c.valeur, c.regle) for c in x.contextes] == [(D(400), "objectif_passe")]


def test_passe_date_seed_and_other():
    x = run(
        "Après une première expérimentation de ce dispositif depuis juin 2022, 557 jeunes sont entrés \n"
        "dans le dispositif dont 73% de NEET et 263 jeunes ont intégré un dispositif de droit commun \n"
        "en moins de 6 mois. "
    )
    assert [(b.valeur, b.unite) for b in x.bilans] == [(D(557), "jeunes"), (D(73), "%"), (D(263), "jeunes")]
    x = run("En 2024, 1 250 personnes ont été accompagnées par les auto-écoles sociales.")
    assert [(b.valeur, b.unite, b.annee) for b in x.bilans] == [(D(1250), "personnes", 2024)]


def test_passe_date_list_under_a_dated_lead_seed():
    x = run(
        "Le département a ainsi dénombré en 2022, dans le cadre des procédures d’\nexpulsions "
        "locatives : \n\n"
        " 2 741 assignations, \n\n 1 388 commandements de quitter les lieux, \n"
    )
    assert [(b.valeur, b.unite, b.annee) for b in x.bilans] == [
        (D(2741), "assignations", 2022),
        (D(1388), "commandements", 2022),
    ]


# --- contextes -----------------------------------------------------------------------------


def test_diagnostic_seed_and_other():
    x = run("Le Pas-de-Calais compte 41 887 familles avec enfants de moins de 3 ans.")
    assert [(c.valeur, c.regle) for c in x.contextes] == [(D(41887), "diagnostic")]
    x = run("Selon l'INSEE, 18,2 % des ménages de l'Aisne vivent sous le seuil de pauvreté.")
    assert [(c.valeur, c.regle) for c in x.contextes] == [(D("18.2"), "diagnostic")]
    assert x.bilans == [] and x.cibles == []


def test_hypothese_seed_and_other():
    x = run(
        "Ainsi, si on prend l’hypothèse de la rénovation de 23 000 logements à \nhauteur de 80 000 "
        "euros HT en "
        "utilisant la seule condition d’exécution en \nclause sociale on obtient : 1 311 000 heures "
        "d’insertion, "
        "soit 720 ETP \n(base ETP à 1 820h), sur 10 ans : 72 ETP/AN.  "
    )
    assert {c.valeur for c in x.contextes} >= {D(23000), D(80000), D(1311000), D(720)}
    assert {c.regle for c in x.contextes} == {"hypothese"}
    x = run("Dans l'hypothèse de 500 logements rénovés, 12 000 heures d'insertion seraient générées.")
    assert [c.valeur for c in x.contextes] == [D(500), D(12000)]


# --- robustness ----------------------------------------------------------------------------


@pytest.mark.parametrize("space", ["\u00a0", "\u202f"])
def test_nbsp_variants_give_the_same_figures(space):
    text = (
        "2. Bilan 2022 :  \n\n Pas loin de 250 référents solidarité ont accompagné 29 660 \n"
        "bénéficiaires du RSA. Le montant moyen de l’aide accordée par ménage était de 2 699 €. \n"
    )
    base = [(b.ligne, b.position, b.valeur) for b in run(text).bilans]
    variant = text.replace("29 660", f"29{space}660").replace("2 699 €", f"2{space}699{space}€")
    assert [(b.ligne, b.position, b.valeur) for b in run(variant).bilans] == base


# --- more wordings of other départements ---------------------------------------------------


def test_bilan_inverted_and_nombre_de_wordings():
    x = run("Ont été accompagnés en 2023 : 1 204 jeunes, dont 312 mineurs.")
    assert [(b.valeur, b.unite, b.annee) for b in x.bilans] == [
        (D(1204), "jeunes", 2023),
        (D(312), "mineurs", 2023),
    ]
    x = run("Bilan 2023 :\nLe nombre de personnes accompagnées s'élève à 845, soit une hausse de 12 %.")
    assert [(b.valeur, b.unite) for b in x.bilans] == [(D(845), "personnes"), (D(12), "%")]


def test_cible_nombre_de_wording():
    x = run("Pour 2025, le nombre de places prévues est de 35.")
    assert [(c.valeur, c.unite, c.annee) for c in x.cibles] == [(D(35), "places", 2025)]


def test_cofinancement_plan_de_financement_list_and_two_financeurs():
    x = run("Le plan de financement prévoit : État 40 000 €, Département 40 000 €, CAF 20 000 €.")
    assert [(c.valeur, c.financeur) for c in x.cofinancements] == [
        (D(40000), "Etat"),
        (D(40000), "Departement"),
        (D(20000), "CAF"),
    ]
    x = run("L'État participe à hauteur de 50 % et la CAF à hauteur de 30 %.")
    assert [(c.valeur, c.financeur) for c in x.cofinancements] == [(D(50), "Etat"), (D(30), "CAF")]


def test_taux_horaire_and_total_soit_wordings():
    assert vals(run("Le coût horaire est de 25 €.").montants, categorie="taux_unitaire") == [D(25)]
    x = run("Il est proposé de retenir 6 projets, soit un total de 84 300 €.")
    assert vals(x.montants, categorie="total_imprime") == [D(84300)]
    assert [(c.valeur, c.unite) for c in x.cibles] == [(D(6), "projets")]


def test_passe_date_present_measure_before_the_meeting_year():
    head = "REUNION DU 14 MARS 2024\n\n"
    x = run(head + "En 2023, le taux de sortie positive atteint 48 %.")
    assert [(b.valeur, b.unite, b.annee) for b in x.bilans] == [(D(48), "%", 2023)]
    x = run(head + "En 2023, le dispositif a permis d'accompagner 412 personnes.")
    assert [(b.valeur, b.unite) for b in x.bilans] == [(D(412), "personnes")]
    x = run(head + "En 2025, le taux de sortie positive atteint 55 %.")  # a later year: not a bilan
    assert x.bilans == []


def test_unclaimed_and_malformed_amounts_are_reported():
    x = run(
        "Il est proposé de financer le CCAS de Lens pour un "
        "total de 6 560 €. Le solde de 2 1559 € est reporté."
    )
    assert [u.raison.split(" (")[0] for u in x.euros_non_reclames] == ["montant 6 560 €"]
    assert [u.raison for u in x.non_lues] == ["montant mal imprimé : « 2 1559 € »"]


def test_more_wordings_of_other_departements():
    x = run("Sur l'exercice 2023, le FSL a aidé 2 300 ménages pour un montant de 1,4 M€.")
    assert [(b.valeur, b.unite, b.annee) for b in x.bilans] == [
        (D(2300), "ménages", 2023),
        (D(1400000), "EUR", 2023),
    ]
    x = run("À hauteur de 30 000 €, la CAF participe au financement du dispositif.")
    assert [(c.valeur, c.financeur) for c in x.cofinancements] == [(D(30000), "CAF")]
    x = run("Les crédits d'État (45 000 €) et la participation de la Région (15 000 €) complètent le plan.")
    assert [(c.valeur, c.financeur) for c in x.cofinancements] == [(D(45000), "Etat"), (D(15000), "Region")]
    x = run("Objectif 2025 : 300 places d'accueil. La cible est fixée à 80 bénéficiaires.")
    assert [(c.valeur, c.unite) for c in x.cibles] == [(D(300), "places"), (D(80), "bénéficiaires")]


def test_plan_action_seed_layout():
    x = run(
        "  PLAN D’ACTION ET FICHES ACTIONS \n\nFA Intitulé de l’action Axe Pacte \n\nFinalité Montant "
        "de \nl'action \n\n"
        "2,1 Evolution du SI et \ningénierie \n\noui Accompagnement à la transformation du \n\n 135 "
        "000 €  \n\n"
        "2,2 Pack médiation \ninsertion-santé \n\n 1 419 492 €  \n\n2,8 Action en faveur de \npublics "
        "féminin \n\n"
        "TOTAL    1 554 492 €  \n"
    )
    got = [(m.valeur, m.objet) for m in x.montants if m.regle == "plan_action"]
    assert got == [
        (D(135000), "montant de l'action 2.1 (plan d'action)"),
        (D(1419492), "montant de l'action 2.2 (plan d'action)"),
        (D(1554492), "total du plan d'action"),
    ]
    assert [u.raison for u in x.non_lues] == ["plan d'action : pas de montant pour l'action 2.8"]


def test_plan_action_other_layout():
    x = run(
        "PLAN D'ACTIONS 2025\n1.1 Mobilité solidaire\nAteliers et prêts de véhicules\n48 000 €\n"
        "1.2 Garde d'enfants\n12 500 €\nTOTAL 60 500 €"
    )
    assert [m.valeur for m in x.montants if m.regle == "plan_action"] == [D(48000), D(12500), D(60500)]


def test_total_estimated_cost_with_amount_spelt_out():
    x = run(
        "3.1 Le coût total estimé éligible des projets sur la durée de la convention est évalué à 1 "
        "000 000 (un million) \n"
        "EUR, conformément aux annexes 1 et 2 de la convention"
    )
    assert [(m.valeur, m.categorie) for m in x.montants] == [(D(1000000), "total_imprime")]
    x = run("Le coût total du projet est estimé à 250 000 (deux cent cinquante mille) euros.")
    assert vals(x.montants) == [D(250000)]
