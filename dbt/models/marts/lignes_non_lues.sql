select doc_id, ligne, texte, raison
from {{ ref('stg_lignes_non_lues') }}
