-- One row per structure-operation financed, as printed, with the year of the deliberation and
-- the dispositif's name when its code is known (else the operation label), the structure's key
-- (int_structures_cles) and the decision printed on the line (int_subventions_decisions).
select
    s.doc_id,
    cast(year(d.date_seance) as integer) as annee,
    s.thematique,
    s.dispositif_code,
    coalesce(dd.libelle, s.operation) as dispositif,
    s.territoire,
    s.structure,
    k.structure_cle,
    s.operation,
    s.complement,
    s.quantite,
    s.unite,
    s.montant_eur,
    dec.decision,
    s.source,
    s.tableau,
    s.ligne_debut,
    s.ligne,
    s.extrait
from {{ ref('stg_subventions') }} s
left join {{ ref('stg_deliberations') }} d on d.doc_id = s.doc_id
left join {{ ref('dim_dispositifs') }} dd on dd.code = s.dispositif_code
left join {{ ref('int_structures_cles') }} k on k.structure = s.structure
left join {{ ref('int_subventions_decisions') }} dec
    on dec.doc_id = s.doc_id and dec.ligne = s.ligne and dec.structure = s.structure
where {{ hors_quarantaine('s.doc_id') }}
