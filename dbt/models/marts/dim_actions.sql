-- One row per fiche action. The axis label is the one of the table of actions when the
-- document has one, else the one printed on the first fiche of the axis (fiches of one
-- axis print it in several wordings).
with fiches as (
    select * from {{ ref('stg_actions') }}
    where {{ hors_quarantaine() }}
),

-- actions of a financial table that have no fiche (a convention summed up in one table)
table_only as (
    select
        p.doc_id,
        case when p.action_code like '%.%' then split_part(p.action_code, '.', 1) end as axe_code,
        cast(null as varchar) as axe_imprime,
        p.action_code,
        cast(null as varchar) as code_dans_titre,
        p.action,
        p.ligne as ligne_debut,
        p.ligne as ligne_fin
    from {{ ref('stg_plans_financiers') }} as p
    where p.type_ligne = 'action' and {{ hors_quarantaine('p.doc_id') }}
        and not exists (
            select 1 from fiches as f
            where f.doc_id = p.doc_id and f.action_code = p.action_code
        )
),

actions as (
    select * from fiches
    union all
    select * from table_only
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
left join axes as x on a.doc_id = x.doc_id and a.axe_code = x.axe_code
left join {{ ref('stg_axes') }} as t on a.doc_id = t.doc_id and a.axe_code = t.axe_code
