-- Every failed consistency check, with both figures and the source line. A check that
-- holds produces no row. Documents in quarantine are left out.
with checks as (
    select * from {{ ref('int_controle_articles_imputation') }}
    union all
    select * from {{ ref('int_controle_deliberation_rapport') }}
    union all
    select * from {{ ref('int_controle_solde_rapport') }}
    union all
    select * from {{ ref('int_controle_articles_rapport') }}
    union all
    select * from {{ ref('int_controle_budget_actions') }}
    union all
    select * from {{ ref('int_controle_plans_financiers') }}
    union all
    select * from {{ ref('int_controle_indicateurs') }}
    union all
    select * from {{ ref('int_controle_recette_etat') }}
    union all
    select * from {{ ref('int_controle_subventions') }}
    union all
    select * from {{ ref('int_controle_completude') }}
)

select
    cast(controle as varchar) as controle,
    cast(gravite as varchar) as gravite,
    cast(doc_id as varchar) as doc_id,
    cast(ligne as bigint) as ligne,
    cast(valeur_declaree as decimal(18, 2)) as valeur_declaree,
    cast(valeur_calculee as decimal(18, 2)) as valeur_calculee,
    cast(ecart as decimal(18, 2)) as ecart,
    cast(message as varchar) as message
from checks
where {{ hors_quarantaine() }}
order by doc_id, ligne, controle
