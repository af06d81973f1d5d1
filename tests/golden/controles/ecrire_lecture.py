"""Writes the auditor's reading of totals (tests/golden/controles/<doc>.json).

The entries below were written by reading the deliberations with grep/sed; this script only
(1) checks that every figure cited is printed on the cited line (or within a few lines, and
then records the line where it is), (2) computes `calcul` and `ecart`, and (3) writes the
JSON. It uses no parser of the project. Run: python tests/golden/controles/ecrire_lecture.py
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
RAW = ROOT / "raw" / "deliberations"
OUT = Path(__file__).resolve().parent
D = Decimal


def _norm(s: str) -> str:
    return s.replace("\u00a0", " ").replace("\u202f", " ")


def variants(v: Decimal) -> list[str]:
    q = v.quantize(D("0.01"))
    ent, dec = f"{q:.2f}".split(".")
    neg = ent.startswith("-")
    ent = ent.lstrip("-")
    groups = []
    while ent:
        groups.insert(0, ent[-3:])
        ent = ent[:-3]
    sp = " ".join(groups)
    out = [f"{sp},{dec}", f"{sp}.{dec}", ".".join(groups) + f",{dec}"]
    if dec == "00":
        out += [sp, "".join(groups), ".".join(groups), sp.replace(" ", "  ")]
    else:
        out += ["".join(groups) + f",{dec}"]
    out.append(f"{sp} {dec}")
    return [("-" if neg else "") + o for o in out]


class Doc:
    def __init__(self, stem: str):
        self.stem = stem
        self.lines = [_norm(x) for x in (RAW / f"{stem}.txt").read_text(encoding="utf-8").split("\n")]
        self.entries: list[dict] = []
        self.warnings: list[str] = []

    def find(self, ligne: int, valeur, window: int = 12) -> tuple[int, str | None]:
        """The line (closest to `ligne`) where `valeur` is printed, and an extract."""
        v = abs(D(str(valeur)))
        pats = [
            re.compile(r"(?<![\d,.])" + re.escape(x).replace(r"\ ", r"\s+") + r"(?![\d]|,\d)")
            for x in variants(v)
        ]
        for delta in sorted(range(-window, window + 1), key=abs):
            n = ligne + delta
            if 1 <= n <= len(self.lines):
                text = self.lines[n - 1]
                for p in pats:
                    m = p.search(text)
                    if m:
                        a, b = max(0, m.start() - 70), min(len(text), m.end() + 30)
                        return n, " ".join(text[a:b].split())
        self.warnings.append(f"{self.stem}: {valeur} non trouvé près de la ligne {ligne}")
        return ligne, None

    def add(
        self,
        id,
        type,
        description,
        total,
        parties=None,
        autre=None,
        commentaire="",
        calcul=None,
        op="somme",
        check=True,
    ):
        tl, tv = total
        ligne, texte = self.find(tl, tv) if check else (tl, None)
        e = {
            "id": id,
            "type": type,
            "description": description,
            "total": {"ligne": ligne, "valeur": float(D(str(tv))), "texte": texte},
        }
        if parties is not None:
            ps = []
            for p in parties:
                pl, pv = p[0], p[1]
                n, _ = self.find(pl, pv) if (check and pl is not None) else (pl, None)
                ps.append({"ligne": n, "valeur": float(D(str(pv)))} | ({"note": p[2]} if len(p) > 2 else {}))
            e["parties"] = ps
            if calcul is None:
                calcul = sum((D(str(p[1])) for p in parties), D(0))
        if autre is not None:
            al, av = autre
            n, t = self.find(al, av) if check else (al, None)
            e["autre"] = {"ligne": n, "valeur": float(D(str(av))), "texte": t}
            if calcul is None:
                calcul = D(str(av))
        calcul = D(str(calcul))
        e["calcul"] = float(calcul)
        ecart = (calcul - D(str(tv))).quantize(D("0.01"))
        tol = D("0.01") if type != "pourcentage" else D("0.5")
        e["tient"] = abs(ecart) < tol
        e["ecart"] = float(ecart)
        e["commentaire"] = commentaire
        self.entries.append(e)

    def write(self):
        (OUT / f"{self.stem}.json").write_text(
            json.dumps(self.entries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )


# ============================================================================ 000 (N°2023-333)
def doc000():
    d = Doc("000_93251b25262b5cb7")
    d.add(
        "art1_t1_operations",
        "somme",
        "Article 1 (thématique 1, 4 dispositifs) = somme des 4 opérations de l'annexe 1",
        (80, "153916"),
        [(241, "6560"), (295, "8566"), (365, "118800"), (431, "19990")],
    )
    d.add(
        "art2_t3_fpel",
        "repetition",
        "Article 2 (thématique 3) = abondement FPEL de l'annexe 2",
        (88, "500000"),
        autre=(490, "500000"),
        commentaire="le FPEL (500 000 € versés à la CAF) est la seule opération de la thématique 3",
    )
    d.add(
        "art3_t4_operations",
        "somme",
        "Article 3 (thématique 4) = FAJ Co (3 100 + 5 147,96) + Solutions "
        "logement 44 000 + Accompagnement social logement ASE 350 000",
        (94, "402247.96"),
        [(535, "3100"), (551, "5147.96"), (599, "44000"), (669, "350000")],
        commentaire="le total est coupé sur deux lignes : « 402 » l.94 / « 247,96€ » l.95",
        check=False,
    )
    d.add(
        "avenant_fpel_vs_annexe2",
        "repetition",
        "Participation 2023 de l'avenant CAF (annexe 5, art. 2) = abondement FPEL de l'annexe 2",
        (750, "500000"),
        autre=(490, "500000"),
    )
    for tid, lr, lp, v in (("t1", 876, 950, "153916"), ("t3", 913, 954, "500000")):
        d.add(
            f"rapport_{tid}_vs_proposition",
            "repetition",
            f"Rapport : total {tid} de l'exposé = total de la proposition",
            (lr, v),
            autre=(lp, v),
        )
    d.add(
        "rapport_t4_vs_article3",
        "repetition",
        "Rapport : total thématique 4 (l.943) = article 3",
        (943, "402247.96"),
        autre=(957, "402247.96"),
    )
    d.add(
        "sol_logement_erbm_dept",
        "somme",
        "Solutions logement : 44 000 = 30 000 (ERBM) + 14 000 (initiative départementale)",
        (599, "44000"),
        [(599, "30000"), (600, "14000")],
    )
    d.add(
        "sol_logement_structures",
        "somme",
        "Solutions logement : 44 000 = Pas-de-Calais Habitat 30 000 + SIA 14 000",
        (599, "44000"),
        [(604, "30000"), (608, "14000")],
    )
    d.add(
        "sol_logement_nombre",
        "somme",
        "22 solutions = 15 (ERBM) + 7 (département)",
        (598, 22),
        [(599, 15), (600, 7)],
    )
    d.add(
        "sol_logement_taux",
        "quantite_x_taux",
        "22 solutions × 2 000 € (44 000 / 22, taux implicite de 30 000/15 et 14 000/7) = 44 000",
        (599, "44000"),
        calcul=22 * 2000,
        commentaire="taux non imprimé : 30 000/15 = 14 000/7 = 16 000/8 = 2 000 €",
    )
    d.add(
        "sol_logement_erbm_structures",
        "somme",
        "Part ERBM 30 000 = 16 000 (Pas-de-Calais Habitat, territoire ERBM) + 14 000 (SIA, territoires ERBM)",
        (599, "30000"),
        [(605, "16000"), (608, "14000")],
    )
    d.add(
        "asl_ase_structures",
        "somme",
        "Accompagnement social logement ASE : 350 000 = somme des 8 conventions",
        (669, "350000"),
        [
            (678, "50000"),
            (680, "40000"),
            (683, "50000"),
            (686, "35000"),
            (689, "70000"),
            (691, "60000"),
            (694, "20000"),
            (697, "25000"),
        ],
    )
    d.add(
        "asl_ase_erbm_dept",
        "somme",
        "350 000 = 100 000 (ERBM) + 250 000 (département)",
        (672, "350000"),
        [(672, "100000"), (673, "250000")],
    )
    d.add(
        "asl_ase_mesures_taux",
        "quantite_x_taux",
        "70 mesures renforcées × 5 000 € (taux imprimé l.670) = 350 000",
        (669, "350000"),
        calcul=70 * 5000,
    )
    d.add(
        "asl_ase_mesures",
        "somme",
        "70 mesures = 10 + 8 + 10 + 7 + 14 + 12 + 4 + 5",
        (668, 70),
        [(678, 10), (680, 8), (683, 10), (686, 7), (689, 14), (691, 12), (694, 4), (697, 5)],
    )
    for line, n, v in (
        (678, 10, 50000),
        (680, 8, 40000),
        (683, 10, 50000),
        (686, 7, 35000),
        (689, 14, 70000),
        (691, 12, 60000),
        (694, 4, 20000),
        (697, 5, 25000),
    ):
        d.add(
            f"asl_ase_l{line}_taux",
            "quantite_x_taux",
            f"{n} mesures renforcées × 5 000 € = montant de la convention (l.{line})",
            (line, v),
            calcul=n * 5000,
        )
    d.add(
        "imputation_c02_446a05",
        "somme",
        "Imputation C02-446A05 (Dépense 35 116) = référent solidarité "
        "6 560 + socioprofessionnel 8 566 + dynamisation 19 990",
        (138, "35116"),
        [(241, "6560"), (295, "8566"), (431, "19990")],
        commentaire="rattachement des opérations aux lignes budgétaires déduit (non imprimé)",
    )
    d.add(
        "imputation_c01_444h03",
        "repetition",
        "Imputation C01-444H03 (118 800) = MIPE PLIE (opération 3)",
        (142, "118800"),
        autre=(365, "118800"),
    )
    d.add(
        "imputation_c02_428c02",
        "somme",
        "Imputation C02-428C02 (8 247,96) = FAJ Co 3 100 + 5 147,96",
        (146, "8247.96"),
        [(535, "3100"), (551, "5147.96")],
    )
    d.add(
        "imputation_c02_428b04",
        "repetition",
        "Imputation C02-428B04 (500 000) = FPEL",
        (150, "500000"),
        autre=(490, "500000"),
    )
    d.add(
        "imputation_c02_428b02",
        "somme",
        "Imputation C02-428B02 Logement des jeunes (394 000) = 44 000 + 350 000",
        (152, "394000"),
        [(599, "44000"), (669, "350000")],
    )
    d.add(
        "imputation_vs_articles",
        "somme",
        "Somme des dépenses de l'article 6 (1 056 163,96, non imprimée) = articles 1 + 2 + 3",
        (138, "35116"),
        [(80, "153916"), (88, "500000"), (94, "402247.96")],
        calcul=D("153916") + D("500000") + D("402247.96"),
        check=False,
        commentaire="total non imprimé : 35 116 + 118 800 + 8 247,96 + 500 000 + 394 000 = 1 "
        "056 163,96 = 153 916 + 500 000 + 402 247,96 ; entrée notée sur la 1re ligne",
    )
    d.entries[-1]["total"] = {
        "ligne": 138,
        "valeur": 1056163.96,
        "texte": "somme des 5 dépenses (non imprimée)",
    }
    d.entries[-1]["ecart"] = 0.0
    d.entries[-1]["tient"] = True
    for code, line, dispo, prop, solde in (
        ("C02-446A05", 986, "2188896.28", "35116", "2153780.28"),
        ("C01-444H03", 992, "220200", "118800", "101400"),
        ("C02-428C02", 998, "960500", "8247.96", "952252.04"),
        ("C02-428B04", 1006, "2462262", "500000", "1962262"),
        ("C02-428B02", 1012, "570000", "394000", "176000"),
    ):
        d.add(
            f"solde_{code}",
            "somme",
            f"Rapport, {code} : Disponible − Proposition = Solde",
            (line, solde),
            [(line, dispo), (line, "-" + prop)],
        )
    for code, ld, lr, v in (
        ("C02-446A05", 138, 986, "35116"),
        ("C01-444H03", 142, 992, "118800"),
        ("C02-428C02", 146, 998, "8247.96"),
        ("C02-428B04", 150, 1006, "500000"),
        ("C02-428B02", 152, 1012, "394000"),
    ):
        d.add(
            f"delib_vs_rapport_{code}",
            "repetition",
            f"{code} : dépense de la délibération = proposition du rapport",
            (ld, v),
            autre=(lr, v),
        )
    d.add(
        "bilan_jeunes_reloges",
        "somme",
        "Bilan 2022 solutions logement : 32 jeunes = 15 (hors ERBM) + 17 (ERBM)",
        (592, 32),
        [(588, 15), (590, 17)],
    )
    d.add(
        "bilan_asl_jeunes",
        "somme",
        "Bilan 2022 ASL ASE : 143 jeunes = 65 (ERBM) + 78 (département)",
        (654, 143),
        [(656, 65), (658, 78)],
    )
    d.add(
        "bilan_fpel_accords",
        "somme",
        "Bilan FPEL : 154 dossiers accordés = 89 + 65",
        (477, 154),
        [(476, 89), (477, 65)],
    )
    d.add(
        "bilan_fpel_dossiers",
        "somme",
        "Bilan FPEL : 268 dossiers = 178 sans procédure + 90 avec procédure",
        (472, 268),
        [(473, 178), (474, 90)],
    )
    d.write()
    return d


# ============================================================================ 001 (N°2023-243)
def doc001():
    d = Doc("001_d2d07801e5745474")
    rows = (
        (1, 695, "84000", "42000", 806, 808, 999, "42000", 3080),
        (2, 701, "285000", "142500", 1106, 1108, 1288, "139700", 3084),
        (3, 713, "82000", "41000", 1418, 1420, 1621, "42000", 3087),
        (4, 723, "200000", "100000", 1749, 1751, 1920, "100000", 3090),
        (5, 733, "60000", "30000", 2022, 2024, 2223, "30000", 3095),
        (6, 735, "289000", "144500", 2356, 2358, 2888, "158000", 3098),
    )
    for a, line, budget, etat, lfb, lfe, lcp, cp, lconv in rows:
        cd = D(budget) - D(etat)
        d.add(
            f"action{a}_budget_etat_cd",
            "somme",
            f"Tableau récapitulatif, action {a} : budget global = "
            "participation État + participation CD 62 (+ autres : néant)",
            (line, budget),
            [(line, etat), (line, str(cd))],
        )
        d.add(
            f"action{a}_etat_50pc",
            "regle_contrat",
            f"Action {a} : part État = 50 % du budget (fiche « 50 % Etat "
            "- 50 % Département », art. 4.3 de la convention attributive)",
            (line, etat),
            calcul=D(budget) / 2,
        )
        d.add(
            f"action{a}_fiche_budget",
            "repetition",
            f"Action {a} : budget 2023 de la fiche = budget global du tableau",
            (lfb, budget),
            autre=(line, budget),
        )
        d.add(
            f"action{a}_fiche_etat",
            "repetition",
            f"Action {a} : participation État de la fiche = tableau",
            (lfe, etat),
            autre=(line, etat),
        )
        d.add(
            f"action{a}_convention_art41",
            "repetition",
            f"Action {a} : montant de l'art. 4.1 de la convention attributive = part État du tableau",
            (lconv, etat),
            autre=(line, etat),
        )
        com = ""
        if a == 2:
            com = (
                "contrepartie CD de la fiche 139 700 € < part CD du tableau 142 500 € "
                "(et < part État : contraire à l'engagement « au moins équivalents »)"
            )
        elif a in (3, 6):
            com = (
                "contrepartie de la fiche différente de la part CD du tableau "
                "(supérieure : l'engagement « au moins équivalent » à l'État reste tenu)"
            )
        d.add(
            f"action{a}_contrepartie_cd",
            "repetition",
            f"Action {a} : contrepartie départementale de la fiche (« "
            "ENGAGEMENT FINANCIER EN COURS ») = participation CD 62 du tableau",
            (lcp, cp),
            autre=(line, str(cd)),
            commentaire=com,
        )
    d.add(
        "tableau_total_budget",
        "somme",
        "Tableau récapitulatif : total des budgets des 6 actions",
        (737, "1000000"),
        [(695, "84000"), (701, "285000"), (713, "82000"), (723, "200000"), (733, "60000"), (735, "289000")],
    )
    d.add(
        "tableau_total_etat",
        "somme",
        "Tableau récapitulatif : total des participations État",
        (737, "500000"),
        [(695, "42000"), (701, "142500"), (713, "41000"), (723, "100000"), (733, "30000"), (735, "144500")],
    )
    d.add(
        "tableau_total_cd",
        "somme",
        "Tableau récapitulatif : total des participations CD 62 (colonne imprimée 500 000)",
        (737, "500000"),
        [(695, "42000"), (701, "142500"), (713, "41000"), (723, "100000"), (733, "30000"), (735, "144500")],
    )
    d.add(
        "contreparties_fiches_vs_total_cd",
        "somme",
        "Somme des contreparties départementales des fiches = total CD 62 du tableau",
        (737, "500000"),
        [
            (999, "42000"),
            (1288, "139700"),
            (1621, "42000"),
            (1920, "100000"),
            (2223, "30000"),
            (2888, "158000"),
        ],
        commentaire="511 700 € dans les fiches contre 500 000 € : écarts "
        "des actions 2 (−2 800), 3 (+1 000) et 6 (+13 500)",
    )
    d.add(
        "convention_41_somme_actions",
        "somme",
        "Convention attributive art. 4.1 : 500.000 EUR = somme des 6 actions listées",
        (3076, "500000"),
        [
            (3080, "42000"),
            (3084, "142500"),
            (3087, "41000"),
            (3090, "100000"),
            (3095, "30000"),
            (3098, "144500"),
        ],
    )
    d.add(
        "convention_31_cout_total",
        "repetition",
        "Convention attributive art. 3.1 : coût total éligible 1 000 000 = total des budgets du tableau",
        (3048, "1000000"),
        autre=(737, "1000000"),
    )
    d.add(
        "etat_1m_nord_pdc",
        "somme",
        "Rapport : soutien de l'État 1 000 000 € = Pas-de-Calais 500 000 + Nord 500 000",
        (3385, "1000000"),
        [(3386, "500000"), (3387, "500000")],
    )
    d.add(
        "etat_1m_nord_pdc_convention",
        "somme",
        "Convention : 1 000 000 € = 500 000 (Pas-de-Calais) + 500 000 (Nord)",
        (491, "1000000"),
        [(493, "500000"), (495, "500000")],
    )
    d.add(
        "recette_vs_article2",
        "repetition",
        "Recette de l'article 3 (500 000,00) = crédits État de l'article 2",
        (98, "500000"),
        autre=(85, "500000"),
    )
    d.add(
        "recette_vs_credits_etat_annee",
        "regle_contrat",
        "Crédits État de l'année (total État du tableau) = recette inscrite",
        (98, "500000"),
        autre=(737, "500000"),
    )
    d.add(
        "rapport_proposition_vs_recette",
        "repetition",
        "Rapport : proposition d'inscription 500000 = recette de la délibération",
        (3416, "500000"),
        autre=(98, "500000"),
    )
    d.add(
        "convention_montant_vs_41",
        "repetition",
        "Convention attributive : « Montant : 500.000 € » = art. 4.1",
        (2925, "500000"),
        autre=(3076, "500000"),
    )
    d.add(
        "rapport_credits_etat_vs_article2",
        "repetition",
        "Rapport : crédits État 500 000 € (proposition) = article 2",
        (3402, "500000"),
        autre=(85, "500000"),
    )
    d.write()
    return d


# ============================================================================ 002 (N°2024-176)
def doc002():
    d = Doc("002_45402f372af52b9b")
    d.add(
        "recette_vs_credits_annee",
        "somme",
        "Recette de l'article 3 (7 603 440,00) = crédits État 2024 "
        "du CLS (3 342 548) + convention France Travail (4 260 892)",
        (95, "7603440"),
        [(308, "3342548"), (5879, "4260892")],
    )
    d.add(
        "rapport_recette_vs_article3",
        "repetition",
        "Rapport : proposition d'inscription 7 603 440 = recette de l'article 3",
        (11031, "7603440"),
        autre=(95, "7603440"),
    )
    d.add(
        "rapport_ft_vs_convention",
        "repetition",
        "Rapport : montant global France Travail 4 260 892 = convention",
        (10998, "4260892"),
        autre=(5879, "4260892"),
    )
    for tag, lt, l1, l3, l4 in (
        ("cls_art", 308, 340, 342, 344),
        ("cls_convention_credits", 407, 415, 421, 427),
        ("rapport", 10837, 10844, 10845, 10846),
    ):
        d.add(
            f"axes_{tag}",
            "somme",
            "Crédits État 2024 du CLS = axe 1 + axe 3 + axe 4",
            (lt, "3342548"),
            [(l1, "1659288"), (l3, "1010000"), (l4, "673260")],
        )
    d.add(
        "annexe3_axe1",
        "somme",
        "Annexe 3 (Prévisionnel 2024) : sous-total État axe 1 = fiches 1.1 à 1.5",
        (4699, "1659288"),
        [(4669, "618000"), (4675, "599508"), (4681, "46780"), (4691, "100000"), (4697, "295000")],
    )
    d.add(
        "annexe3_axe3",
        "somme",
        "Annexe 3 : sous-total État axe 3 = fiches 3.1 à 3.4",
        (4735, "1010000"),
        [(4711, "150000"), (4717, "160000"), (4727, "500000"), (4733, "200000")],
    )
    d.add(
        "annexe3_axe4",
        "somme",
        "Annexe 3 : sous-total État axe 4 = fiches 4.1 + 4.2",
        (4749, "673260"),
        [(4741, "333000"), (4747, "340260")],
    )
    d.add(
        "annexe3_total_etat",
        "somme",
        "Annexe 3 : TOTAUX FINANCIERS État = somme des sous-totaux",
        (4751, "3342548"),
        [(4699, "1659288"), (4735, "1010000"), (4749, "673260")],
    )
    d.add(
        "annexe3_total_general",
        "somme",
        "Annexe 3 : TOTAUX FINANCIERS = État + CD",
        (4751, "6685096"),
        [(4751, "3342548"), (4751, "3342548")],
    )
    d.add(
        "annexe3_total_vs_credits",
        "repetition",
        "Annexe 3 : total État 2024 = crédits État 2024 de la convention",
        (4751, "3342548"),
        autre=(308, "3342548"),
    )
    for ax, line, st, tot in (
        ("1", 4699, "1659288", "3318576"),
        ("3", 4735, "1010000", "2020000"),
        ("4", 4749, "673260", "1346520"),
    ):
        d.add(
            f"annexe3_axe{ax}_etat_cd",
            "somme",
            f"Annexe 3 : sous-total axe {ax} = État + CD",
            (line, tot),
            [(line, st), (line, st)],
        )
    d.add(
        "annexe11_2025_total",
        "somme",
        "Annexe 11 Prévisionnel 2025 : TOTAUX = sous-totaux des axes",
        (5235, "6685096"),
        [(5147, "3318576"), (5219, "2020000"), (5233, "1346520")],
    )
    d.add(
        "annexe11_exec2024_total",
        "somme",
        "Annexe 11 Exécution 2024 : TOTAUX crédits État versés = sous-totaux",
        (4953, "3342548"),
        [(4885, "1659288"), (4937, "1010000"), (4951, "673260")],
    )
    gold = json.loads((ROOT / "tests/golden/cls/002_fiches_budgets.json").read_text())
    annexe3 = {r["action_code"]: r for r in gold["annexe3_2024"]["lignes"]}
    for f in gold["fiches"]:
        code, b = f["action_code"], f["budget"]
        years = [r for r in b["lignes"] if r["annee"] != "Total"]
        tot = next(r for r in b["lignes"] if r["annee"] == "Total")
        for r in years:
            if r["total"]:
                parts = [(r["ligne"], v) for v in r["montants"].values() if v]
                d.add(
                    f"fiche{code}_{r['annee']}_financeurs",
                    "somme",
                    f"Fiche {code}, {r['annee']} : financeurs = total de l'année",
                    (r["ligne"], r["total"]),
                    parts,
                )
        full = [r for r in years if r["total"]]
        com = ""
        if len(full) < 4:
            com = (
                "la ligne 2027 est vide : le total (3 × 680 520) "
                "ne couvre que 2024-2026 sur un contrat 2024-2027"
            )
        d.add(
            f"fiche{code}_total_annees",
            "somme",
            f"Fiche {code} : total pluriannuel = somme des années",
            (tot["ligne"], tot["total"]),
            [(r["ligne"], r["total"]) for r in full],
        )
        d.add(
            f"fiche{code}_quatre_annees",
            "regle_contrat",
            f"Fiche {code} : une action d'un contrat de quatre ans "
            "a quatre années budgétées (total = 4 × année 2024)",
            (tot["ligne"], tot["total"]),
            calcul=4 * D(years[0]["total"]),
            commentaire=com,
        )
        a = annexe3[code]
        d.add(
            f"fiche{code}_vs_annexe3",
            "repetition",
            f"Fiche {code} : total 2024 = ligne de l'annexe 3",
            (years[0]["ligne"], years[0]["total"]),
            autre=(a["ligne"], a["total"]),
        )
        d.add(
            f"annexe3_{code}_etat_50pc",
            "regle_contrat",
            f"Annexe 3, {code} : part État = 50 % du total (État = CD)",
            (a["ligne"], a["etat"]),
            calcul=D(a["total"]) / 2,
        )
    d.add(
        "fiche1.5_etat_erbm_50pc",
        "regle_contrat",
        "Fiche 1.5 : État (220 000) + ETAT/ERBM (75 000) = 50 % de 590 000 (annexe 3 : État 295 000)",
        (2658, "295000"),
        calcul=D("220000") + D("75000"),
        check=False,
        commentaire="la colonne « Etat » seule vaut 37,3 % ; l'annexe 3 fusionne ETAT/ERBM dans l'État",
    )
    d.entries[-1]["total"] = {"ligne": 4697, "valeur": 295000.0, "texte": "annexe 3 : État 295 000,00 €"}
    for code, ann, lt, subs, com in (
        ("1.1", "1236000", 1428, [(1232, "300000"), (1330, "936000")], ""),
        (
            "1.2",
            "1199016",
            1807,
            [(1608, "179016"), (1633, "200000"), (1652, "700000"), (1674, "90000"), (1692, "30000")],
            "",
        ),
        (
            "1.3",
            "93560",
            2132,
            [(2025, "40000"), (2073, "53500")],
            "60 € d'écart entre les sous-actions (93 500) et le budget annuel (93 560)",
        ),
        ("1.4", "200000", 2401, [(2280, "100000"), (2313, "100000")], ""),
        ("1.5", "590000", 2658, [(2550, "440000"), (2584, "150000")], ""),
        ("3.1", "300000", 2872, [(2767, "150000"), (2799, "150000")], ""),
        ("3.2", "320000", 3136, [(3050, "320000")], ""),
        ("3.3", "1000000", 3438, [(3272, "500000"), (3294, "500000")], ""),
        ("3.4", "400000", 3805, [(3690, "200000", "prestations"), (3690, "200000", "ingénierie")], ""),
        ("4.1", "666000", 4085, [(3907, "20000"), (3924, "260000"), (3944, "53000"), (3962, "333000")], ""),
        (
            "4.2",
            "680520",
            4516,
            [(4292, "170130"), (4352, "170130"), (4402, "0")],
            "les sous-actions (340 260) valent la part État (ou CD), pas le budget annuel 680 520",
        ),
        (
            "2.2",
            "1419492",
            7146,
            [(6864, "249746"), (6956, "160000"), (7000, "300000"), (7046, "709746")],
            "",
        ),
        ("2.3", "3300000", 7447, [(7300, "750000"), (7356, "2550000")], ""),
        ("2.5", "1622000", 8149, [(7911, "772000"), (7958, "750000"), (8039, "100000")], ""),
        ("2.6", "1549146", 8612, [(8323, "378000"), (8383, "220000"), (8440, "951146")], ""),
        ("2.7", "361146", 8946, [(8801, "216146"), (8850, "145000")], ""),
    ):
        d.add(
            f"fiche{code}_sous_actions",
            "somme",
            f"Fiche {code} : montants des sous-actions (« Montant : ») = budget annuel",
            (lt, ann),
            subs,
            commentaire=com,
        )
    d.add(
        "fiche2.7_action1_detail",
        "somme",
        "Fiche 2.7, action 1 : 216 146 = 8 000 + 23 600 + 50 000 + 134 546",
        (8801, "216146"),
        [(8801, "8000"), (8801, "23600"), (8801, "50000"), (8801, "134546")],
        check=False,
    )
    d.add(
        "ft_volets",
        "somme",
        "Convention France Travail : 4 260 892 = volet 1 (135 000) + volet 2 (4 125 892)",
        (5879, "4260892"),
        [(5887, "135000"), (5893, "4125892")],
    )
    d.add(
        "ft_volets_rapport",
        "somme",
        "Rapport : 4 260 892 = 135 000 + 4 125 892",
        (10998, "4260892"),
        [(11003, "135000"), (11006, "4125892")],
    )
    d.add(
        "ft_avance_60pc",
        "pourcentage",
        "Avance 2 556 535.20 € « soit 60 % » de 4 260 892",
        (5953, "60"),
        calcul=D("2556535.20") / D("4260892") * 100,
        check=False,
    )
    d.entries[-1]["total"]["texte"] = "Une avance de 2 556 535.20 € soit 60% du montant prévisionnel"
    d.add(
        "ft_plan_action_total",
        "somme",
        "Tableau PLAN D'ACTION : TOTAL = actions 2,1 à 2,7",
        (6391, "8386784"),
        [
            (6175, "135000"),
            (6212, "1419492"),
            (6246, "3300000"),
            (6290, "0"),
            (6323, "1622000"),
            (6341, "1549146"),
            (6364, "361146"),
        ],
    )
    d.add(
        "ft_volet2_etat_fiches",
        "somme",
        "Volet 2 (4 125 892) = parts État des fiches 2.2 à 2.7 (ERBM compris)",
        (5893, "4125892"),
        [
            (7148, "692672"),
            (7148, "17074"),
            (7449, "1650000"),
            (8150, "807000"),
            (8614, "598000"),
            (8948, "361146"),
        ],
    )
    d.add(
        "ft_volet2_cd_50pc",
        "regle_contrat",
        "Volet 2 : co-financement du Département (CD + FSE+) = 50 % de l'ensemble, soit la part État",
        (5893, "4125892"),
        [(7148, "709746"), (7449, "1650000"), (8150, "715000"), (8150, "100000"), (8614, "951146")],
    )
    d.add(
        "ft_volet1_fiche21",
        "repetition",
        "Volet 1 (135 000) = fiche 2.1",
        (5887, "135000"),
        autre=(6709, "135000"),
    )
    d.add(
        "ft_plan_volet1",
        "somme",
        "Plan de financement volet 1 : 135 000 = ETP CD 100 000 + SI 35 000 (= plafond)",
        (9376, "135000"),
        [(9351, "100000"), (9374, "35000")],
    )
    d.add(
        "ft_plan_volet2_a",
        "somme",
        "Plan volet 2 : 2 457 000 = 1 650 000 + 807 000",
        (9453, "2457000"),
        [(9437, "1650000"), (9445, "807000")],
    )
    d.add(
        "ft_plan_volet2_b",
        "somme",
        "Plan volet 2 : 959 146 = 598 000 + 361 146",
        (9521, "959146"),
        [(9506, "598000"), (9519, "361146")],
    )
    d.add(
        "ft_plan_volet2_total",
        "somme",
        "Plan volet 2 : 4 125 892 = 2 457 000 + 959 146 + 709 746 (= plafond)",
        (9565, "4125892"),
        [(9453, "2457000"), (9521, "959146"), (9563, "709746")],
    )
    d.add(
        "ft_plan_delta_action2",
        "somme",
        "Plan volet 2, action 2 : places delta = cible − existant (1030 − 700)",
        (9445, 3030),
        [(9445, 1030), (9445, -700)],
        commentaire="delta imprimé 3030 places, 330 attendu",
        check=False,
    )
    d.entries[-1]["total"]["texte"] = "700 places 1030 places 3030 places"
    d.add(
        "ft_plan_delta_action1",
        "somme",
        "Plan volet 2 : 7600 places delta = 15200 − 7600",
        (9437, 7600),
        [(9437, 15200), (9437, -7600)],
        check=False,
    )
    d.add(
        "ft_plan_delta_pack_mediation",
        "somme",
        "Plan volet 2, pack médiation : 1 760 = 5 760 − 4 000",
        (9559, 1760),
        [(9559, 5760), (9559, -4000)],
        check=False,
    )
    d.add(
        "ft_pack_mediation_places",
        "somme",
        "Pack médiation : 5 760 places cibles du plan = places de la fiche 2.2 (200 + 600 + 160 + 5 000)",
        (9559, 5760),
        [(None, 200), (None, 600), (None, 160), (None, 5000)],
        check=False,
        commentaire="lignes de la fiche 2.2 non reportées ici ; 5 960 "
        "places dans la fiche, cible d'indicateur 6 000 (l.7168)",
    )
    d.add(
        "ft_fiche23_places_cibles",
        "repetition",
        "Fiche 2.3 : cible 15 000 places vs plan de financement 15200 places",
        (7467, 15000),
        autre=(9437, 15200),
        check=False,
        commentaire="le plan donne 7600 existantes / 15200 cibles ; la fiche 7 000 / 15 000",
    )
    d.add(
        "fiche24_financeurs_total",
        "somme",
        "Fiche 2.4 : Total = État (FIPE) + CD + CAF + Autres",
        (7749, "905437"),
        [(7749, "634389"), (7749, "120000"), (7749, "120000"), (7749, "31048")],
    )
    d.add(
        "cible_nationale_1730",
        "somme",
        "Annexe 4 : cible nationale 1730 jeunes = cibles des fiches 1.1 (1 100) + 1.2 (600) + 1.3 (30)",
        (5325, 1730),
        [(1472, 1100), (1849, 600), (2174, 30)],
    )
    d.add(
        "situation_nationale_1038",
        "somme",
        "Annexe 4 : situation initiale 1038 = fiches 1.1 (600) + 1.2 (438) + 1.3 (0)",
        (5325, 1038),
        [(1472, 600), (1849, 438), (2174, 0)],
    )
    d.add(
        "cls_etat_4ans_vs_fiches",
        "somme",
        "Crédits État sur 4 ans (4 × 3 342 548) = somme des "
        "parts État (ETAT/ERBM compris) des totaux des fiches",
        (308, "13370192"),
        [
            (1436, "2472000"),
            (1815, "2398032"),
            (2140, "187120"),
            (2409, "400000"),
            (2666, "880000"),
            (2666, "300000"),
            (2880, "600000"),
            (3144, "640000"),
            (3446, "2000000"),
            (3813, "800000"),
            (4093, "1332000"),
            (4530, "1020780"),
        ],
        check=False,
        commentaire="écart = 340 260, la part État 2027 absente de la fiche 4.2",
    )
    d.entries[-1]["total"]["texte"] = "3 342 548 € par an 2024-2027 (l.308-318), total non imprimé"
    d.write()
    return d


# ============================================================================ 003 (N°2022-244)
def doc003():
    d = Doc("003_c91e3ec6a0bf6aa2")
    gold = json.loads((ROOT / "tests/golden/financements/003_c91e3ec6a0bf6aa2.json").read_text())
    a4 = [t for t in gold["tables"] if t["annexe"] == "4"]
    for t in a4:
        if not t["total_imprime"]:
            continue
        rows = [
            (r.get("ligne_montant", r["ligne"]), r["montant_eur"])
            for r in t["lignes"]
            if r["montant_eur"] is not None
        ]
        ti = t["total_imprime"]
        d.add(
            f"annexe4_l{ti['ligne']}",
            "somme",
            f"Annexe 4, {t['titre'][:90]} : TOTAL imprimé = somme des lignes",
            (ti["ligne"], ti["montant_eur"]),
            rows,
            check=False,
            commentaire="lignes du tableau transcrites dans tests/golden/financements/003 "
            "(lecture manuelle), chaque montant revérifié sur sa ligne par ce script",
        )
        for r in rows:
            d.find(r[0], r[1], window=0)
        if ti.get("quantite"):
            q = [
                (r.get("ligne_montant", r["ligne"]), r["quantite"])
                for r in t["lignes"]
                if r.get("quantite") is not None
            ]
            d.add(
                f"annexe4_l{ti['ligne']}_places",
                "somme",
                f"Annexe 4, {t['titre'][:60]} : places du TOTAL = somme des places des lignes",
                (ti["ligne"], ti["quantite"]),
                q,
                check=False,
            )
    t1 = [(2158, "773520"), (2320, "1565228"), (2338, "508125")]
    d.add(
        "art1_vs_tableaux",
        "somme",
        "Article 1 (thématique 1) = somme des 3 tableaux de l'annexe 4",
        (90, "2846873"),
        t1,
    )
    d.add(
        "annexe4_t1_total",
        "somme",
        "Annexe 4 : TOTAL thématique 1 = somme des 3 tableaux",
        (2340, "2846873"),
        t1,
    )
    t2 = [
        (t["total_imprime"]["ligne"], t["total_imprime"]["montant_eur"])
        for t in a4
        if t["total_imprime"] and 2342 <= t["total_imprime"]["ligne"] <= 2823
    ]
    d.add(
        "art2_vs_tableaux",
        "somme",
        "Article 2 (thématique 2) = somme des 17 tableaux de l'annexe 4",
        (96, "8606424.06"),
        t2,
    )
    d.add(
        "annexe4_t2_total",
        "somme",
        "Annexe 4 : TOTAL thématique 2 = somme des 17 tableaux",
        (2825, "8606424.06"),
        t2,
    )
    t3 = [(2834, "100000"), (2879, "55000"), (2883, "30000"), (3072, "200000")]
    d.add(
        "annexe4_t3_total",
        "somme",
        "Annexe 4 : TOTAL thématique 3 = somme des tableaux",
        (3074, "385000"),
        t3,
    )
    d.add(
        "art3_vs_annexe4",
        "repetition",
        "Article 3 (785 000) = TOTAL thématique 3 de l'annexe 4",
        (102, "785000"),
        autre=(3074, "385000"),
        commentaire="écart 400 000 = 2 × 200 000 : l'article (et l'imputation « Logement "
        "des jeunes » 630 000) compte trois années de CLLAJ (2022-2024), "
        "l'annexe 4 une seule ; « 785 000 vs 385 000 » : un seul chiffre diffère",
    )
    d.add(
        "art3_vs_imputation",
        "somme",
        "Article 3 (785 000) = ADIL 100 000 + Logement des "
        "jeunes 630 000 + Inclusion budgétaire 55 000 (article 5)",
        (102, "785000"),
        [(126, "100000"), (128, "630000"), (130, "55000")],
    )
    d.add(
        "imputation_logement_jeunes_vs_annexe4",
        "somme",
        "Imputation Logement des jeunes (630 000) = solutions logement 30 000 + CLLAJ 200 000 (annexe 4)",
        (128, "630000"),
        [(2883, "30000"), (3072, "200000")],
        commentaire="630 000 = 30 000 + 3 × 200 000 (CLLAJ 2022-2024, 25 000 €/an × 8, l.1982)",
    )
    d.add(
        "cllaj_8x25000",
        "quantite_x_taux",
        "CLLAJ : 8 conventions × 25 000 €/an = TOTAL 200 000",
        (3072, "200000"),
        [
            (3000, "25000"),
            (3010, "25000"),
            (3020, "25000"),
            (3030, "25000"),
            (3040, "25000"),
            (3050, "25000"),
            (3060, "25000"),
            (3070, "25000"),
        ],
    )
    d.add(
        "imputation_c02_566a05",
        "somme",
        "Imputation C02-566A05 (2 338 748) = référent solidarité + socioprofessionnel",
        (138, "2338748"),
        [(2158, "773520"), (2320, "1565228")],
    )
    d.add(
        "imputation_c01_564h03",
        "repetition",
        "Imputation C01-564H03 (508 125) = PLIE",
        (142, "508125"),
        autre=(2338, "508125"),
    )
    d.add(
        "imputation_c01_564h02",
        "repetition",
        "Imputation C01-564H02 (8 606 424,06) = article 2",
        (146, "8606424.06"),
        autre=(96, "8606424.06"),
    )
    d.add(
        "imputation_vs_articles",
        "somme",
        "Dépenses de l'article 5 = articles 1 + 2 + 3",
        (122, "12238297.06"),
        [(90, "2846873"), (96, "8606424.06"), (102, "785000")],
        check=False,
        commentaire="total non imprimé : 100 000 + 630 000 + 55 000 + "
        "2 338 748 + 508 125 + 8 606 424,06 = 12 238 297,06",
    )
    d.entries[-1]["total"]["texte"] = "somme des 6 dépenses de l'article 5 (non imprimée)"
    for code, line, dispo, prop, solde in (
        ("C02-720B10", 8108, "100000", "100000", "0"),
        ("C02-581E02", 8112, "1088000", "630000", "458000"),
        ("C02-561E02", 8118, "55000", "55000", "0"),
        ("C02-566A05", 8136, "5014250", "2338748", "2675502"),
        ("C01-564H03", 8144, "508275", "508125", "1.50"),
        ("C01-564H02", 8150, "14570578.60", "8606424.06", "5964154.54"),
    ):
        com = ""
        if solde == "1.50":
            com = (
                "solde imprimé « 1 50 » : lu 1,50 comme « 0 00 » = 0,00 (virgule devenue espace) ; "
                "508 275 − 508 125 = 150,00. Si « 1 50 » est 150, le solde tient : lecture incertaine"
            )
        d.add(
            f"solde_{code}",
            "somme",
            f"Rapport, {code} : Disponible − Proposition = Solde",
            (line, solde),
            [(line, dispo), (line, "-" + prop)],
            commentaire=com,
        )
    d.add(
        "rapport_t1",
        "repetition",
        "Rapport : thématique 1 (3 opérations, 2 846 873 €) = article 1",
        (7992, "2846873"),
        autre=(90, "2846873"),
    )
    d.add(
        "rapport_t2",
        "repetition",
        "Rapport : thématique 2 (8 606 424.06 €) = article 2",
        (8029, "8606424.06"),
        autre=(96, "8606424.06"),
    )
    d.add(
        "rapport_t3",
        "repetition",
        "Rapport : thématique 3 (785 000 € hors FSL et MASP) = article 3",
        (8066, "785000"),
        autre=(102, "785000"),
    )
    d.add(
        "annexe1_ref_solidarite",
        "repetition",
        "Annexe 1 : référent solidarité 773 520 € = TOTAL du tableau",
        (240, "773520"),
        autre=(2158, "773520"),
    )
    d.add(
        "annexe1_socioprof",
        "repetition",
        "Annexe 1 : socioprofessionnel 1 565 228 € = TOTAL du tableau",
        (280, "1565228"),
        autre=(2320, "1565228"),
        check=False,
    )
    d.entries[-1]["total"]["texte"] = "pour un montant total de 1 565 / 228 € (l.280-281)"
    d.add(
        "annexe1_plie",
        "repetition",
        "Annexe 1 : PLIE 508 125 € = TOTAL du tableau",
        (339, "508125"),
        autre=(2338, "508125"),
    )
    d.add(
        "annexe2_pacte_iae",
        "repetition",
        "Annexe 2 : Pacte Ambition IAE 255 000 € = TOTAL du tableau de l'annexe 4",
        (398, "255000"),
        autre=(2360, "225000"),
        commentaire="faute de frappe probable (chiffres inversés) : 50 postes × 4 500 "
        "= 225 000 et le total de la thématique 2 ne tient qu'avec 225 000",
    )
    d.add(
        "annexe2_ai_montant",
        "repetition",
        "Annexe 2 : associations intermédiaires 1 233 180 € = TOTAL annexe 4",
        (550, "1233180"),
        autre=(2454, "1233180"),
    )
    d.add(
        "annexe2_ai_postes",
        "repetition",
        "Annexe 2 : 527 postes = somme des postes du tableau de l'annexe 4 (547)",
        (549, 527),
        autre=(2418, 547),
        check=False,
        commentaire="écart 20 = TRAVAIL PARTAGES 62 imprimé 35 postes "
        "pour 35 100 € (15 postes au taux de 2 340 €)",
    )
    d.add(
        "ai_travail_partages_taux",
        "quantite_x_taux",
        "TRAVAIL PARTAGES 62 : 35 postes × 195 €/mois × 12 (taux imprimé l.524) = montant",
        (2418, "35100"),
        calcul=35 * 195 * 12,
        commentaire="35 100 € = 15 postes × 2 340 € : « 35 » probablement pour « 15 »",
    )
    d.add(
        "annexe2_chantiers_montant",
        "somme",
        "Annexe 2 : chantiers d'insertion 4 988 906.82 € = 2 tableaux de l'annexe 4",
        (626, "4988906.82"),
        [(2505, "1298156"), (2573, "3690750.82")],
    )
    d.add(
        "annexe2_chantiers_postes",
        "repetition",
        "Annexe 2 : 1380 postes = postes des 2 tableaux de l'annexe 4 (1 385 lus, AAEPM à 16 puis 8 postes)",
        (625, 1380),
        autre=(2505, 1385),
        check=False,
        commentaire="lecture incertaine : l'AAEPM imprime deux nombres de postes",
    )
    d.add(
        "annexe2_eval_mde",
        "repetition",
        "Annexe 2 : MDE évaluation des compétences 47 760 € = annexe 4 (44 760,00)",
        (1275, "47760"),
        autre=(2803, "44760"),
        commentaire="faute de frappe probable : un seul chiffre "
        "diffère ; le TOTAL 58 486 ne tient qu'avec 44 760",
    )
    d.add(
        "annexe2_eval_total",
        "somme",
        "Annexe 2 : MDE 47 760 + PBI 13 726 = TOTAL op. 15 de l'annexe 4 (58 486)",
        (2805, "58486"),
        [(1275, "47760"), (1277, "13726")],
    )
    d.add(
        "dsf_annexe3_vs_annexe5",
        "repetition",
        "DSF : 249 480 € (annexe 3 / annexe 4) = annexe 5 DSF + portes closes (213 529,70 + 26 014,80)",
        (1858, "249480"),
        autre=(3231, "239544.50"),
        commentaire="écart 9 935,50 €",
    )
    d.add(
        "dsf_annexe4_vs_annexe3",
        "repetition",
        "DSF : annexe 4 (249 480) = annexe 3",
        (2958, "249480"),
        autre=(1858, "249480"),
    )
    for nom, l3, l4, v, v5 in (
        ("asll", 1698, 2921, "2539306", "2539306.80"),
        ("aml", 1759, 2934, "327985", "327985.20"),
        ("fal", 1794, 2945, "678161", "678161.20"),
    ):
        d.add(
            f"{nom}_annexe3_vs_annexe4",
            "repetition",
            f"{nom.upper()} : annexe 3 = annexe 4",
            (l3, v),
            autre=(l4, v),
        )
        d.add(
            f"{nom}_annexe3_vs_annexe5",
            "repetition",
            f"{nom.upper()} : annexe 3 (arrondi à l'euro) = annexe 5",
            (l3, v),
            autre=(3231, v5),
            calcul=D(v),
            commentaire=f"annexe 5 : {v5} (centimes arrondis)",
        )
    d.add(
        "annexe5_cumul",
        "somme",
        "Annexe 5, Totaux : ASLL + AML + DSF + portes closes = cumul",
        (3231, "3106836.50"),
        [(3231, "2539306.80"), (3231, "327985.20"), (3231, "213529.70"), (3231, "26014.80")],
    )
    d.add(
        "annexe5_dsf_pc",
        "somme",
        "Annexe 5, Totaux : DSF + portes closes = 239 544,50",
        (3231, "239544.50"),
        [(3231, "213529.70"), (3231, "26014.80")],
    )
    d.add(
        "annexe5_total",
        "somme",
        "Annexe 5, Totaux : cumul + FAL = total",
        (3231, "3784997.70"),
        [(3231, "3106836.50"), (3231, "678161.20")],
    )
    d.add(
        "precarite_energetique",
        "somme",
        "FSL précarité énergétique : 257 420 € = FACE 211 120 + CCAS "
        "Calais 11 300 + CPIE 10 000 + Demain 10 000 + PIMMS 15 000",
        (1640, "257420"),
        [(3283, "211120"), (3308, "11300"), (None, "10000"), (None, "10000"), (3401, "15000")],
        commentaire="lignes des deux 10 000 de l'annexe 6 non citées",
    )
    d.add(
        "sorties_positives_9pc",
        "pourcentage",
        "2 889 sorties positives « 9 % » des 33 073 bénéficiaires accompagnés",
        (224, 9),
        calcul=D(2889) / D(33073) * 100,
        check=False,
    )
    d.entries[-1]["total"]["texte"] = "Les sorties positives représentent 9% du total des bénéficiaires"
    for line, nom, q, v in (
        (2222, "TOUS PARRAINS", 66, "11458"),
        (2234, "PIF", 540, "75875"),
        (2301, "CHEVAL BLEU", 50, "12500"),
        (2314, "ID Formation", 538, "70020"),
    ):
        d.add(
            f"socioprof_taux_l{line}",
            "quantite_x_taux",
            f"Accompagnement socioprofessionnel, {nom} : {q} places × "
            "125 € (taux de 63 lignes sur 67, non imprimé) = montant",
            (line, v),
            calcul=q * 125,
            commentaire="taux implicite, non imprimé : à vérifier (les "
            "totaux du tableau confirment les montants imprimés)",
        )
    d.write()
    return d


# ============================================================================ 004 (N°2026-187)
def doc004():
    d = Doc("004_e37b75b9ee91e13a")
    arts = {
        "1": (71, "7160596.73", 1489),
        "2": (75, "100000", 1493),
        "4": (79, "500412.99", 1497),
        "5": (83, "6495056.24", 1501),
    }
    for t, (line, v, lr) in arts.items():
        d.add(
            f"art_t{t}_vs_rapport",
            "repetition",
            f"Thématique {t} : article = exposé du rapport (§II)",
            (line, v),
            autre=(lr, v),
        )
    for t, line in (("1", 1507), ("2", 1508), ("4", 1509), ("5", 1510)):
        d.add(
            f"art_t{t}_vs_proposition",
            "repetition",
            f"Thématique {t} : article = proposition du rapport (§III)",
            (arts[t][0], arts[t][1]),
            autre=(line, arts[t][1]),
        )
    d.add(
        "rapport_t1_dispositifs",
        "somme",
        "Article 1 = dispositifs 1.1 à 1.5 du rapport",
        (71, "7160596.73"),
        [(197, "491275.20"), (201, "4831610"), (205, "1314031.53"), (209, "300000"), (213, "223680")],
    )
    d.add(
        "rapport_t2_dispositifs",
        "somme",
        "Article 2 = dispositif 2.1 (le 2.2 est financé par le FSL, 18 000 €, hors budget)",
        (75, "100000"),
        [(222, "100000")],
    )
    d.add(
        "rapport_t4_dispositifs",
        "somme",
        "Article 3 = dispositifs 4.1 + 4.3 + 4.4",
        (79, "500412.99"),
        [(238, "6000"), (242, "464412.99"), (246, "30000")],
    )
    d.add(
        "rapport_t5_dispositifs",
        "somme",
        "Article 4 = dispositifs 5.1, 5.3, 5.5 à 5.10",
        (83, "6495056.24"),
        [
            (254, "370880"),
            (258, "527461.28"),
            (262, "3069411.21"),
            (266, "108000"),
            (270, "656988.73"),
            (274, "207712"),
            (278, "1230750.04"),
            (282, "323852.98"),
        ],
    )
    dep = [
        (105, "7531476.73"),
        (106, "527461.28"),
        (107, "464412.99"),
        (108, "6000"),
        (109, "5596714.96"),
        (110, "100000"),
        (111, "30000"),
    ]
    d.add(
        "imputation_vs_total_general",
        "somme",
        "Article 9 : somme des dépenses = Total général de l'annexe 6",
        (519, "14256065.96"),
        dep,
    )
    d.add(
        "articles_vs_total_general",
        "somme",
        "Articles 1 + 2 + 3 + 4 = Total général de l'annexe 6",
        (519, "14256065.96"),
        [(71, "7160596.73"), (75, "100000"), (79, "500412.99"), (83, "6495056.24")],
    )
    d.add(
        "imputation_c02_446a05",
        "somme",
        "C02-446A05 (7 531 476,73) = thématique 1 + dispositif 5.1",
        (105, "7531476.73"),
        [(71, "7160596.73"), (254, "370880")],
        commentaire="rattachement déduit des montants (non imprimé)",
    )
    d.add(
        "imputation_c01_444h02",
        "somme",
        "C01-444H02 (5 596 714,96) = thématique 5 hors 5.1 et 5.3",
        (109, "5596714.96"),
        [(83, "6495056.24"), (254, "-370880"), (258, "-527461.28")],
    )
    for line, v, lr, nom in (
        (106, "527461.28", 258, "5.3"),
        (107, "464412.99", 242, "4.3"),
        (108, "6000", 238, "4.1"),
        (110, "100000", 222, "2.1"),
        (111, "30000", 246, "4.4"),
    ):
        d.add(
            f"imputation_{nom}",
            "repetition",
            f"Imputation ligne {line} = dispositif {nom} du rapport",
            (line, v),
            autre=(lr, v),
        )
    rap = [
        (1519, "8936809.96", "7531476.73", "1405333.23"),
        (1520, "527461.28", "527461.28", "0"),
        (1521, "1244860", "464412.99", "780447.01"),
        (1522, "139468.65", "6000", "133468.65"),
        (1523, "10082910", "5596714.96", "4486195.04"),
        (1524, "100000", "100000", "0"),
        (1525, "600000", "30000", "570000"),
    ]
    for (line, dispo, prop, solde), (ld, vd) in zip(rap, dep, strict=False):
        d.add(
            f"solde_l{line}",
            "somme",
            f"Rapport l.{line} : Disponible − Proposition = Solde",
            (line, solde),
            [(line, dispo), (line, "-" + prop)],
        )
        d.add(
            f"delib_vs_rapport_l{ld}",
            "repetition",
            f"Dépense de la délibération l.{ld} = proposition du rapport l.{line}",
            (ld, vd),
            autre=(line, prop),
        )
    # --- Annexe 6: the amount column read as a sequence (see COMPARAISON.md); T = thématique
    terr = [
        # territory, [(T, total line, total, [(line, part)])], territory total (line, value) or None
        (
            "ARRAGEOIS",
            [
                ("1", 296, "662623.86", [(287, "107076"), (289, "393840"), (294, "161707.86")]),
                ("4", 299, "52000", [(297, "52000")]),
                (
                    "5",
                    313,
                    "1105885.11",
                    [
                        (300, "88000"),
                        (302, "441000"),
                        (308, "68831.23"),
                        (309, "438446.40"),
                        (311, "69607.48"),
                    ],
                ),
            ],
            (314, "1820508.97"),
        ),
        (
            "ARTOIS",
            [
                ("1", 333, "1231480", [(315, "1017680"), (331, "213800")]),
                ("4", 339, "52000", [(335, "52000")]),
                ("5", 344, "706237", [(341, "310200"), (342, "93348"), (342, "266689"), (344, "36000")]),
            ],
            (345, "1989717"),
        ),
        (
            "AUDOMAROIS",
            [
                ("1", 346, "578060", [(346, "360160"), (346, "217900")]),
                ("4", 347, "52000", [(347, "52000")]),
                ("5", 350, "391520.90", [(348, "286700"), (349, "72799.50"), (350, "32021.40")]),
            ],
            (351, "1021580.90"),
        ),
        (
            "BOULONNAIS",
            [
                ("1", 371, "625483.67", [(352, "404840"), (352, "220643.67")]),
                ("4", 373, "52000", [(372, "52000")]),
                ("5", 383, "700029.04", [(374, "485092.80"), (379, "184134.64"), (381, "30801.60")]),
            ],
            (384, "1377532.71"),
        ),
        (
            "CALAISIS",
            [
                (
                    "1",
                    395,
                    "603440",
                    [
                        (386, "372200"),
                        (387, "4980"),
                        (388, "18920"),
                        (389, "9460"),
                        (390, "45800"),
                        (391, "62480"),
                        (392, "44800"),
                        (393, "44800"),
                    ],
                ),
                ("4", 397, "52000", [(396, "52000")]),
                (
                    "5",
                    409,
                    "692157.90",
                    [(398, "458148.40"), (403, "64009.50"), (404, "142400"), (406, "27600")],
                ),
            ],
            (410, "1347597.90"),
        ),
        (
            "DEPARTEMENT",
            [
                ("1", 420, "1028040", [(411, "504360"), (415, "300000"), (418, "223680")]),
                ("2", 424, "100000", [(421, "100000"), (424, "0")]),
                ("4", 426, "30000", [(426, "30000")]),
                (
                    "5",
                    431,
                    "1026661.28",
                    [(427, "108000"), (428, "318000"), (428, "73200"), (430, "527461.28")],
                ),
            ],
            (432, "2184701.28"),
        ),
        (
            "HENIN-CARVIN",
            [
                ("1", 443, "732564.20", [(433, "384199.20"), (435, "248200"), (442, "100165")]),
                ("4", 445, "52000", [(444, "52000")]),
                ("5", 448, "239479.80", [(447, "83700"), (447, "155779.80")]),
            ],
            (449, "1024044"),
        ),
        (
            "LENS-LIEVIN",
            [
                ("1", 472, "1310905", [(450, "911090"), (469, "399815")]),
                ("4", 475, "58000", [(473, "6000"), (474, "52000")]),
                (
                    "5",
                    487,
                    "941982.20",
                    [
                        (476, "282880"),
                        (477, "97200"),
                        (478, "172800"),
                        (479, "61200"),
                        (480, "68890.20"),
                        (481, "51300"),
                        (482, "44000"),
                        (483, "41200"),
                        (484, "35880"),
                        (485, "49672"),
                        (486, "36960"),
                    ],
                ),
            ],
            None,
        ),
        (
            "MONTREUILLOIS",
            [
                ("1", 495, "230680", [(489, "230680")]),
                ("4", 498, "52000", [(496, "52000")]),
                ("5", 507, "54622.50", [(499, "289400.01"), (505, "54622.50")]),
            ],
            (508, "626702.51"),
        ),
        (
            "TERNOIS",
            [
                ("1", 509, "157320", [(509, "92100"), (509, "65220")]),
                ("4", 511, "48412.99", [(511, "48412.99")]),
                ("5", 517, "347080.50", [(513, "108000"), (513, "40000.50"), (516, "199080")]),
            ],
            (518, "552813.49"),
        ),
    ]
    computed: dict[str, dict[str, D]] = {}
    coms = {
        (
            "BOULONNAIS",
            None,
        ): "faute de frappe probable : 625 483,67 + 52 000 + 700 029,04 = 1 377 512,71 ; un "
        "seul chiffre diffère (3/1), et le Total général ne tient qu'avec 1 377 512,71",
        (
            "MONTREUILLOIS",
            "5",
        ): "la ligne « Total THEMATIQUE 5 » (l.507) porte 54 622,50, le seul "
        "montant des clauses ; le vrai total T5 (289 400,01 + 54 622,50) n'est "
        "imprimé nulle part, et le total du territoire 626 702,51 le suppose",
        (
            "ARTOIS",
            None,
        ): "montant imprimé sur la ligne « Total THEMATIQUE 5 » (l.345) : "
        "c'est le total du territoire (pas de ligne « Total ARTOIS »)",
        (
            "AUDOMAROIS",
            None,
        ): "montant imprimé sur la ligne « Total THEMATIQUE 5 » (l.351) : total du territoire, jamais nommé",
        ("ARRAGEOIS", None): "montant seul en fin de bloc, libellé « Total ARRAGEOIS » absent",
    }
    for name, themes, ttot in terr:
        for t, line, v, parts in themes:
            computed.setdefault(t, {})[name] = sum((D(p[1]) for p in parts), D(0))
            d.add(
                f"annexe6_{name.lower()}_t{t}",
                "somme",
                f"Annexe 6, {name} : total thématique {t} = sous-totaux "
                "d'opération (colonne des montants lue dans l'ordre)",
                (line, v),
                parts,
                commentaire=coms.get((name, t), ""),
            )
        tot_parts = [
            (line if computed[t][name] == D(v) else None, str(computed[t][name]), f"T{t}")
            for t, line, v, parts in themes
        ]
        if ttot:
            d.add(
                f"annexe6_{name.lower()}_territoire",
                "somme",
                f"Annexe 6, {name} : total du territoire = totaux des thématiques",
                ttot,
                tot_parts,
                check=True,
                commentaire=coms.get((name, None), ""),
            )
    # misprinted thématique total lines (label "Total THEMATIQUE n" with another figure)
    d.add(
        "annexe6_boulonnais_t1_bis",
        "repetition",
        "Annexe 6, BOULONNAIS : « Total THEMATIQUE 1 » l.354 (1 021 580,90) = « Total THEMATIQUE 1 » l.371",
        (354, "1021580.90"),
        autre=(371, "625483.67"),
        commentaire="deux totaux T1 différents pour le Boulonnais ; 1 021 580,90 est le total "
        "du territoire Audomarois (l.351), recopié avec le bloc dupliqué l.352-369",
    )
    d.add(
        "annexe6_montreuillois_t4_label",
        "repetition",
        "Annexe 6, MONTREUILLOIS : montant de la ligne « "
        "Total THEMATIQUE 4 » (289 400,01) = total T4 (52 000)",
        (499, "289400.01"),
        autre=(498, "52000"),
        commentaire="289 400,01 est le sous-total ACI (54 000 + 99 000 + "
        "86 400 + 50 000,01) imprimé sur la ligne de total T4",
    )
    # sub-totals of operation that do not match their rows
    for nom, line, v, parts, com in (
        (
            "arrageois_op2",
            289,
            "393840",
            [(290, "26880"), (291, "138880"), (292, "183280"), (293, "44800")],
            "",
        ),
        (
            "arrageois_aci",
            302,
            "441000",
            [(303, "75600"), (304, "79200"), (305, "81000"), (306, "151200"), (307, "54000")],
            "",
        ),
        (
            "artois_op2",
            315,
            "1017680",
            [
                (316, "44800"),
                (317, "22400"),
                (318, "157840"),
                (319, "33600"),
                (320, "132940"),
                (321, "4480"),
                (322, "44800"),
                (323, "13440"),
                (324, "8960"),
                (325, "22400"),
                (326, "224780"),
                (327, "33860"),
                (328, "106060"),
                (329, "49800"),
                (330, "99600"),
            ],
            "montant manquant dans le texte : 17 920 = 56 places × 320 € (CCAS "
            "d'Isbergues) ; lecture incertaine plutôt qu'erreur du document",
        ),
        ("artois_op7", 342, "266689", [(343, "42439"), (343, "51450"), (343, "172800")], ""),
        (
            "audomarois_op2",
            346,
            "360160",
            [(346, "13440"), (346, "44800"), (346, "255840"), (346, "46080")],
            "",
        ),
        ("audomarois_aci", 348, "286700", [(349, "116100"), (349, "50000"), (349, "120600")], ""),
        (
            "boulonnais_op2",
            352,
            "404840",
            [
                (352, x)
                for x in (
                    "13940",
                    "17920",
                    "146400",
                    "22400",
                    "9960",
                    "22400",
                    "14440",
                    "4980",
                    "24400",
                    "43320",
                    "22400",
                    "16680",
                    "45600",
                )
            ],
            "",
        ),
        (
            "boulonnais_aci",
            374,
            "485092.80",
            [(375, "151200"), (376, "53092.80"), (377, "129600"), (378, "151200")],
            "",
        ),
        (
            "calaisis_aci",
            398,
            "458148.40",
            [(399, "91800"), (400, "147322.80"), (401, "164425.60"), (402, "54600")],
            "",
        ),
        ("departement_op2", 411, "504360", [(412, "179200"), (413, "160820"), (414, "164340")], ""),
        (
            "henin_op2",
            435,
            "248200",
            [(436, "62240"), (437, "34360"), (438, "4480"), (439, "39840"), (440, "31360"), (441, "44560")],
            "31 360 manquent (8 structures nommées pour 6 montants) : "
            "montant perdu à l'extraction probable, lecture incertaine",
        ),
        ("henin_aci", 446, "239479.80", [(447, "83700"), (447, "155779.80")], ""),
        (
            "lens_op2",
            450,
            "911090",
            [
                (line, v)
                for line, v in (
                    (451, "165800"),
                    (452, "89600"),
                    (453, "15680"),
                    (454, "67200"),
                    (455, "22400"),
                    (456, "67200"),
                    (457, "32640"),
                    (458, "90880"),
                    (459, "6720"),
                    (460, "15680"),
                    (461, "44800"),
                    (462, "67200"),
                    (463, "24640"),
                    (464, "13440"),
                    (465, "76160"),
                    (466, "97600"),
                    (468, "13450"),
                )
            ],
            "",
        ),
        (
            "lens_op3",
            469,
            "399815",
            [(470, "50000"), (471, "249815")],
            "le montant propre de 3ID (100 000 attendus) n'est pas imprimé : lecture incertaine",
        ),
        (
            "lens_op6",
            274,
            "207712",
            [(482, "44000"), (483, "41200"), (484, "35880"), (485, "49672"), (486, "36960")],
            "= dispositif 5.8 du rapport",
        ),
        (
            "montreuillois_op2",
            489,
            "230680",
            [(490, "134400"), (491, "59800"), (492, "9600"), (493, "4480"), (494, "11200")],
            "11 200 manquent (6 noms pour 5 montants) : lecture incertaine",
        ),
        (
            "montreuillois_aci",
            499,
            "289400.01",
            [(500, "54000"), (501, "99000"), (502, "86400"), (503, "50000.01")],
            "centime « ,01 » : arrondi probable",
        ),
        ("ternois_op2", 509, "157320", [(509, "92100"), (509, "65220")], ""),
    ):
        d.add(
            f"annexe6_{nom}_lignes",
            "somme",
            f"Annexe 6, sous-total {nom} = montants des structures",
            (line, v),
            parts,
            commentaire=com,
        )
    for t, (line, v, _) in arts.items():
        parts = [(None, str(x), n) for n, x in computed.get(t, {}).items()]
        d.add(
            f"annexe6_territoires_t{t}",
            "somme",
            f"Article (thématique {t}) = somme des totaux territoriaux de la thématique {t} de l'annexe 6",
            (line, v),
            parts,
        )
    tot = [
        (None, "1820508.97", "ARRAGEOIS"),
        (None, "1989717", "ARTOIS"),
        (None, "1021580.90", "AUDOMAROIS"),
        (None, "1377512.71", "BOULONNAIS (recalculé)"),
        (None, "1347597.90", "CALAISIS"),
        (None, "2184701.28", "DEPARTEMENT"),
        (None, "1024044", "HENIN-CARVIN"),
        (None, "2310887.20", "LENS-LIEVIN (non imprimé)"),
        (None, "626702.51", "MONTREUILLOIS"),
        (None, "552813.49", "TERNOIS"),
    ]
    d.add(
        "annexe6_total_general_territoires",
        "somme",
        "Total général = somme des 10 totaux de territoire (Boulonnais recalculé, Lens-Liévin non imprimé)",
        (519, "14256065.96"),
        tot,
    )
    # quantities, rates, percentages of the report and annexe 1
    d.add(
        "t1_op1_etp",
        "somme",
        "Dispositif 1.1 : 5 ETP = 1 (Arrageois) + 4 (Hénin-Carvin)",
        (197, 5),
        [(287, 1), (433, 4)],
        check=False,
    )
    d.add(
        "t1_op1_dsp",
        "somme",
        "Dispositif 1.1 : 536 DSP = 136 + 400",
        (197, 536),
        [(287, 136), (433, 400)],
        check=False,
    )
    d.add(
        "t1_op1_places",
        "somme",
        "Dispositif 1.1 : 302 places = 57 + 245",
        (197, 302),
        [(287, 57), (433, 245)],
        check=False,
    )
    d.add(
        "t5_op1_dsp",
        "somme",
        "Dispositif 5.1 : 1 064 DSP = 264 (Arrageois) + 800 (Lens-Liévin)",
        (254, 1064),
        [(301, 264), (476, 800)],
        check=False,
    )
    d.add(
        "t5_op1_places",
        "somme",
        "Dispositif 5.1 : 524 places = 118 + 406",
        (254, 524),
        [(301, 118), (476, 406)],
        check=False,
    )
    d.add(
        "t4_op2_missions_locales",
        "somme",
        "Dispositif 4.3 : 464 412,99 = 8 missions locales × 52 000 + 48 412,99 (Ternois)",
        (242, "464412.99"),
        [(None, "416000", "8 × 52 000"), (511, "48412.99")],
    )
    d.add(
        "bilan_gep",
        "somme",
        "Bilan 2.8 : 962 professionnels = 587 (groupes) + 375 (sessions)",
        (150, 962),
        [(150, 587), (150, 375)],
    )
    d.add(
        "bilan_neet_74pc",
        "pourcentage",
        "Bilan 5.4 : 597 jeunes NEET « soit 74 % » des 807 accompagnés",
        (179, 74),
        calcul=D(597) / D(807) * 100,
        check=False,
    )
    d.add(
        "bilan_parcours_6277",
        "pourcentage",
        "Bilan 5.4 : 506 jeunes « soit 62,77 % » des 807",
        (179, "62.77"),
        calcul=D(506) / D(807) * 100,
        check=False,
        commentaire="506/807 = 62,70 %",
    )
    d.entries[-1]["tient"] = False
    d.add(
        "bilan_sorties_ca_3047",
        "pourcentage",
        "Bilan 5.3 : 273 sorties « (30,47 %) » des 896",
        (179, "30.47"),
        calcul=D(273) / D(896) * 100,
        check=False,
    )
    d.add(
        "bilan_coordo_ase_476",
        "pourcentage",
        "Bilan 4.3 : 34 / 71 jeunes « soit 47,6 % »",
        (173, "47.6"),
        calcul=D(34) / D(71) * 100,
        check=False,
        commentaire="34/71 = 47,9 %",
    )
    d.entries[-1]["tient"] = False
    d.add(
        "bilan_emploi_60pc",
        "pourcentage",
        "Bilan 3.1 : 119 salariés restés sur 197 « 60 % »",
        (156, 60),
        calcul=D(119) / D(197) * 100,
        check=False,
    )
    d.add(
        "bilan_51_sorties",
        "somme",
        "Bilan 5.1 : 13 495 accompagnés = 1 310 en cours + 12 185 sorties",
        (179, 13495),
        [(179, 1310), (179, 12185)],
        check=False,
    )
    d.add(
        "bilan_53_sorties",
        "somme",
        "Bilan 5.3 : 1 495 accompagnés = 812 en cours + 896 sorties",
        (179, 1495),
        [(179, 812), (179, 896)],
        check=False,
        commentaire="relation supposée (elle tient pour 5.1) : 1 708 ≠ 1 495, à confirmer",
    )
    d.add(
        "faj_acompte",
        "somme",
        "Avenant FAJ : acompte 27 600 € = 24 000 déjà versés + 3 600",
        (1372, "27600"),
        [(1372, "24000"), (1372, "3600")],
    )
    for e in d.entries:
        if e["type"] == "pourcentage" and e["id"] in (
            "bilan_neet_74pc",
            "bilan_sorties_ca_3047",
            "bilan_emploi_60pc",
        ):
            e["commentaire"] = e["commentaire"] or "arrondi"
    d.write()
    return d


if __name__ == "__main__":
    for f in (doc000, doc001, doc002, doc003, doc004):
        doc = f()
        bad = [e for e in doc.entries if not e["tient"]]
        print(
            f"{doc.stem}: {len(doc.entries)} contrôles, "
            f"{len(doc.entries) - len(bad)} tiennent, {len(bad)} ne tiennent pas"
        )
        for w in doc.warnings:
            print("  !", w)
