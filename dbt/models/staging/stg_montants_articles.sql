select
    cast(doc_id as varchar) as doc_id,
    cast(article as integer) as article,
    cast(libelle as varchar) as libelle,
    cast(montant_eur as decimal(18, 2)) as montant_eur,
    cast(ligne as bigint) as ligne
from {{ source('raw', 'montants_articles') }}
