-- The co-financing matrix of each contract: État / Département / autres per action and year,
-- with totals per axe and for the contract, per year and over all years (annee null).
-- Every figure is a sum of marts.cofinancements (reconciled by the test
-- matrice_cofinancement_rapprochement).
with sommes as (
    select
        doc_id,
        axe_code,
        action_code,
        annee,
        grouping(action_code) as hors_action,
        grouping(axe_code) as hors_axe,
        coalesce(sum(montant_eur) filter (where part = 'etat'), 0) as etat_eur,
        coalesce(sum(montant_eur) filter (where part = 'departement'), 0) as departement_eur,
        coalesce(sum(montant_eur) filter (where part = 'autres'), 0) as autres_eur,
        sum(montant_eur) as total_eur
    from {{ ref('cofinancements') }}
    group by grouping sets (
        (doc_id, axe_code, action_code, annee), (doc_id, axe_code, action_code),
        (doc_id, axe_code, annee), (doc_id, axe_code),
        (doc_id, annee), (doc_id)
    )
),

lignes as (
    select
        *,
        case when hors_action = 0 then 'action' when hors_axe = 0 then 'total_axe' else 'total' end as type_ligne
    from sommes
)

select
    l.doc_id,
    l.type_ligne,
    l.axe_code,
    x.axe,
    l.action_code,
    a.action,
    l.annee,
    cast(l.etat_eur as decimal(18, 2)) as etat_eur,
    cast(l.departement_eur as decimal(18, 2)) as departement_eur,
    cast(l.autres_eur as decimal(18, 2)) as autres_eur,
    cast(l.total_eur as decimal(18, 2)) as total_eur,
    cast(l.etat_eur / nullif(l.total_eur, 0) as decimal(18, 4)) as part_etat
from lignes as l
left join {{ ref('dim_actions') }} as a on a.doc_id = l.doc_id and a.action_code = l.action_code
left join (
    select distinct doc_id, axe_code, axe from {{ ref('dim_actions') }} where axe_code is not null
) as x on x.doc_id = l.doc_id and x.axe_code = l.axe_code
-- an action without axe (a convention numbered without axes) has no axe total
where not (l.type_ligne = 'total_axe' and l.axe_code is null)
