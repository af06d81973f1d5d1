select doc_id, article, libelle, montant_eur, ligne
from {{ ref('stg_montants_articles') }}
