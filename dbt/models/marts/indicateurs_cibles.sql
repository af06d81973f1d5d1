select
    doc_id, axe_code, action_code, indicateur, referentiel, source, thematique,
    situation_initiale, date_situation_initiale, annee, valeur as cible, ligne, ligne_indicateur
from {{ ref('stg_indicateurs_valeurs') }}
where type_valeur = 'cible'
