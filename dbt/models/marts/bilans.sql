-- documents in quarantine (int_documents_quarantaine) are left out
select doc_id, annee, dispositif_code, dispositif, indicateur, valeur, unite, ligne, extrait
from {{ ref('stg_bilans') }}
where {{ hors_quarantaine() }}
