select
    cast(doc_id as varchar) as doc_id,
    cast(type_ligne as varchar) as type_ligne,
    cast(axe_code as varchar) as axe_code,
    cast(action_code as varchar) as action_code,
    cast(action as varchar) as action,
    cast(etat_erbm as boolean) as etat_erbm,
    cast(annee as integer) as annee,
    cast(etat_eur as decimal(18, 2)) as etat_eur,
    cast(departement_eur as decimal(18, 2)) as departement_eur,
    cast(autres_eur as decimal(18, 2)) as autres_eur,
    cast(total_eur as decimal(18, 2)) as total_eur,
    cast(ligne as bigint) as ligne
from {{ source('raw', 'plans_financiers') }}
