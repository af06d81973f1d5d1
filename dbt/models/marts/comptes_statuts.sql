-- How many indicators have each status, as the syntheses of the reports print them: per year of
-- marts.realise_vs_cible (perimetre 'bilan') and over the pact for marts.trajectoires_pacte
-- (perimetre 'trajectoire', annee null). Every status has its row, zero included; `rang` is the
-- order of the statuses in the reports, `indicateurs_total` the count over all statuses.
with statuts (perimetre, statut, rang) as (
    values
    ('bilan', 'atteint', 1), ('bilan', 'en_cours', 2), ('bilan', 'non_atteint', 3), ('bilan', 'non_renseigne', 4),
    ('trajectoire', 'atteint', 1), ('trajectoire', 'en_avance', 2), ('trajectoire', 'en_retard', 3),
    ('trajectoire', 'non_renseigne', 4)
),

bilan as (
    select
        annee,
        statut,
        count(*) as n
    from {{ ref('realise_vs_cible') }}
    group by annee, statut
),

trajectoire as (
    select
        statut_2027 as statut,
        count(*) as n
    from {{ ref('trajectoires_pacte') }}
    group by statut_2027
),

lignes as (
    select
        s.perimetre,
        y.annee,
        s.statut,
        s.rang,
        coalesce(b.n, 0) as indicateurs
    from statuts as s
    cross join (select distinct annee from {{ ref('realise_vs_cible') }}) as y
    left join bilan as b on y.annee = b.annee and s.statut = b.statut
    where s.perimetre = 'bilan'
    union all
    select
        s.perimetre,
        cast(null as integer),
        s.statut,
        s.rang,
        coalesce(t.n, 0)
    from statuts as s
    left join trajectoire as t on s.statut = t.statut
    where s.perimetre = 'trajectoire'
)

select
    cast(perimetre as varchar) as perimetre,
    cast(annee as integer) as annee,
    cast(statut as varchar) as statut,
    cast(rang as integer) as rang,
    cast(indicateurs as bigint) as indicateurs,
    cast(sum(indicateurs) over (partition by perimetre, annee) as bigint) as indicateurs_total
from lignes
