-- One row per fiche action. The axis label is the one of the table of actions when the
-- document has one, else the one printed on the first fiche of the axis (fiches of one
-- axis print it in several wordings).
with actions as (
    select * from {{ ref('stg_actions') }}
),

axes as (
    select
        doc_id,
        axe_code,
        trim(regexp_replace(arg_min(axe_imprime, ligne_debut), '^Axe\s+\d+\.?\s*', '')) as axe
    from actions
    group by doc_id, axe_code
)

select
    a.doc_id,
    a.axe_code,
    coalesce(t.axe, x.axe) as axe,
    a.action_code,
    a.action,
    a.code_dans_titre,
    a.ligne_debut,
    a.ligne_fin
from actions as a
inner join axes as x on x.doc_id = a.doc_id and x.axe_code = a.axe_code
left join {{ ref('stg_axes') }} as t on t.doc_id = a.doc_id and t.axe_code = a.axe_code
