-- One row per structure: the same association written differently ("MEM PA" / "MEMPA",
-- "CCAS d'Arras" / "CCAS Arras", "Recup'tri" / "RECUP TRI") has one key.
select
    structure_cle,
    mode(structure) as structure,
    list(distinct structure order by structure) as graphies,
    count(*) as nb_subventions,
    list(distinct doc_id order by doc_id) as documents
from {{ ref('subventions') }}
group by structure_cle
