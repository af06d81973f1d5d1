select doc_id, fichier, sha256, taille_octets, encodage, nb_lignes
from {{ ref('stg_documents') }}
