-- One row per structure: the same association written differently ("MEM PA" / "MEMPA",
-- "CCAS d'Arras" / "CCAS Arras", "Recup'tri" / "RECUP TRI", "MAHRA" / "MAHRA-Le Toit") has one key
-- (int_structures_cles). Grant lines with an unfavourable decision are counted apart.
-- `structure`: the most frequent spelling, ties broken alphabetically (the same on every run).
with lignes as (
    select
        *,
        count(*) over (partition by structure_cle, structure) as nb_graphie
    from {{ ref('subventions') }}
)

select
    structure_cle,
    first(structure order by nb_graphie desc, structure asc) as structure,
    list(distinct structure order by structure) as graphies,
    count(*) filter (where decision = 'favorable') as nb_subventions,
    count(*) filter (where decision <> 'favorable') as nb_lignes_sans_financement,
    list(distinct doc_id order by doc_id) as documents
from lignes
group by structure_cle
