-- Realised against target, one row per indicator of the contracts' actions and per year of
-- the contract (the years its document gives targets for, plus any year with a realised
-- value): a year without target or without realised value has its row, with nulls, never 0.
-- Formulas (macros/indicateurs.sql) are documented in realise_vs_cible.yml.
with indicateurs as (
    select * from {{ ref('int_indicateurs_suivis') }}
),

cibles as (
    select doc_id, ligne_indicateur, annee, valeur as cible, ligne
    from {{ ref('stg_indicateurs_valeurs') }}
    where type_valeur = 'cible'
),

realises as (
    select * from {{ ref('int_realises') }} where retenu
),

annees as (
    select i.doc_id, i.ligne_indicateur, a.annee
    from indicateurs as i
    inner join (select distinct doc_id, annee from cibles) as a on a.doc_id = i.doc_id
    union
    select i.doc_id, i.ligne_indicateur, r.annee
    from indicateurs as i
    inner join realises as r
        on r.action_code = i.action_code and r.referentiel = i.referentiel and r.indicateur = i.indicateur
),

lignes as (
    select
        i.doc_id,
        i.axe_code,
        i.action_code,
        a.action,
        i.indicateur,
        i.referentiel,
        y.annee,
        i.sens,
        i.situation_initiale,
        i.date_situation_initiale,
        c.cible,
        r.realise,
        r.source_realise,
        i.ligne_indicateur,
        c.ligne as ligne_cible
    from annees as y
    inner join indicateurs as i on i.doc_id = y.doc_id and i.ligne_indicateur = y.ligne_indicateur
    left join {{ ref('dim_actions') }} as a on a.doc_id = i.doc_id and a.action_code = i.action_code
    left join cibles as c on c.doc_id = y.doc_id and c.ligne_indicateur = y.ligne_indicateur and c.annee = y.annee
    left join realises as r
        on r.action_code = i.action_code and r.referentiel = i.referentiel
        and r.indicateur = i.indicateur and r.annee = y.annee
)

select
    doc_id,
    axe_code,
    action_code,
    action,
    indicateur,
    referentiel,
    annee,
    sens,
    situation_initiale,
    date_situation_initiale,
    cible,
    realise,
    cast(realise - cible as decimal(18, 2)) as ecart,
    {{ part_du_chemin('realise', 'situation_initiale', 'cible', 'sens') }} as taux_realisation,
    {{ borne_0_1(part_du_chemin('realise', 'situation_initiale', 'cible', 'sens')) }} as taux_realisation_borne,
    {{ statut_realisation('realise', 'situation_initiale', 'cible', 'sens') }} as statut,
    source_realise,
    ligne_indicateur,
    ligne_cible
from lignes
