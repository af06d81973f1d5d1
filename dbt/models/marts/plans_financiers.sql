-- documents in quarantine (int_documents_quarantaine) are left out
select
    doc_id,
    type_ligne,
    axe_code,
    action_code,
    action,
    etat_erbm,
    annee,
    etat_eur,
    departement_eur,
    autres_eur,
    total_eur,
    ligne
from {{ ref('stg_plans_financiers') }}
where {{ hors_quarantaine() }}
