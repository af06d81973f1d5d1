select fichier, sha256, taille_octets, raison
from {{ ref('stg_documents_rejetes') }}
