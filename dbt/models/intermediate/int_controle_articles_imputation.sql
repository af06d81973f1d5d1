-- Sum of the amounts decided in the articles against the total of the decision's
-- imputation table (Dépense € or Recette € column). Documents whose articles state no
-- amount are not checked.
with articles as (
    select
        doc_id,
        sum(montant_eur) as total_articles,
        min(ligne) as ligne
    from {{ ref('stg_montants_articles') }}
    group by doc_id
),

imputation as (
    select
        doc_id,
        sum(montant_eur) as total_imputation,
        min(ligne) as ligne
    from {{ ref('stg_lignes_budgetaires') }}
    where tableau = 'deliberation'
    group by doc_id
)

select
    'articles_vs_imputation' as controle,
    case when imputation.doc_id is null then 'avertissement' else 'erreur' end as gravite,
    articles.doc_id,
    coalesce(imputation.ligne, articles.ligne) as ligne,
    imputation.total_imputation as valeur_declaree,
    articles.total_articles as valeur_calculee,
    imputation.total_imputation - articles.total_articles as ecart,
    case
        when imputation.doc_id is null
            then 'Aucun tableau d''imputation lu dans la délibération, alors que ses articles décident '
                || {{ fr_eur('articles.total_articles') }}
        else 'Total du tableau d''imputation de la délibération (' || {{ fr_eur('imputation.total_imputation') }}
            || ') différent de la somme des montants des articles (' || {{ fr_eur('articles.total_articles') }} || ')'
    end as message
from articles
left join imputation on articles.doc_id = imputation.doc_id
where imputation.doc_id is null or imputation.total_imputation <> articles.total_articles
