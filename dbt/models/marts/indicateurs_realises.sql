-- Results already filled in the deliberations ("Résultat atteint en ..." columns).
select
    doc_id,
    axe_code,
    action_code,
    indicateur,
    referentiel,
    annee,
    valeur as realise,
    'deliberation' as source,
    ligne,
    ligne_indicateur
from {{ ref('stg_indicateurs_valeurs') }}
where type_valeur = 'realise' and {{ hors_quarantaine() }}
