-- The indicators of marts.realise_vs_cible as the bilan shows them: each row with the citation of
-- the line that prints its target (else its title), that line and its context, and the order of
-- the report (contract by date, action by code, local indicators before
-- national ones, then by line). A realised value far from its target (int_realises_a_verifier:
-- negative, above 300 % of the target, a likely ×10 or ÷10 typo) is marked `realise_a_verifier`
-- with its reason.
select
    r.doc_id,
    r.axe_code,
    r.action_code,
    r.action,
    r.indicateur,
    r.referentiel,
    r.annee,
    r.sens,
    r.situation_initiale,
    r.cible,
    r.realise,
    r.ecart,
    r.taux_realisation,
    r.taux_realisation_borne,
    r.statut,
    r.source_realise,
    v.regle is not null as realise_a_verifier,
    v.motif as motif_verification,
    r.ligne_indicateur,
    coalesce(r.ligne_cible, r.ligne_indicateur) as ligne,
    s.citation,
    s.texte,
    s.contexte_avant,
    s.contexte_apres,
    cast(row_number() over (
        partition by r.annee
        order by
            d.ordre, {{ code_ordre("r.action_code") }}, r.referentiel <> 'local',
            coalesce(r.ligne_cible, r.ligne_indicateur), r.ligne_indicateur
    ) as integer) as ordre
from {{ ref('realise_vs_cible') }} as r
inner join {{ ref('sources_documents') }} as d on r.doc_id = d.doc_id
left join {{ ref('sources_lignes') }} as s
    on r.doc_id = s.doc_id and s.ligne = coalesce(r.ligne_cible, r.ligne_indicateur)
left join {{ ref('int_realises_a_verifier') }} as v
    on r.doc_id = v.doc_id and r.ligne_indicateur = v.ligne_indicateur and r.annee = v.annee
