-- The retained realised values (int_realises) that are far from their target and are to be
-- checked before the bilan is signed: a negative value, a value above 300 % of the target
-- (realise / cible; between 800 % and 1 250 %, a likely ×10 typo: a zero too many), or a value
-- about a tenth of the target (realise / cible between 8 % and 12,5 %, target of at least 10:
-- a likely ÷10 typo, a zero or a comma misplaced). A value that stays at the initial situation
-- is plausible (nothing moved) and raises nothing: above 300 % of a falling indicator's target
-- only when above its initial situation, about a tenth of the target only when below it.
-- One row per indicator and year that fires,
-- with the rule and its reason in French; an indicator whose value holds has no row.
-- The target is the one en vigueur (int_cibles_versions), as in marts.realise_vs_cible.
with realises as (
    select * from {{ ref('int_realises') }}
    where retenu and realise is not null
),

indicateurs as (
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

valeurs as (
    select
        i.doc_id,
        i.ligne_indicateur,
        r.annee,
        i.action_code,
        i.referentiel,
        i.indicateur,
        i.sens,
        i.situation_initiale,
        c.cible,
        r.realise,
        r.source_realise,
        c.doc_id as doc_id_cible,
        c.ligne as ligne_cible,
        case when c.cible > 0 then r.realise / c.cible end as rapport
    from realises as r
    inner join indicateurs as i
        on r.action_code = i.action_code and r.referentiel = i.referentiel and r.indicateur = i.indicateur
    left join cibles as c
        on i.contrat = c.contrat and i.action_code = c.action_code and i.referentiel = c.referentiel
            and i.cle_indicateur = c.cle_indicateur and r.annee = c.annee
),

regles as (
    select
        *,
        case
            when realise < 0 then 'negatif'
            when rapport > 3 and sens = 'baisse' and realise <= situation_initiale then null
            when rapport between 8 and 12.5 then 'fois_10'
            when rapport > 3 then 'au_dessus_300'
            when rapport between 0.08 and 0.125 and cible >= 10
                and (situation_initiale is null or realise < situation_initiale) then 'divise_10'
        end as regle
    from valeurs
)

select
    doc_id,
    ligne_indicateur,
    annee,
    action_code,
    referentiel,
    indicateur,
    cible,
    realise,
    cast(rapport as decimal(18, 4)) as rapport,
    source_realise,
    doc_id_cible,
    ligne_cible,
    regle,
    case regle
        when 'negatif' then 'réalisé négatif'
        when 'fois_10' then 'réalisé dix fois la cible environ : un zéro de trop ?'
        when 'au_dessus_300' then 'réalisé au-dessus de 300 % de la cible'
        when 'divise_10' then 'réalisé un dixième de la cible environ : un zéro oublié ou une virgule mal placée ?'
    end as motif
from regles
where regle is not null
