-- The contract's financial table (Annexe 3) against the fiches' budgets for the same
-- year (plan_vs_fiche), its subtotals and totals against its rows (plan_sous_totaux), and
-- the 50 % State share of the CLS for the actions of the table (part_etat_50).
with plan as (
    select * from {{ ref('stg_plans_financiers') }}
),

fiche_year as (
    select
        doc_id,
        action_code,
        annee,
        sum(montant_eur) filter (where part = 'etat') as etat_eur,
        sum(montant_eur) filter (where part = 'departement') as departement_eur,
        max(montant_eur) filter (where part = 'total') as total_eur,
        min(ligne) as ligne
    from {{ ref('int_budgets_actions_parts') }}
    where annee is not null
    group by doc_id, action_code, annee
),

compared as (
    select
        p.doc_id,
        p.action_code,
        p.ligne,
        f.ligne as ligne_fiche,
        c.colonne,
        c.valeur_plan,
        c.valeur_fiche
    from plan as p
    inner join fiche_year as f
        on p.doc_id = f.doc_id and p.action_code = f.action_code and p.annee = f.annee
    cross join
        lateral (
            values
            ('État', p.etat_eur, f.etat_eur),
            ('Département', p.departement_eur, f.departement_eur),
            ('total', p.total_eur, f.total_eur)
        ) as c (colonne, valeur_plan, valeur_fiche)
    where p.type_ligne = 'action'
),

actions as (
    select * from plan
    where type_ligne = 'action'
),

subtotals as (
    select
        s.doc_id,
        s.ligne,
        s.type_ligne,
        s.axe_code,
        c.colonne,
        c.valeur,
        c.somme
    from plan as s
    cross join
        lateral (
            select
                sum(a.total_eur) as somme_total,
                sum(a.etat_eur) as somme_etat
            from actions as a
            where a.doc_id = s.doc_id and a.annee is not distinct from s.annee
                and (s.type_ligne = 'total' or a.axe_code = s.axe_code)
        ) as sums
    cross join
        lateral (
            values ('total', s.total_eur, sums.somme_total), ('part État', s.etat_eur, sums.somme_etat)
        ) as c (colonne, valeur, somme)
    where s.type_ligne in ('sous_total', 'total')
),

shares as (
    select
        c.doc_id,
        c.action_code,
        sum(c.montant_eur) filter (where c.part = 'etat') as etat_eur,
        sum(c.montant_eur) filter (where c.part = 'departement') as departement_eur,
        min(c.ligne) as ligne
    from {{ ref('int_cofinancements') }} as c
    where exists (
            select 1 from actions as a
            where a.doc_id = c.doc_id and a.action_code = c.action_code
        )
    group by c.doc_id, c.action_code
)

select
    'plan_vs_fiche' as controle,
    'erreur' as gravite,
    doc_id,
    ligne,
    valeur_plan as valeur_declaree,
    valeur_fiche as valeur_calculee,
    coalesce(valeur_plan, 0) - coalesce(valeur_fiche, 0) as ecart,
    'Action ' || action_code || ', ' || colonne || ' : tableau financier ' || {{ fr_eur('valeur_plan') }}
    || ' ≠ budget de la fiche ' || {{ fr_eur('valeur_fiche') }} || ' (ligne ' || ligne_fiche || ')' as message
from compared
where coalesce(valeur_plan, 0) <> coalesce(valeur_fiche, 0)

union all

select
    'plan_sous_totaux',
    'erreur',
    doc_id,
    ligne,
    valeur,
    somme,
    valeur - somme,
    case when type_ligne = 'total' then 'Total du tableau financier' else 'Sous-total de l''axe ' || axe_code end
    || ', ' || colonne || ' : ' || {{ fr_eur('valeur') }} || ' ≠ somme des actions ' || {{ fr_eur('somme') }}
from subtotals
where valeur <> somme

union all

select
    'part_etat_50',
    'avertissement',
    doc_id,
    ligne,
    etat_eur,
    (etat_eur + departement_eur) / 2,
    etat_eur - (etat_eur + departement_eur) / 2,
    'Action ' || action_code || ' : part de l''État ' || {{ fr_eur('etat_eur') }} || ' pour '
    || {{ fr_eur('departement_eur') }} || ' du Département, soit '
    || cast(round(100 * etat_eur / nullif(etat_eur + departement_eur, 0), 1) as varchar)
    || ' % au lieu des 50 % du contrat'
from shares
where etat_eur is distinct from departement_eur
