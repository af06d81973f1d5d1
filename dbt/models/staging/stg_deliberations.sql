select
    cast(doc_id as varchar) as doc_id,
    cast(numero as varchar) as numero,
    cast(numero_ligne as bigint) as numero_ligne,
    cast(instance as varchar) as instance,
    cast(date_seance as date) as date_seance,
    cast(titre as varchar) as titre,
    cast(votes_pour as integer) as votes_pour,
    cast(votes_contre as integer) as votes_contre,
    cast(abstentions as integer) as abstentions
from {{ source('raw', 'deliberations') }}
