select
    cast(fichier as varchar) as fichier,
    cast(ligne as bigint) as ligne,
    cast(annee as integer) as annee,
    cast(axe_code as varchar) as axe_code,
    cast(action_code as varchar) as action_code,
    cast(referentiel as varchar) as referentiel,
    cast(indicateur as varchar) as indicateur,
    cast(realise as decimal(18, 2)) as realise,
    cast(source as varchar) as source,
    cast(commentaire as varchar) as commentaire
from {{ source('raw', 'realises_saisis') }}
