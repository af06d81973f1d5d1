select
    cast(fichier as varchar) as fichier,
    cast(sha256 as varchar) as sha256,
    cast(taille_octets as bigint) as taille_octets,
    cast(raison as varchar) as raison
from {{ source('raw', 'documents_rejetes') }}
