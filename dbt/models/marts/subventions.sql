-- One row per structure-operation financed, as printed, with the year of the deliberation and
-- the dispositif's name when its code is known (else the operation label).
select
    s.doc_id,
    cast(year(d.date_seance) as integer) as annee,
    s.thematique,
    s.dispositif_code,
    coalesce(dd.libelle, s.operation) as dispositif,
    s.territoire,
    s.structure,
    {{ structure_key('s.structure') }} as structure_cle,
    s.operation,
    s.complement,
    s.quantite,
    s.unite,
    s.montant_eur,
    s.source,
    s.tableau,
    s.ligne_debut,
    s.ligne,
    s.extrait
from {{ ref('stg_subventions') }} s
left join {{ ref('stg_deliberations') }} d on d.doc_id = s.doc_id
left join {{ ref('dim_dispositifs') }} dd on dd.code = s.dispositif_code
where {{ hors_quarantaine('s.doc_id') }}
