-- The same total stated twice: a total written in a sentence of the report (« 7 associations,
-- 50 postes et un montant de 255 000 € ») against the printed totals of the tables. A sentence
-- total that no table total equals, while exactly one table total has the same number of digits
-- and differs from it by one digit only, is a probable typo (255 000 / 225 000). Both figures
-- must have at least three significant digits (100 000 and 200 000 also differ by one digit).
with totals as (
    select
        *,
        cast(cast(montant_eur * 100 as bigint) as varchar) as chiffres,
        length(rtrim(cast(cast(montant_eur as bigint) as varchar), '0')) as significatifs
    from {{ ref('totaux_imprimes') }}
    where montant_eur >= 1000
),

prose as (
    select * from totals
    where portee = 'texte'
),

tables as (
    select * from totals
    where portee <> 'texte'
),

pairs as (
    select
        p.doc_id,
        p.ligne,
        p.libelle,
        p.montant_eur,
        t.ligne as ligne_tableau,
        t.libelle as libelle_tableau,
        t.montant_eur as montant_tableau
    from prose as p
    inner join tables as t on p.doc_id = t.doc_id and length(t.chiffres) = length(p.chiffres) and p.montant_eur <> t.montant_eur
    where p.significatifs >= 3 and t.significatifs >= 3
        and len(list_filter(
            range(1, length(p.chiffres) + 1),
            lambda i: substr(p.chiffres, i, 1) <> substr(t.chiffres, i, 1)
        )) = 1
        and not exists (
            select 1 from tables as e
            where e.doc_id = p.doc_id and e.montant_eur = p.montant_eur
        )
    qualify count(*) over (partition by p.doc_id, p.ligne) = 1
)

select
    'total_texte_vs_tableau' as controle,
    'avertissement' as gravite,
    doc_id,
    ligne,
    montant_eur as valeur_declaree,
    montant_tableau as valeur_calculee,
    montant_eur - montant_tableau as ecart,
    'Total écrit dans le texte ' || {{ fr_eur('montant_eur') }} || ' (l.' || ligne || ' : « … ' || libelle || ' »)'
    || ' ≠ total du tableau ' || {{ fr_eur('montant_tableau') }} || ' (l.' || ligne_tableau
    || ') : un seul chiffre diffère, faute de frappe probable' as message,
    list_sort([ligne, ligne_tableau]) as lignes
from pairs
