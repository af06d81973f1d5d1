-- Per structure and year, the amounts granted over all deliberations (decision `favorable` only):
-- who was funded for what. `structure`: the most frequent spelling of the year, ties broken
-- alphabetically (the same on every run).
with lignes as (
    select
        *,
        coalesce(dispositif, 'thématique ' || thematique) as dispositif_ou_thematique,
        count(*) over (partition by structure_cle, annee, structure) as nb_graphie
    from {{ ref('subventions') }}
    where decision = 'favorable'
)

select
    structure_cle,
    first(structure order by nb_graphie desc, structure asc) as structure,
    annee,
    count(*) as nb_subventions,
    sum(montant_eur) as montant_eur,
    list(distinct dispositif_ou_thematique order by dispositif_ou_thematique) as dispositifs,
    list(distinct doc_id order by doc_id) as documents
from lignes
group by structure_cle, annee
