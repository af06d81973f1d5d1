-- Quantities announced in the report's text vs the table's rows: a sentence total « 26
-- structures, correspondant à 527 postes et un montant de 1 233 180 € » is matched with the
-- table whose printed TOTAL is that amount; the posts (or places) announced are compared with
-- the sum of the quantities of that table's rows.
with prose as (
    select
        doc_id, ligne, montant_eur, libelle,
        cast(replace(replace(regexp_extract(libelle, '([0-9][0-9  ]*) (postes|places)', 1), ' ', ''), ' ', '') as decimal(18, 2)) as quantite,
        regexp_extract(libelle, '([0-9][0-9  ]*) (postes|places)', 2) as unite
    from {{ ref('totaux_imprimes') }}
    where portee = 'texte' and regexp_matches(libelle, '[0-9] (postes|places)')
),

tables as (
    select doc_id, tableau, montant_eur, ligne from {{ ref('totaux_imprimes') }} where portee = 'tableau'
),

rows as (
    select doc_id, tableau, unite, sum(quantite) as quantite, count(*) as n, min(ligne) as premiere, max(ligne) as derniere,
        list(ligne order by ligne) as lignes_lignes
    from {{ ref('stg_subventions') }}
    where quantite is not null and source = 'tableau'
    group by doc_id, tableau, unite
),

matched as (
    select p.*, t.tableau, t.ligne as ligne_total, r.quantite as quantite_lignes, r.n, r.premiere, r.derniere,
        r.lignes_lignes,
        -- the line where the quantity is printed (the sentence may run over two lines)
        coalesce((
            select max(s.ligne) from {{ ref('stg_lignes_source') }} s
            where s.doc_id = p.doc_id and s.ligne between p.ligne - 2 and p.ligne
                and s.texte like '%' || cast(cast(p.quantite as bigint) as varchar) || ' ' || p.unite || '%'
        ), p.ligne) as ligne_quantite
    from prose p
    join tables t on t.doc_id = p.doc_id and t.montant_eur = p.montant_eur
    join rows r on r.doc_id = t.doc_id and r.tableau = t.tableau and r.unite = p.unite
    -- one table only for the amount
    qualify count(*) over (partition by p.doc_id, p.ligne) = 1
)

select
    'quantite_texte_vs_tableau' as controle,
    'erreur' as gravite,
    doc_id,
    ligne_quantite as ligne,
    quantite as valeur_declaree,
    quantite_lignes as valeur_calculee,
    quantite - quantite_lignes as ecart,
    'Le texte annonce ' || cast(cast(quantite as bigint) as varchar) || ' ' || unite || ' (l.' || ligne_quantite || ', pour '
        || {{ fr_eur('montant_eur') }} || ') ; les ' || n || ' lignes du tableau de même TOTAL (l.' || ligne_total
        || ') en comptent ' || cast(cast(quantite_lignes as bigint) as varchar) || ' (l.' || premiere || '–' || derniere || ')' as message,
    list_sort(list_distinct(list_concat([ligne_quantite, ligne, ligne_total], lignes_lignes))) as lignes
from matched
where quantite <> quantite_lignes
