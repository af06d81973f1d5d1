select
    cast(doc_id as varchar) as doc_id,
    cast(action_code as varchar) as action_code,
    cast(annee as integer) as annee,
    cast(financeur as varchar) as financeur,
    cast(montant_eur as decimal(18, 2)) as montant_eur,
    cast(ligne as bigint) as ligne
from {{ source('raw', 'budgets_actions') }}
