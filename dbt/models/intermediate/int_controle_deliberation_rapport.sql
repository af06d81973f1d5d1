-- Each operation of the decision's imputation table against the same operation in the
-- report's table: same AE, same amount (Dépense/Recette = Proposition), present in both.
with deliberation as (
    select * from {{ ref('stg_lignes_budgetaires') }}
    where tableau = 'deliberation'
),

rapport as (
    select * from {{ ref('stg_lignes_budgetaires') }}
    where tableau = 'rapport'
),

both_tables as (
    select doc_id from deliberation
    intersect
    select doc_id from rapport
),

paired as (
    select
        coalesce(d.doc_id, r.doc_id) as doc_id,
        coalesce(d.code_operation, r.code_operation) as code_operation,
        d.ligne as ligne_deliberation,
        r.ligne as ligne_rapport,
        d.montant_eur as montant_deliberation,
        r.montant_eur as montant_rapport,
        d.ae_eur as ae_deliberation,
        r.ae_eur as ae_rapport
    from deliberation as d
    full outer join rapport as r
        on d.doc_id = r.doc_id and d.code_operation = r.code_operation
    where coalesce(d.doc_id, r.doc_id) in (select doc_id from both_tables)
)

select
    'deliberation_vs_rapport' as controle,
    'erreur' as gravite,
    doc_id,
    ligne_deliberation as ligne,
    montant_deliberation as valeur_declaree,
    montant_rapport as valeur_calculee,
    montant_deliberation - montant_rapport as ecart,
    'Opération ' || code_operation || ' : montant de la délibération (' || {{ fr_eur('montant_deliberation') }}
    || ') différent de la proposition du rapport (' || {{ fr_eur('montant_rapport') }}
    || ', ligne ' || ligne_rapport || ')' as message
from paired
where montant_deliberation <> montant_rapport

union all

select
    'deliberation_vs_rapport',
    'erreur',
    doc_id,
    ligne_deliberation,
    ae_deliberation,
    ae_rapport,
    ae_deliberation - ae_rapport,
    'Opération ' || code_operation || ' : AE de la délibération (' || {{ fr_eur('ae_deliberation') }}
    || ') différente de l''AE du rapport (' || {{ fr_eur('ae_rapport') }} || ', ligne ' || ligne_rapport || ')'
from paired
where ae_deliberation <> ae_rapport

union all

select
    'deliberation_vs_rapport',
    'avertissement',
    doc_id,
    coalesce(ligne_deliberation, ligne_rapport),
    coalesce(montant_deliberation, montant_rapport),
    null,
    null,
    'Opération ' || code_operation || ' présente '
    || case when ligne_rapport is null then 'dans la délibération mais absente du tableau du rapport'
        else 'dans le rapport mais absente du tableau de la délibération'
    end
from paired
where ligne_deliberation is null or ligne_rapport is null
