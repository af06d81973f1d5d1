"""Stage 2, extraction: the pure parsers of ``pipelines.extract`` run on every document read."""

import dagster as dg

from pipelines.frames import EXTRACTED_TABLES, extraction_frames

from ..resources import Warehouse
from .ingestion import DOCUMENTS, SOURCE_LINES

DESCRIPTIONS = {
    "deliberations": "Métadonnées de chaque délibération : numéro, instance, date de séance, titre, votes.",
    "montants_articles": "Montants en euros cités dans les articles de la décision, avec la ligne source.",
    "montants_rapport": "Montants en euros que le rapport du Président propose (« Il convient de statuer... »).",
    "lignes_budgetaires": "Lignes des tableaux d'imputation budgétaire (délibération et rapport), une par code opération.",
    "lignes_non_lues": "Lignes ou cellules de tableaux que les parseurs n'ont pas pu lire, avec la raison.",
    "actions": "Fiches action des contrats (CLS, convention France Travail) : code, axe, intitulé, lignes.",
    "budgets_actions": "Cellules des tableaux « Budget de l'action » des fiches : année, financeur, montant.",
    "plans_financiers": "Tableau financier du contrat par fiche action (Annexe 3 du CLS), sous-totaux et totaux.",
    "axes": "Axes du contrat tels qu'imprimés dans le tableau des actions.",
    "indicateurs_valeurs": "Cibles et résultats des indicateurs (locaux, nationaux des fiches, tableau national), une valeur par année.",
    "subventions": "Financements par structure lus dans les tableaux des annexes (ou le texte), tels qu'imprimés.",
    "totaux_imprimes": "Totaux imprimés (tableaux, thématiques, territoires, articles), contrôlés contre les subventions.",
    "bilans": "Chiffres réalisés de la colonne « Bilan » du tableau des dispositifs.",
    "chiffres_texte": "Chiffres écrits dans les phrases (bilans, cibles, co-financements, totaux, taux), lus par les règles de prose.",
    "chiffres_imprimes": "Chaque montant et pourcentage imprimé, avec sa ligne, sa phrase et la règle de contexte qui le juge.",
}
EXTRACTED = {table: dg.AssetKey(["raw", table]) for table in EXTRACTED_TABLES}


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            key, description=DESCRIPTIONS[table], deps=[DOCUMENTS, SOURCE_LINES], kinds={"python", "polars", "duckdb"}
        )
        for table, key in EXTRACTED.items()
    ],
    group_name="extraction",
)
def extraction(context: dg.AssetExecutionContext, warehouse: Warehouse):
    lines = warehouse.read_frame(
        "select doc_id, list(texte order by ligne) as lignes from raw.lignes_source group by doc_id"
    )
    corpus = {row["doc_id"]: row["lignes"] for row in lines.iter_rows(named=True)}
    frames = extraction_frames(corpus)
    counts = {}
    for table, key in EXTRACTED.items():
        counts[table] = warehouse.replace_table("raw", table, frames[table])
        yield dg.MaterializeResult(asset_key=key, metadata={"lignes": counts[table]})
    context.log.info(f"Extraction sur {len(corpus)} document(s) : {counts}")
