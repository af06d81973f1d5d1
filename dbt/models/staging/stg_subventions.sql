select
    cast(doc_id as varchar) as doc_id,
    cast(source as varchar) as source,
    cast(tableau as bigint) as tableau,
    cast(thematique as varchar) as thematique,
    cast(operation as varchar) as operation,
    cast(dispositif_code as varchar) as dispositif_code,
    cast(territoire as varchar) as territoire,
    cast(structure as varchar) as structure,
    cast(complement as varchar) as complement,
    cast(quantite as decimal(18, 2)) as quantite,
    cast(unite as varchar) as unite,
    cast(montant_eur as decimal(18, 2)) as montant_eur,
    cast(ligne_debut as bigint) as ligne_debut,
    cast(ligne as bigint) as ligne,
    cast(extrait as varchar) as extrait
from {{ source('raw', 'subventions') }}
