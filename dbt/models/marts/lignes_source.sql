select doc_id, ligne, texte
from {{ ref('stg_lignes_source') }}
