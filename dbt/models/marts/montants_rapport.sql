select doc_id, libelle, montant_eur, ligne
from {{ ref('stg_montants_rapport') }}
