select
    cast(doc_id as varchar) as doc_id,
    cast(source as varchar) as source,
    cast(referentiel as varchar) as referentiel,
    cast(axe_code as varchar) as axe_code,
    cast(action_code as varchar) as action_code,
    cast(thematique as varchar) as thematique,
    cast(indicateur as varchar) as indicateur,
    cast(situation_initiale as decimal(18, 2)) as situation_initiale,
    cast(date_situation_initiale as date) as date_situation_initiale,
    cast(ligne_indicateur as bigint) as ligne_indicateur,
    cast(type_valeur as varchar) as type_valeur,
    cast(annee as integer) as annee,
    cast(valeur as decimal(18, 2)) as valeur,
    cast(ligne as bigint) as ligne
from {{ source('raw', 'indicateurs_valeurs') }}
