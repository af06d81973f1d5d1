-- documents in quarantine (int_documents_quarantaine) are left out
select
    doc_id,
    libelle,
    montant_eur,
    ligne
from {{ ref('stg_montants_rapport') }}
where {{ hors_quarantaine() }}
