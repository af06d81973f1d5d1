-- Every amount decided in an article is stated again in the President's report
-- ("Il convient de statuer ..."). Documents whose report states no amount are not checked.
with articles as (
    select * from {{ ref('stg_montants_articles') }}
),

rapport as (
    select * from {{ ref('stg_montants_rapport') }}
)

select
    'articles_vs_rapport' as controle,
    'erreur' as gravite,
    articles.doc_id,
    articles.ligne,
    articles.montant_eur as valeur_declaree,
    cast(null as decimal(18, 2)) as valeur_calculee,
    cast(null as decimal(18, 2)) as ecart,
    'Article ' || articles.article || ' : ' || {{ fr_eur('articles.montant_eur') }}
    || ' ne figure pas parmi les montants proposés par le rapport ('
    || (
        select string_agg({{ fr_eur('r.montant_eur') }}, ' ; ' order by r.ligne) from rapport as r
        where r.doc_id = articles.doc_id
    )
    || ')' as message
from articles
where articles.doc_id in (select doc_id from rapport)
    and not exists (
        select 1 from rapport
        where rapport.doc_id = articles.doc_id and rapport.montant_eur = articles.montant_eur
    )
