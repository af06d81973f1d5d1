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
from {{ ref('stg_subventions') }} as s
left join {{ ref('stg_deliberations') }} as d on s.doc_id = d.doc_id
left join {{ ref('dim_dispositifs') }} as dd on s.dispositif_code = dd.code
left join {{ ref('int_structures_cles') }} as k on s.structure = k.structure
left join {{ ref('int_subventions_decisions') }} as dec
    on s.doc_id = dec.doc_id and s.ligne = dec.ligne and s.structure = dec.structure
where {{ hors_quarantaine('s.doc_id') }}
