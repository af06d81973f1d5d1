-- Contract rule: every year of a multi-year contract has its amounts. A fiche's budget table that
-- prints a year row with no amount (« 2027 » alone, between the year rows and the Total row)
-- leaves that year out of its Total: the Total printed against the Total the action would have
-- with the empty year at the mean of its years.
with parts as (
    select * from {{ ref('int_budgets_actions_parts') }}
),

actions as (
    select
        doc_id,
        action_code,
        min(ligne) as ligne_debut,
        max(ligne) filter (where annee is null) as ligne_total,
        max(montant_eur) filter (where annee is null and part = 'total') as total_eur,
        count(distinct annee) filter (where part = 'total' and montant_eur is not null) as n_annees,
        sum(montant_eur) filter (where annee is not null and part = 'total') as somme_annees,
        list(distinct annee) filter (where annee is not null) as annees
    from parts
    group by doc_id, action_code
),

empty_years as (
    select
        a.doc_id,
        a.action_code,
        count(*) as n_vides,
        list(s.ligne order by s.ligne) as lignes_vides,
        string_agg(trim(s.texte), ', ' order by s.ligne) as annees_vides
    from actions as a
    inner join {{ ref('stg_lignes_source') }} as s
        on a.doc_id = s.doc_id and a.ligne_debut < s.ligne and a.ligne_total > s.ligne
    where regexp_matches(s.texte, '^\s*20[0-9]{2}\s*$')
        and not list_contains(a.annees, cast(trim(s.texte) as integer))
    group by a.doc_id, a.action_code
)

select
    'annee_budget_vide' as controle,
    'erreur' as gravite,
    a.doc_id,
    a.ligne_total as ligne,
    a.total_eur as valeur_declaree,
    cast(a.total_eur + e.n_vides * a.somme_annees / a.n_annees as decimal(18, 2)) as valeur_calculee,
    cast(-e.n_vides * a.somme_annees / a.n_annees as decimal(18, 2)) as ecart,
    'Fiche ' || a.action_code || ' : l''année ' || e.annees_vides || ' est imprimée sans montant (l.'
    || array_to_string(e.lignes_vides, ', ') || ') : le Total ' || {{ fr_eur('a.total_eur') }} || ' (l.' || a.ligne_total
    || ') ne couvre que ' || a.n_annees || ' années ; avec l''année manquante au montant moyen, '
    || {{ fr_eur('a.total_eur + e.n_vides * a.somme_annees / a.n_annees') }} as message,
    list_sort(list_prepend(a.ligne_total, e.lignes_vides)) as lignes
from actions as a
inner join empty_years as e on a.doc_id = e.doc_id and a.action_code = e.action_code
where a.total_eur is not null and a.n_annees > 0
