-- The co-financing of each action, year and funder, read in the fiches' budget tables
-- (Total rows and columns are checks, not financing rows).
select
    b.doc_id,
    a.axe_code,
    b.action_code,
    b.annee,
    b.financeur,
    b.part,
    b.montant_eur,
    b.ligne
from {{ ref('int_budgets_actions_parts') }} as b
inner join {{ ref('stg_actions') }} as a on a.doc_id = b.doc_id and a.action_code = b.action_code
where b.annee is not null and b.part <> 'total'
