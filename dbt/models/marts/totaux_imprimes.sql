-- Printed totals, never financing: the calls-for-projects tables (tableau, thématique, territoire,
-- article, total général), and the contracts' budget tables: the Total row and Total column of each
-- fiche's "Budget de l'action" (portee `budget_action`) and the sub-totals and totals of the
-- contract's financial table (portee `plan_financier`), and the totals written in sentences
-- (portee `texte`: "4 dispositifs sont ici proposés pour un total de 153 916 €") that no table row
-- already holds. Documents in quarantine
-- (int_documents_quarantaine) are left out.
select
    doc_id,
    portee,
    tableau,
    thematique,
    libelle,
    montant_eur,
    quantite,
    ligne
from {{ ref('stg_totaux_imprimes') }}
where {{ hors_quarantaine() }}

union all

select
    doc_id,
    'budget_action' as portee,
    cast(null as bigint) as tableau,
    cast(null as varchar) as thematique,
    'Action ' || action_code || ' : total '
    || case
        when annee is null and financeur = 'Total' then 'général'
        when annee is null then financeur
        else cast(annee as varchar)
    end as libelle,
    montant_eur,
    cast(null as decimal(18, 2)) as quantite,
    ligne
from {{ ref('stg_budgets_actions') }}
where (annee is null or financeur = 'Total') and montant_eur is not null and {{ hors_quarantaine() }}

union all

select
    doc_id,
    'plan_financier' as portee,
    cast(null as bigint) as tableau,
    cast(null as varchar) as thematique,
    type_ligne || coalesce(' axe ' || axe_code, '') || coalesce(' ' || cast(annee as varchar), '') as libelle,
    total_eur as montant_eur,
    cast(null as decimal(18, 2)) as quantite,
    ligne
from {{ ref('stg_plans_financiers') }}
where type_ligne in ('sous_total', 'total') and total_eur is not null and {{ hors_quarantaine() }}

union all

select
    t.doc_id,
    'texte' as portee,
    cast(null as bigint) as tableau,
    cast(null as varchar) as thematique,
    t.objet as libelle,
    t.valeur as montant_eur,
    cast(null as decimal(18, 2)) as quantite,
    t.ligne
from {{ ref('int_chiffres_texte') }} as t
where t.categorie = 'total_imprime' and t.unite = 'EUR'
    and not exists (
        select 1 from {{ ref('stg_totaux_imprimes') }} as p
        where p.doc_id = t.doc_id and p.ligne = t.ligne and p.montant_eur = t.valeur
    )
    and not exists (
        select 1 from {{ ref('stg_budgets_actions') }} as b
        where b.doc_id = t.doc_id and b.ligne = t.ligne and b.montant_eur = t.valeur
    )
