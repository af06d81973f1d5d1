-- Printed totals, never financing: the calls-for-projects tables (tableau, thématique, territoire,
-- article, total général), and the contracts' budget tables: the Total row and Total column of each
-- fiche's "Budget de l'action" (portee `budget_action`) and the sub-totals and totals of the
-- contract's financial table (portee `plan_financier`). Documents in quarantine
-- (int_documents_quarantaine) are left out.
select doc_id, portee, tableau, thematique, libelle, montant_eur, quantite, ligne
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
