-- documents in quarantine (int_documents_quarantaine) are left out
select
    doc_id,
    ligne,
    texte
from {{ ref('stg_lignes_source') }}
where {{ hors_quarantaine() }}
