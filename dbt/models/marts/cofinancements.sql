-- The co-financing of each action, year and funder (Total rows and columns are checks,
-- not financing rows), every version of each contract kept: `en_vigueur` marks the amount
-- of the latest deliberation for the same contract, action, funder and year
-- (int_cofinancements_versions). Documents in quarantine are left out.
select
    c.doc_id,
    c.contrat,
    a.axe_code,
    c.action_code,
    c.annee,
    c.financeur,
    c.part,
    c.montant_eur,
    c.source,
    c.ligne,
    c.en_vigueur
from {{ ref('int_cofinancements_versions') }} as c
inner join {{ ref('dim_actions') }} as a on c.doc_id = a.doc_id and c.action_code = a.action_code
