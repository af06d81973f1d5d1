-- documents in quarantine (int_documents_quarantaine) are left out
select
    doc_id,
    fichier,
    sha256,
    taille_octets,
    encodage,
    nb_lignes
from {{ ref('stg_documents') }}
where {{ hors_quarantaine() }}
