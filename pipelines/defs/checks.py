"""Asset checks, beside the assets they guard.

* great-expectations suites of ``expectations/`` on the extracted tables (``raw.*``):
  blocking, severity ERROR — a broken extraction stops the run before dbt, and the
  published warehouse is left as it was;
* consistency checks on ``marts.anomalies_qualite``: one per control, severity WARN —
  a mismatch in a document is a finding to show, not a reason to stop.
"""

import dagster as dg

from pipelines import settings
from pipelines.quality.ge import load_suite, validate_frame

from .resources import Warehouse

ANOMALIES = dg.AssetKey(["marts", "anomalies_qualite"])

CONTROLS = {
    "articles_vs_imputation": "Somme des montants des articles = total du tableau d'imputation de la délibération.",
    "deliberation_vs_rapport": "Même AE et même montant par code opération dans la délibération et dans le rapport.",
    "solde_rapport": "Disponible − Proposition = Solde dans le tableau du rapport.",
    "articles_vs_rapport": "Chaque montant d'article est repris par le rapport du Président.",
    "budget_action_ligne": "Budget d'une fiche action : la somme des financeurs de chaque ligne = son total.",
    "budget_action_total": "Budget d'une fiche action : la somme des années = la ligne Total, colonne par colonne.",
    "total_etat_departement": "Total d'une fiche action = État + Département (ou d'autres financeurs expliquent l'écart).",
    "plan_vs_fiche": "Tableau financier du contrat (Annexe 3) = budget de la fiche pour la même année.",
    "plan_sous_totaux": "Sous-totaux et totaux du tableau financier = somme de leurs actions.",
    "part_etat_50": "Part de l'État de 50 % pour chaque action du contrat (signalée, non bloquante).",
    "cibles_divergentes": "Un même indicateur imprimé à deux endroits avec des cibles différentes.",
    "recette_etat": "Crédits de l'État des fiches action pour l'année = recette de la délibération.",
    "total_tableau": "Somme des lignes de chaque tableau de structures = son TOTAL imprimé.",
    "total_thematique": "Somme des subventions d'une thématique = total de l'annexe et total décidé par l'article.",
    "total_general": "Somme de toutes les subventions lues = « Total général » imprimé.",
    "subventions_vs_imputation": "Somme des subventions lues = dépense du tableau d'imputation de la délibération.",
    "subvention_doublon": "Même structure, même complément, même montant sur deux lignes (doublon ou montant recopié).",
    "sous_total_en_ligne": "Montant d'une structure égal à la somme des lignes suivantes : sous-total décalé.",
    "montant_hors_taux": "Montant d'une ligne hors du taux unitaire (par place, par poste) de son tableau : chiffre à vérifier.",
    "chiffre_mal_forme": "Nombre imprimé avec un séparateur mal placé (« 2 1559 », « 130.107 ») : non lu.",
}


def _ge_check(suite_path) -> dg.AssetChecksDefinition:
    suite = load_suite(suite_path)
    table = suite["meta"]["table"]
    schema, name = table.split(".")

    @dg.asset_check(
        asset=dg.AssetKey([schema, name]),
        name=f"ge_{name}",
        description=f"Suite great-expectations `expectations/{suite_path.name}` : {suite['meta'].get('notes', '')}",
        blocking=True,
    )
    def _check(warehouse: Warehouse) -> dg.AssetCheckResult:
        frame = warehouse.read_frame(f"select * from {table}")
        result = validate_frame(frame, suite)
        return dg.AssetCheckResult(
            passed=result.success,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={
                "lignes": frame.height,
                "attentes_evaluees": result.evaluated,
                "echecs": [
                    f"{f.expectation}({f.column}) : {f.unexpected_count} valeur(s), ex. {f.examples}"
                    for f in result.failures
                ],
            },
        )

    return _check


def _consistency_check(control: str, description: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(asset=ANOMALIES, name=control, description=description)
    def _check(warehouse: Warehouse) -> dg.AssetCheckResult:
        rows = warehouse.read_frame(
            "select doc_id, ligne, gravite, valeur_declaree, valeur_calculee, message "
            f"from marts.anomalies_qualite where controle = '{control}' order by doc_id, ligne"
        )
        return dg.AssetCheckResult(
            passed=rows.height == 0,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "anomalies": rows.height,
                "detail": [f"{r['doc_id']} l.{r['ligne']} : {r['message']}" for r in rows.head(20).iter_rows(named=True)],
            },
        )

    return _check


ge_checks = [_ge_check(p) for p in sorted(settings.EXPECTATIONS_DIR.glob("*.json"))]
consistency_checks = [_consistency_check(c, d) for c, d in CONTROLS.items()]
