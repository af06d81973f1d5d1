-- documents in quarantine (int_documents_quarantaine) are left out
select
    doc_id,
    tableau,
    sens,
    section_budgetaire,
    code_operation,
    imputation,
    libelle,
    ae_eur,
    inscrit_eur,
    disponible_eur,
    montant_eur,
    solde_eur,
    ligne
from {{ ref('stg_lignes_budgetaires') }}
where {{ hors_quarantaine() }}
