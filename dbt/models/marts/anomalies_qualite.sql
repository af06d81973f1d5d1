-- Every failed consistency check, with both figures, the source line and every line
-- involved (lignes: both places). A check that holds produces no row. Documents in
-- quarantine are left out. The controls are stacked by column name: a control that does not
-- give lignes gets its one line.
with checks as (
    select * from {{ ref('int_controle_articles_imputation') }}
    union all by name
    select * from {{ ref('int_controle_deliberation_rapport') }}
    union all by name
    select * from {{ ref('int_controle_solde_rapport') }}
    union all by name
    select * from {{ ref('int_controle_articles_rapport') }}
    union all by name
    select * from {{ ref('int_controle_budget_actions') }}
    union all by name
    select * from {{ ref('int_controle_plans_financiers') }}
    union all by name
    select * from {{ ref('int_controle_indicateurs') }}
    union all by name
    select * from {{ ref('int_controle_recette_etat') }}
    union all by name
    select * from {{ ref('int_controle_subventions') }}
    union all by name
    select * from {{ ref('int_controle_completude') }}
    union all by name
    select * from {{ ref('int_controle_tableaux_non_lus') }}
    union all by name
    select * from {{ ref('int_controle_totaux_imbriques') }}
    union all by name
    select * from {{ ref('int_controle_contreparties_fiches') }}
    union all by name
    select * from {{ ref('int_controle_sous_actions') }}
    union all by name
    select * from {{ ref('int_controle_libelles_totaux') }}
    union all by name
    select * from {{ ref('int_controle_totaux_texte') }}
    union all by name
    select * from {{ ref('int_controle_annees_budget') }}
    union all by name
    select * from {{ ref('int_controle_quantites_texte') }}
    union all by name
    select * from {{ ref('int_controle_pourcentages') }}
    union all by name
    select * from {{ ref('int_controle_bilans_flux') }}
    union all by name
    select * from {{ ref('int_controle_etat_pluriannuel') }}
    union all by name
    select * from {{ ref('int_controle_realises_aberrants') }}
)

select
    cast(controle as varchar) as controle,
    cast(gravite as varchar) as gravite,
    cast(doc_id as varchar) as doc_id,
    cast(ligne as bigint) as ligne,
    cast(valeur_declaree as decimal(18, 2)) as valeur_declaree,
    cast(valeur_calculee as decimal(18, 2)) as valeur_calculee,
    cast(ecart as decimal(18, 2)) as ecart,
    cast(message as varchar) as message,
    cast(coalesce(lignes, [ligne]) as bigint[]) as lignes
from checks
where {{ hors_quarantaine() }}
order by doc_id, ligne, controle
