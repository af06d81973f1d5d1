-- Parts vs whole inside a fiche action: the sub-actions' amounts (« o Montant : 300 000€ »)
-- against the action's annual budget (the Total of the first year of its budget table). A
-- fiche is compared only when every « Montant : » line of its text was read as an amount:
-- otherwise a missing part would be taken for a gap in the document.
with actions as (
    select
        doc_id,
        action_code,
        ligne_debut,
        ligne_fin
    from {{ ref('stg_actions') }}
),

parts as (
    select
        a.doc_id,
        a.action_code,
        count(distinct m.ligne) as n_lignes,
        sum(m.montant_eur) as somme,
        list(distinct m.ligne) as lignes
    from actions as a
    inner join {{ ref('montants_sous_actions') }} as m
        on a.doc_id = m.doc_id and m.ligne between a.ligne_debut and a.ligne_fin
    where m.regle = 'montant_ligne'
    group by a.doc_id, a.action_code
),

-- the « Montant : » lines printed in the fiche
printed as (
    select
        a.doc_id,
        a.action_code,
        count(*) as n_lignes
    from actions as a
    inner join {{ ref('stg_lignes_source') }} as s
        on a.doc_id = s.doc_id and s.ligne between a.ligne_debut and a.ligne_fin
    where regexp_matches(s.texte, '^\s*(o\s+)?Montant\s*:')
    group by a.doc_id, a.action_code
),

budgets as (
    select
        doc_id,
        action_code,
        arg_min(montant_eur, annee) as budget_annuel,
        arg_min(ligne, annee) as ligne,
        min(annee) as annee
    from {{ ref('int_budgets_actions_parts') }}
    where part = 'total' and annee is not null
    group by doc_id, action_code
)

select
    'sous_actions_vs_budget' as controle,
    'erreur' as gravite,
    b.doc_id,
    b.ligne,
    b.budget_annuel as valeur_declaree,
    p.somme as valeur_calculee,
    b.budget_annuel - p.somme as ecart,
    'Fiche ' || b.action_code || ' : budget ' || b.annee || ' ' || {{ fr_eur('b.budget_annuel') }} || ' (l.' || b.ligne
    || ') ≠ somme des ' || p.n_lignes || ' montants des sous-actions ' || {{ fr_eur('p.somme') }}
    || ' (l.' || array_to_string(list_sort(p.lignes), ', ') || ')' as message,
    list_sort(list_prepend(b.ligne, p.lignes)) as lignes
from budgets as b
inner join parts as p on b.doc_id = p.doc_id and b.action_code = p.action_code
inner join printed as n on b.doc_id = n.doc_id and b.action_code = n.action_code
where p.n_lignes >= 2 and n.n_lignes = p.n_lignes and b.budget_annuel <> p.somme
