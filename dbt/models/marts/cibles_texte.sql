-- Targets and planned volumes written in sentences ("il est proposé de développer 22 « solutions
-- logement »", "Volume : 1250 places"). Kept apart from `indicateurs_cibles`, whose rows are the
-- contracts' indicator tables (contract, action, referential): most of these sentences belong
-- to calls for projects, which have no indicator table.
select
    doc_id,
    coalesce(annee, cast(year(d.date_seance) as integer)) as annee,
    annee is not null as annee_imprimee,
    objet as indicateur,
    valeur as cible,
    unite,
    section,
    ligne,
    position,
    texte,
    phrase,
    regle
from {{ ref('int_chiffres_texte') }}
left join {{ ref('stg_deliberations') }} as d using (doc_id)
where categorie = 'cible'
