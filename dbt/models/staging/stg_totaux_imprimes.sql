select
    cast(doc_id as varchar) as doc_id,
    cast(portee as varchar) as portee,
    cast(tableau as bigint) as tableau,
    cast(thematique as varchar) as thematique,
    cast(libelle as varchar) as libelle,
    cast(montant_eur as decimal(18, 2)) as montant_eur,
    cast(quantite as decimal(18, 2)) as quantite,
    cast(ligne as bigint) as ligne
from {{ source('raw', 'totaux_imprimes') }}
