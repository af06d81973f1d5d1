select
    cast(doc_id as varchar) as doc_id,
    cast(axe_code as varchar) as axe_code,
    cast(axe as varchar) as axe,
    cast(ligne as bigint) as ligne
from {{ source('raw', 'axes') }}
