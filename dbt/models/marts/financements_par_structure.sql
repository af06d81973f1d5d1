-- Per structure and year, the amounts granted over all deliberations (decision `favorable` only):
-- who was funded for what.
select
    structure_cle,
    mode(structure) as structure,
    annee,
    count(*) as nb_subventions,
    sum(montant_eur) as montant_eur,
    list(distinct coalesce(dispositif, 'thématique ' || thematique)) as dispositifs,
    list(distinct doc_id order by doc_id) as documents
from {{ ref('subventions') }}
where decision = 'favorable'
group by structure_cle, annee
