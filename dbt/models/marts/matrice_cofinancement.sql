-- The co-financing matrix of each contract: État / Département / autres per action and year,
-- with totals per axe and for the contract, per year and over all years (annee null).
-- Every figure is a sum of the amounts en vigueur of marts.cofinancements (reconciled by the
-- test matrice_cofinancement_rapprochement): a contract carried by several deliberations (an
-- avenant) is one matrix, each amount taken from the latest deliberation that gives it;
-- `doc_id` names the latest deliberation among those the row sums.
with en_vigueur as (
    select
        f.*,
        c.ordre
    from {{ ref('cofinancements') }} as f
    inner join {{ ref('int_contrats_documents') }} as c on f.doc_id = c.doc_id
    where f.en_vigueur
),

sommes as (
    select
        contrat,
        arg_max(doc_id, ordre) as doc_id,
        axe_code,
        action_code,
        annee,
        grouping(action_code) as hors_action,
        grouping(axe_code) as hors_axe,
        coalesce(sum(montant_eur) filter (where part = 'etat'), 0) as etat_eur,
        coalesce(sum(montant_eur) filter (where part = 'departement'), 0) as departement_eur,
        coalesce(sum(montant_eur) filter (where part = 'autres'), 0) as autres_eur,
        sum(montant_eur) as total_eur
    from en_vigueur
    group by grouping sets (
        (contrat, axe_code, action_code, annee), (contrat, axe_code, action_code),
        (contrat, axe_code, annee), (contrat, axe_code),
        (contrat, annee), (contrat)
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
    l.contrat,
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
left join {{ ref('dim_actions') }} as a on l.doc_id = a.doc_id and l.action_code = a.action_code
left join (
    select distinct
        doc_id,
        axe_code,
        axe
    from {{ ref('dim_actions') }}
    where axe_code is not null
) as x on l.doc_id = x.doc_id and l.axe_code = x.axe_code
-- an action without axe (a convention numbered without axes) has no axe total
where not (l.type_ligne = 'total_axe' and l.axe_code is null)
