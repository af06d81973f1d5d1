{{ config(meta={'dagster': {'ref': {'name': 'matrice_cofinancement'}}}) }}
-- Reconciliation: every row of marts.matrice_cofinancement equals the sum of the rows of
-- marts.cofinancements en vigueur it covers (same contract; same action, or axe, or the whole
-- contract; same year, or all years), part by part, and every contract of cofinancements has
-- its overall total. A returned row is a mismatch.
with matrice as (
    select * from {{ ref('matrice_cofinancement') }}
),

attendu as (
    select
        m.contrat,
        m.type_ligne,
        m.axe_code,
        m.action_code,
        m.annee,
        m.etat_eur,
        m.departement_eur,
        m.autres_eur,
        m.total_eur,
        coalesce(sum(c.montant_eur) filter (where c.part = 'etat'), 0) as etat_attendu,
        coalesce(sum(c.montant_eur) filter (where c.part = 'departement'), 0) as departement_attendu,
        coalesce(sum(c.montant_eur) filter (where c.part = 'autres'), 0) as autres_attendu
    from matrice as m
    left join {{ ref('cofinancements') }} as c
        on m.contrat = c.contrat and c.en_vigueur
            and (m.type_ligne = 'total' or c.axe_code is not distinct from m.axe_code)
            and (m.type_ligne <> 'action' or m.action_code = c.action_code)
            and (m.annee is null or m.annee = c.annee)
    group by all
)

select
    *,
    'montant différent de la somme de marts.cofinancements' as probleme
from attendu
where etat_eur <> etat_attendu or departement_eur <> departement_attendu or autres_eur <> autres_attendu
    or total_eur <> etat_attendu + departement_attendu + autres_attendu

union all

select
    c.contrat,
    'total',
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    'contrat sans ligne total toutes années dans la matrice' as probleme
from (select distinct contrat from {{ ref('cofinancements') }}) as c
where not exists (
        select 1 from matrice as m
        where m.contrat = c.contrat and m.type_ligne = 'total' and m.annee is null
    )
