-- The fiches actions of each contract as the bilan lists them: axe and action with the citation
-- of the fiche's first line, in the order of the report (contract by date, axe then action by
-- code, 1.10 after 1.9).
select
    a.doc_id,
    a.axe_code,
    a.axe,
    a.action_code,
    a.action,
    a.ligne_debut,
    s.citation,
    cast(row_number() over (
        order by d.ordre, {{ code_ordre("a.axe_code") }}, {{ code_ordre("a.action_code") }}, a.ligne_debut
    ) as integer) as ordre
from {{ ref('dim_actions') }} as a
inner join {{ ref('sources_documents') }} as d on a.doc_id = d.doc_id
left join {{ ref('sources_lignes') }} as s on a.doc_id = s.doc_id and a.ligne_debut = s.ligne
