select
    cast(doc_id as varchar) as doc_id,
    cast(ligne as bigint) as ligne,
    cast(texte as varchar) as texte,
    cast(raison as varchar) as raison
from {{ source('raw', 'lignes_non_lues') }}
