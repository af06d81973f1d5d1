select
    cast(doc_id as varchar) as doc_id,
    cast(fichier as varchar) as fichier,
    cast(sha256 as varchar) as sha256,
    cast(taille_octets as bigint) as taille_octets,
    cast(encodage as varchar) as encodage,
    cast(nb_lignes as bigint) as nb_lignes
from {{ source('raw', 'documents') }}
