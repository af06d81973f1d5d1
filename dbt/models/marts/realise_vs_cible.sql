-- Realised against target, one row per indicator of the contracts' actions and per year of
-- the contract (the years of its targets en vigueur, plus any year with a realised value):
-- a year without target or without realised value has its row, with nulls, never 0.
-- When several deliberations carry the contract (an avenant), the indicator is the one of the
-- latest deliberation that prints it, and each year's target the one en vigueur
-- (int_cibles_versions): the latest deliberation's value for the same contract, action,
-- referential, indicator and year, its document in `doc_id_cible`.
-- Formulas (macros/indicateurs.sql) are documented in realise_vs_cible.yml.
with indicateurs as (
    select
        *,
        {{ cle_texte('indicateur') }} as cle_indicateur
    from {{ ref('int_indicateurs_suivis') }}
),

cibles as (
    select
        contrat,
        action_code,
        referentiel,
        {{ cle_texte('indicateur') }} as cle_indicateur,
        annee,
        cible,
        doc_id,
        ligne
    from {{ ref('int_cibles_versions') }}
    where en_vigueur and source in ('annexe1', 'fiche')
),

realises as (
    select * from {{ ref('int_realises') }}
    where retenu
),

annees as (
    select
        i.doc_id,
        i.ligne_indicateur,
        a.annee
    from indicateurs as i
    inner join (
        select distinct
            contrat,
            annee
        from {{ ref('int_cibles_versions') }}
        where en_vigueur
    ) as a on i.contrat = a.contrat
    union
    select
        i.doc_id,
        i.ligne_indicateur,
        r.annee
    from indicateurs as i
    inner join realises as r
        on i.action_code = r.action_code and i.referentiel = r.referentiel and i.indicateur = r.indicateur
),

lignes as (
    select
        i.doc_id,
        i.contrat,
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
        c.doc_id as doc_id_cible,
        c.ligne as ligne_cible
    from annees as y
    inner join indicateurs as i on y.doc_id = i.doc_id and y.ligne_indicateur = i.ligne_indicateur
    left join {{ ref('dim_actions') }} as a on i.doc_id = a.doc_id and i.action_code = a.action_code
    left join cibles as c
        on i.contrat = c.contrat and i.action_code = c.action_code and i.referentiel = c.referentiel
            and i.cle_indicateur = c.cle_indicateur and y.annee = c.annee
    left join realises as r
        on i.action_code = r.action_code and i.referentiel = r.referentiel
            and i.indicateur = r.indicateur and y.annee = r.annee
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
    doc_id_cible,
    ligne_cible,
    contrat
from lignes
