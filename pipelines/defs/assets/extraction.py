"""Stages 1-2, reading and extraction: one unit of work per document, cached by content.

Each document of the source folder is read, fingerprinted and, when its output is not in the
cache (``warehouse/extraits/<sha256>-<parser version>/``), parsed by the pure parsers of
``pipelines.extract`` in a process pool. The ``raw`` tables are then loaded from the
per-document Parquet files. Each document is a partition of ``extraits/document`` (dynamic
partitions ``documents``): the UI shows when each one was extracted.
"""

from pathlib import Path

import dagster as dg

from pipelines import settings
from pipelines.document_cache import cache_dir, extract_folder, load_raw_tables, parser_version, quarantine
from pipelines.frames import EXTRACTED_TABLES

from ..resources import SourceDocuments, Warehouse

DOCUMENT_PARTITIONS = dg.DynamicPartitionsDefinition(name="documents")
PER_DOCUMENT = dg.AssetKey(["extraits", "document"])

INGESTED = {
    "documents": "Documents lus : identifiant, fichier, sha256, taille, encodage, nombre de lignes.",
    "documents_rejetes": (
        "Documents mis en quarantaine, avec la raison (illisible, doublon, erreur de lecture d'un parseur)."
    ),
    "lignes_source": "Texte des documents lus, une ligne par ligne du fichier source.",
}
DESCRIPTIONS = {
    "deliberations": "Métadonnées de chaque délibération : numéro, instance, date de séance, titre, votes.",
    "montants_articles": "Montants en euros cités dans les articles de la décision, avec la ligne source.",
    "montants_rapport": (
        "Montants en euros que le rapport du Président propose (« Il convient de statuer... »)."
    ),
    "lignes_budgetaires": (
        "Lignes des tableaux d'imputation budgétaire (délibération et rapport), une par code opération."
    ),
    "lignes_non_lues": "Lignes ou cellules de tableaux que les parseurs n'ont pas pu lire, avec la raison.",
    "actions": "Fiches action des contrats (CLS, convention France Travail) : code, axe, intitulé, lignes.",
    "budgets_actions": "Cellules des tableaux « Budget de l'action » des fiches : année, financeur, montant.",
    "plans_financiers": (
        "Tableau financier du contrat par fiche action (Annexe 3 du CLS), sous-totaux et totaux."
    ),
    "axes": "Axes du contrat tels qu'imprimés dans le tableau des actions.",
    "indicateurs_valeurs": (
        "Cibles et résultats des indicateurs (locaux, nationaux des fiches, tableau national), une valeur "
        "par année."
    ),
    "subventions": (
        "Financements par structure lus dans les tableaux des annexes (ou le texte), tels qu'imprimés."
    ),
    "totaux_imprimes": (
        "Totaux imprimés (tableaux, thématiques, territoires, articles), contrôlés contre les subventions."
    ),
    "bilans": "Chiffres réalisés de la colonne « Bilan » du tableau des dispositifs.",
    "chiffres_texte": (
        "Chiffres écrits dans les phrases (bilans, cibles, co-financements, totaux, taux), lus par les "
        "règles de prose."
    ),
    "chiffres_imprimes": (
        "Chaque montant et pourcentage imprimé, avec sa ligne, sa phrase et la règle de contexte qui le juge."
    ),
    "cellules_tableaux_financiers": (
        "Cellules des tableaux financiers annexes (Annexe 11 du CLS, plan de financement France Travail)."
    ),
}

# The per-document outputs: materialized by the `raw` asset below, one partition per document.
per_document = dg.AssetSpec(
    PER_DOCUMENT,
    partitions_def=DOCUMENT_PARTITIONS,
    group_name="extraction",
    kinds={"python", "parquet"},
    description=(
        "Sortie de l'extraction d'un document (une partition par document) : ses tables en Parquet sous "
        "warehouse/extraits/<sha256>-<version des parseurs>/, "
        "relues tant que le fichier et les parseurs ne changent pas."
    ),
)

SPECS = [
    *(
        dg.AssetSpec(
            dg.AssetKey(["raw", t]), description=d, group_name="ingestion", kinds={"python", "duckdb"}
        )
        for t, d in INGESTED.items()
    ),
    *(
        dg.AssetSpec(
            dg.AssetKey(["raw", t]),
            description=DESCRIPTIONS[t],
            group_name="extraction",
            kinds={"python", "polars", "duckdb"},
        )
        for t in EXTRACTED_TABLES
    ),
]


@dg.multi_asset(specs=SPECS)
def extraction(context: dg.AssetExecutionContext, sources: SourceDocuments, warehouse: Warehouse):
    folder = Path(sources.folder)
    if not folder.is_dir():
        raise dg.Failure(f"Dossier des délibérations introuvable : {folder}")
    outcomes = extract_folder(folder, cache_dir(warehouse.database), log=context.log.info)
    kept, rejected = quarantine(outcomes)
    for r in rejected:
        context.log.warning(f"Quarantaine : {r['fichier']} — {r['raison']}")
    new = [o for o in outcomes if o.extrait and o.erreur is None and o.folder]
    known = set(context.instance.get_dynamic_partitions(DOCUMENT_PARTITIONS.name))
    added = sorted({o.doc_id for o in kept} - known)
    if added:
        context.instance.add_dynamic_partitions(DOCUMENT_PARTITIONS.name, added)
    for o in new:
        if o.doc_id in {k.doc_id for k in kept}:
            yield dg.AssetMaterialization(
                asset_key=PER_DOCUMENT,
                partition=o.doc_id,
                metadata={
                    "fichier": o.fichier,
                    "sha256": o.sha256,
                    "lignes": o.nb_lignes,
                    "secondes": round(o.secondes, 3),
                    "version_parseurs": parser_version(),
                    "dossier": dg.MetadataValue.path(o.folder),
                },
            )
    with warehouse.connect(memory_limit=settings.ingestion_memory_limit()) as con:
        counts = load_raw_tables(con, kept, rejected)
    context.log.info(
        f"{len(kept)} document(s) lu(s) dont {len(new)} extrait(s) par ce run, "
        f"{len(rejected)} rejeté(s) dans {folder}"
    )
    for spec in SPECS:
        yield dg.MaterializeResult(asset_key=spec.key, metadata={"lignes": counts[spec.key.path[-1]]})
