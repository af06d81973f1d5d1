-- documents in quarantine (int_documents_quarantaine) are left out
select
    doc_id,
    article,
    libelle,
    montant_eur,
    ligne
from {{ ref('stg_montants_articles') }}
where {{ hors_quarantaine() }}
