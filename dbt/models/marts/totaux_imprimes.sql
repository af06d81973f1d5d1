select doc_id, portee, tableau, thematique, libelle, montant_eur, quantite, ligne
from {{ ref('stg_totaux_imprimes') }}
