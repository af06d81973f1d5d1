-- Budget table of each fiche: every row's funders add up to its Total cell
-- (budget_action_ligne), every column's years add up to the Total row
-- (budget_action_total), and the action's total is State + Département + the other
-- funders (total_etat_departement; a total the other funders explain raises nothing).
with cells as (
    select * from {{ ref('int_budgets_actions_parts') }}
),

rows as (
    select
        doc_id,
        action_code,
        annee,
        ligne,
        sum(montant_eur) filter (where part <> 'total') as somme_financeurs,
        max(montant_eur) filter (where part = 'total') as total_ligne
    from cells
    group by doc_id, action_code, annee, ligne
),

columns as (
    select
        doc_id,
        action_code,
        financeur,
        sum(montant_eur) filter (where annee is not null) as somme_annees,
        max(montant_eur) filter (where annee is null) as total_colonne,
        max(ligne) filter (where annee is null) as ligne_total
    from cells
    group by doc_id, action_code, financeur
),

actions as (
    select
        doc_id,
        action_code,
        sum(montant_eur) filter (where annee is not null and part = 'etat') as etat_eur,
        sum(montant_eur) filter (where annee is not null and part = 'departement') as departement_eur,
        sum(montant_eur) filter (where annee is not null and part = 'autres') as autres_eur,
        string_agg(distinct financeur, ', ' order by financeur) filter (where part = 'autres') as autres_financeurs,
        sum(montant_eur) filter (where annee is not null and part = 'total') as total_eur,
        min(ligne) as ligne
    from cells
    group by doc_id, action_code
)

select
    'budget_action_ligne' as controle,
    'erreur' as gravite,
    doc_id,
    ligne,
    total_ligne as valeur_declaree,
    somme_financeurs as valeur_calculee,
    total_ligne - somme_financeurs as ecart,
    'Fiche ' || action_code || ', ligne ' || coalesce(cast(annee as varchar), 'Total') || ' : total '
    || {{ fr_eur('total_ligne') }} || ' ≠ somme des financeurs ' || {{ fr_eur('somme_financeurs') }} as message
from rows
where total_ligne is not null and somme_financeurs is not null and total_ligne <> somme_financeurs

union all

select
    'budget_action_total',
    'erreur',
    doc_id,
    ligne_total,
    total_colonne,
    somme_annees,
    total_colonne - somme_annees,
    'Fiche ' || action_code || ', colonne ' || financeur || ' : Total ' || {{ fr_eur('total_colonne') }}
    || ' ≠ somme des années ' || {{ fr_eur('somme_annees') }}
from columns
where total_colonne is not null and somme_annees is not null and total_colonne <> somme_annees

union all

select
    'total_etat_departement',
    'erreur',
    doc_id,
    ligne,
    total_eur,
    coalesce(etat_eur, 0) + coalesce(departement_eur, 0) + coalesce(autres_eur, 0),
    total_eur - coalesce(etat_eur, 0) - coalesce(departement_eur, 0) - coalesce(autres_eur, 0),
    'Fiche ' || action_code || ' : total ' || {{ fr_eur('total_eur') }} || ' ≠ État ' || {{ fr_eur('coalesce(etat_eur, 0)') }}
    || ' + Département ' || {{ fr_eur('coalesce(departement_eur, 0)') }}
    || case when autres_eur is not null
            then ' + autres financeurs (' || autres_financeurs || ') ' || {{ fr_eur('autres_eur') }}
        else ''
    end
from actions
-- a total that the other funders (CAF, FSE+...) explain holds: no row
where total_eur is not null
    and total_eur <> coalesce(etat_eur, 0) + coalesce(departement_eur, 0) + coalesce(autres_eur, 0)
