"""Stage 1, ingestion: read every document of the source folder, quarantine the bad ones."""

from pathlib import Path

import dagster as dg

from pipelines.frames import ingestion_frames
from pipelines.ingest.documents import read_corpus

from ..resources import SourceDocuments, Warehouse

DOCUMENTS = dg.AssetKey(["raw", "documents"])
REJECTED = dg.AssetKey(["raw", "documents_rejetes"])
SOURCE_LINES = dg.AssetKey(["raw", "lignes_source"])
KINDS = {"python", "duckdb"}


@dg.multi_asset(
    specs=[
        dg.AssetSpec(DOCUMENTS, description="Documents lus : identifiant, fichier, sha256, taille, encodage, nombre de lignes.", kinds=KINDS),
        dg.AssetSpec(REJECTED, description="Documents mis en quarantaine, avec la raison.", kinds=KINDS),
        dg.AssetSpec(SOURCE_LINES, description="Texte des documents lus, une ligne par ligne du fichier source.", kinds=KINDS),
    ],
    group_name="ingestion",
)
def ingestion(context: dg.AssetExecutionContext, sources: SourceDocuments, warehouse: Warehouse):
    folder = Path(sources.folder)
    if not folder.is_dir():
        raise dg.Failure(f"Dossier des délibérations introuvable : {folder}")
    documents, rejections = read_corpus(folder)
    for r in rejections:
        context.log.warning(f"Quarantaine : {r.fichier} — {r.raison}")
    context.log.info(f"{len(documents)} document(s) lu(s), {len(rejections)} rejeté(s) dans {folder}")
    frames = ingestion_frames(documents, rejections)
    for key in (DOCUMENTS, REJECTED, SOURCE_LINES):
        n = warehouse.replace_table("raw", key.path[-1], frames[key.path[-1]])
        yield dg.MaterializeResult(asset_key=key, metadata={"lignes": n})
