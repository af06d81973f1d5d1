"""Realised figures filled by the services (``raw/realise``): loaded whole, or the build fails."""

from pathlib import Path

import dagster as dg

from pipelines.frames import frame
from pipelines.ingest.realised import failure_message, indicator_catalogue, load_realised

from ..resources import RealisedInputs, Warehouse

REALISED = dg.AssetKey(["raw", "realises_saisis"])
INDICATOR_VALUES = dg.AssetKey(["raw", "indicateurs_valeurs"])


@dg.asset(
    key=REALISED,
    deps=[INDICATOR_VALUES],
    group_name="saisies",
    kinds={"python", "duckdb"},
    description=(
        "Réalisés des indicateurs du CLS saisis par les services (raw/realise, un fichier par année) : "
        "une ligne par indicateur et par année renseignés, avec le fichier et la ligne du tableur."
    ),
)
def realises_saisis(context: dg.AssetExecutionContext, realised_inputs: RealisedInputs, warehouse: Warehouse):
    folder = Path(realised_inputs.folder)
    catalogue = indicator_catalogue(
        warehouse.read_frame(
            "select source, axe_code, action_code, referentiel, indicateur from raw.indicateurs_valeurs"
        )
    )
    rows, problems, notices = load_realised(folder, catalogue)
    for notice in notices:  # the .xlsx and the .csv of one year both filled: which one was read
        context.log.warning(notice)
    if problems:
        raise dg.Failure(description=failure_message(problems, notices))
    n = warehouse.replace_table("raw", REALISED.path[-1], frame(REALISED.path[-1], rows))
    context.log.info(f"{n} réalisé(s) saisi(s) chargé(s) depuis {folder}")
    return dg.MaterializeResult(
        metadata={
            "lignes": n,
            "fichiers": len({r["fichier"] for r in rows}),
            "avertissements": "\n".join(notices),
        }
    )
