-- Unit rates and costs printed ("le coût annuel d'une mesure renforcée est de 5 000€").
select
    doc_id,
    annee,
    objet,
    valeur as montant_eur,
    unite,
    section,
    partenaire,
    ligne,
    position,
    texte,
    phrase,
    regle
from {{ ref('int_chiffres_texte') }}
where categorie = 'taux_unitaire'
