select doc_id, annee, dispositif_code, dispositif, indicateur, valeur, unite, ligne, extrait
from {{ ref('stg_bilans') }}
