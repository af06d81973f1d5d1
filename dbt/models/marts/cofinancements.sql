-- The co-financing of each action, year and funder (Total rows and columns are checks,
-- not financing rows).
select
    c.doc_id,
    a.axe_code,
    c.action_code,
    c.annee,
    c.financeur,
    c.part,
    c.montant_eur,
    c.source,
    c.ligne
from {{ ref('int_cofinancements') }} as c
inner join {{ ref('dim_actions') }} as a on a.doc_id = c.doc_id and a.action_code = c.action_code
