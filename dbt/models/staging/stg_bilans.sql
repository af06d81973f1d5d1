select
    cast(doc_id as varchar) as doc_id,
    cast(annee as integer) as annee,
    cast(dispositif_code as varchar) as dispositif_code,
    cast(dispositif as varchar) as dispositif,
    cast(indicateur as varchar) as indicateur,
    cast(valeur as decimal(18, 2)) as valeur,
    cast(unite as varchar) as unite,
    cast(ligne as bigint) as ligne,
    cast(extrait as varchar) as extrait
from {{ source('raw', 'bilans') }}
