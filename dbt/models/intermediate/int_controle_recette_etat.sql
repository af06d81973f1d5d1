-- The State's contract credits for the year of the deliberation, summed over the actions
-- (Etat and Etat (ERBM); FIPE is a separate State fund, outside the contract), against
-- the revenue (Recette) the deliberation's imputation table records.
with recette as (
    select
        doc_id,
        sum(montant_eur) as recette_eur,
        min(ligne) as ligne
    from {{ ref('stg_lignes_budgetaires') }}
    where tableau = 'deliberation' and sens = 'recette'
    group by doc_id
),

credits as (
    select
        c.doc_id,
        sum(c.montant_eur) as etat_eur
    from {{ ref('int_cofinancements') }} as c
    inner join {{ ref('stg_deliberations') }} as d on c.doc_id = d.doc_id
    where c.financeur in ('Etat', 'Etat (ERBM)') and c.annee = year(d.date_seance)
    group by c.doc_id
)

select
    'recette_etat' as controle,
    'erreur' as gravite,
    r.doc_id,
    r.ligne,
    r.recette_eur as valeur_declaree,
    c.etat_eur as valeur_calculee,
    r.recette_eur - c.etat_eur as ecart,
    'Recette de la délibération ' || {{ fr_eur('r.recette_eur') }} || ' ≠ crédits de l''État des fiches action pour l''année '
    || {{ fr_eur('c.etat_eur') }} as message
from recette as r
inner join credits as c on r.doc_id = c.doc_id
where r.recette_eur <> c.etat_eur
