-- documents in quarantine (int_documents_quarantaine) are left out
select
    doc_id,
    ligne,
    texte,
    raison
from {{ ref('stg_lignes_non_lues') }}
where {{ hors_quarantaine() }}
