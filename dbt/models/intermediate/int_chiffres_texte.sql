-- The figures written in sentences (pipelines/extract/prose), one row each, as the parsers read
-- them; `categorie` says which mart reads it. Documents in quarantine are left out.
select
    doc_id,
    categorie,
    ligne,
    position,
    texte,
    valeur,
    unite,
    cast(annee as integer) as annee,
    objet,
    phrase,
    regle,
    section,
    financeur,
    beneficiaire,
    partenaire
from {{ source('raw', 'chiffres_texte') }}
where {{ hors_quarantaine() }}
