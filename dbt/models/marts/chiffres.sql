-- The figure ledger: every amount and percentage a document prints (found by the single number
-- reader, pipelines/extract/numbers.py), and every count a fact reads, with its status:
--   lu        a fact row reads it (same document, a line the figure spans, same value);
--   non_lu    the parsers saw the line and could not read it (reason of lignes_non_lues), or no
--             rule reads this figure (said so, never dropped);
--   contexte  a tested context rule (pipelines/extract/ledger.py) judged it not a fact of this
--             warehouse (a sharing rule, a ceiling, a national figure, a figure inside a name).
with imprimes as (
    select * from {{ source('raw', 'chiffres_imprimes') }}
    where {{ hors_quarantaine() }}
),

faits as (
    select
        doc_id,
        ligne,
        montant_eur as valeur,
        'EUR' as unite,
        'montants_articles' as table_cible,
        'article ' || article as cle_fait
    from {{ ref('montants_articles') }}
    union all
    select
        doc_id,
        ligne,
        montant_eur,
        'EUR',
        'montants_rapport',
        libelle
    from {{ ref('montants_rapport') }}
    union all
    select
        doc_id,
        ligne,
        unnest([ae_eur, inscrit_eur, disponible_eur, montant_eur, solde_eur]),
        'EUR',
        'lignes_budgetaires',
        tableau || ' ' || coalesce(code_operation, '')
    from {{ ref('lignes_budgetaires') }}
    union all
    select
        doc_id,
        ligne,
        montant_eur,
        'EUR',
        'subventions',
        structure
    from {{ ref('subventions') }}
    union all
    select
        doc_id,
        ligne,
        quantite,
        coalesce(unite, 'nombre'),
        'subventions',
        structure || ' (' || coalesce(unite, '') || ')'
    from {{ ref('subventions') }}
    where quantite is not null
    union all
    select
        doc_id,
        ligne,
        montant_eur,
        'EUR',
        'totaux_imprimes',
        portee || ' ' || coalesce(libelle, '')
    from {{ ref('totaux_imprimes') }}
    union all
    select
        doc_id,
        ligne,
        quantite,
        'nombre',
        'totaux_imprimes',
        portee || ' ' || coalesce(libelle, '')
    from {{ ref('totaux_imprimes') }}
    where quantite is not null
    union all
    select
        doc_id,
        ligne,
        valeur,
        coalesce(unite, 'nombre'),
        'bilans',
        coalesce(dispositif_code, '') || ' ' || indicateur
    from {{ ref('bilans') }}
    union all
    select
        doc_id,
        ligne,
        cible,
        'nombre',
        'indicateurs_cibles',
        action_code || ' ' || indicateur || ' ' || annee
    from {{ ref('indicateurs_cibles') }}
    union all
    select distinct
        doc_id,
        ligne_indicateur,
        situation_initiale,
        'nombre',
        'indicateurs_cibles',
        action_code || ' ' || indicateur || ' situation initiale'
    from {{ ref('indicateurs_cibles') }}
    where situation_initiale is not null
    union all
    select
        doc_id,
        ligne,
        montant_eur,
        'EUR',
        'cofinancements',
        action_code || ' ' || financeur || ' ' || annee
    from {{ ref('cofinancements') }}
    union all
    select
        doc_id,
        ligne,
        unnest([etat_eur, departement_eur, autres_eur, total_eur]),
        'EUR',
        'plans_financiers',
        type_ligne || ' ' || coalesce(action_code, axe_code, '')
    from {{ ref('plans_financiers') }}
    union all
    select
        doc_id,
        ligne,
        montant_eur,
        'EUR',
        'cofinancements_texte',
        financeur || coalesce(' ' || annee, '')
    from {{ ref('cofinancements_texte') }}
    union all
    select
        doc_id,
        ligne,
        cible,
        coalesce(unite, 'nombre'),
        'cibles_texte',
        indicateur
    from {{ ref('cibles_texte') }}
    union all
    select
        doc_id,
        ligne,
        montant_eur,
        'EUR',
        'montants_sous_actions',
        objet
    from {{ ref('montants_sous_actions') }}
    union all
    select
        doc_id,
        ligne,
        montant_eur,
        'EUR',
        'taux_unitaires',
        objet
    from {{ ref('taux_unitaires') }}
    union all
    select
        doc_id,
        ligne,
        montant_eur,
        'EUR',
        'tableaux_financiers',
        tableau || ' ' || ligne_type || ' ' || coalesce(action_code, '') || ' ' || colonne
    from {{ ref('tableaux_financiers') }}
),

contextes_texte as (
    -- figures a prose context rule judged not facts (a hypothesis, a diagnostic statistic)
    select
        doc_id,
        ligne,
        valeur,
        any_value(regle) as regle
    from {{ ref('int_chiffres_texte') }}
    where categorie = 'contexte'
    group by all
),

faits_valides as (
    select * from faits
    where valeur is not null
),

lectures as (
    -- one fact per printed figure (the first table in name order when several read it)
    select
        i.doc_id,
        i.ligne,
        i.position,
        f.table_cible,
        f.cle_fait
    from imprimes as i
    inner join faits_valides as f
        on i.doc_id = f.doc_id
            and f.ligne between i.ligne and i.ligne_fin
            and i.valeur = f.valeur
    qualify row_number() over (
            partition by i.doc_id, i.ligne, i.position order by f.table_cible, f.cle_fait
        ) = 1
),

non_lues as (
    select
        doc_id,
        ligne,
        string_agg(distinct raison, ' ; ' order by raison) as raison
    from {{ ref('lignes_non_lues') }}
    group by all
),

figures_imprimees as (
    select
        i.doc_id,
        i.ligne,
        i.position,
        i.texte,
        i.valeur,
        i.unite,
        i.phrase,
        case
            when l.table_cible is not null then 'lu'
            when n.raison is not null or i.valeur is null or coalesce(i.regle_contexte, ct.regle) is null then 'non_lu'
            else 'contexte'
        end as statut,
        l.table_cible,
        l.cle_fait,
        case
            when l.table_cible is not null then null
            when i.valeur is null then 'nombre mal formé : non lu'
            when n.raison is not null then n.raison
            when coalesce(i.regle_contexte, ct.regle) is null then 'aucune règle de lecture ne lit ce chiffre'
        end as raison,
        case when l.table_cible is null and n.raison is null and i.valeur is not null
                then coalesce(i.regle_contexte, ct.regle)
        end as regle_contexte
    from imprimes as i
    left join lectures as l on i.doc_id = l.doc_id and i.ligne = l.ligne and i.position = l.position
    left join non_lues as n on i.doc_id = n.doc_id and i.ligne = n.ligne
    left join contextes_texte as ct on i.doc_id = ct.doc_id and i.ligne = ct.ligne and i.valeur = ct.valeur
),

comptes_des_faits as (
-- counts and untyped table figures a fact reads where no amount or percentage is printed
    select
        f.doc_id,
        f.ligne,
        cast(null as bigint) as position,
        cast(null as varchar) as texte,
        f.valeur,
        f.unite,
        s.texte as phrase,
        'lu' as statut,
        f.table_cible,
        f.cle_fait,
        cast(null as varchar) as raison,
        cast(null as varchar) as regle_contexte
    from faits_valides as f
    left join {{ ref('lignes_source') }} as s on f.doc_id = s.doc_id and f.ligne = s.ligne
    where not exists (
            select 1 from imprimes as i
            where i.doc_id = f.doc_id and f.ligne between i.ligne and i.ligne_fin and i.valeur = f.valeur
        )
    qualify row_number() over (
            partition by f.doc_id, f.ligne, f.valeur order by f.table_cible, f.cle_fait
        ) = 1
)

select * from figures_imprimees
union all
select * from comptes_des_faits
