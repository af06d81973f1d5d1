-- Every target of every version of a contract (documents in quarantine left out), with the
-- contract (int_contrats_documents) and `en_vigueur`: true for the value of the latest
-- deliberation (by date of sitting, then numero) that prints a target for the same contract,
-- action, referential, indicator (accents, case and punctuation aside) and year. All the
-- rows of that deliberation are en vigueur, the earlier ones are kept as history.
with cibles as (
    select
        v.doc_id,
        c.contrat,
        c.numero,
        c.date_seance,
        c.ordre,
        v.axe_code,
        v.action_code,
        v.indicateur,
        v.referentiel,
        v.source,
        v.thematique,
        v.situation_initiale,
        v.date_situation_initiale,
        v.annee,
        v.valeur as cible,
        v.ligne,
        v.ligne_indicateur,
        {{ cle_texte('v.indicateur') }} as cle_indicateur
    from {{ ref('stg_indicateurs_valeurs') }} as v
    inner join {{ ref('int_contrats_documents') }} as c on v.doc_id = c.doc_id
    where v.type_valeur = 'cible' and {{ hors_quarantaine('v.doc_id') }}
)

select
    *,
    ordre = max(ordre) over (partition by contrat, action_code, referentiel, cle_indicateur, annee) as en_vigueur
from cibles
