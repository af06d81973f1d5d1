-- Sub-action amounts printed inside fiches ("o Montant : 300 000€") and parts of an operation.
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
where categorie = 'montant_sous_action'
