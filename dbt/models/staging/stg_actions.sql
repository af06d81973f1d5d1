select
    cast(doc_id as varchar) as doc_id,
    cast(axe_code as varchar) as axe_code,
    cast(axe_imprime as varchar) as axe_imprime,
    cast(action_code as varchar) as action_code,
    cast(code_dans_titre as varchar) as code_dans_titre,
    cast(action as varchar) as action,
    cast(ligne_debut as bigint) as ligne_debut,
    cast(ligne_fin as bigint) as ligne_fin
from {{ source('raw', 'actions') }}
