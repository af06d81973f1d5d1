-- Targets of the contracts' indicators, every version of each contract kept: `en_vigueur`
-- marks the value of the latest deliberation for the same contract, action, referential,
-- indicator and year (int_cibles_versions). Documents in quarantine are left out.
select
    doc_id,
    contrat,
    axe_code,
    action_code,
    indicateur,
    referentiel,
    source,
    thematique,
    situation_initiale,
    date_situation_initiale,
    annee,
    cible,
    ligne,
    ligne_indicateur,
    en_vigueur
from {{ ref('int_cibles_versions') }}
