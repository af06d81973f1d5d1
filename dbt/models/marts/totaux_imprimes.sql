-- documents in quarantine (int_documents_quarantaine) are left out
select doc_id, portee, tableau, thematique, libelle, montant_eur, quantite, ligne
from {{ ref('stg_totaux_imprimes') }}
where {{ hors_quarantaine() }}
