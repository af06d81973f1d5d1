-- Printed totals nested in a pivot table (004 Annexe 6): each printed territory total against
-- its thématiques, level by level, so that one wrong figure is flagged once, where it is.
-- The level below a territory total is int_thematiques_territoires: a thématique whose total
-- is not printed for the territory counts for the sum of its rows. Sub-totals whose rows miss an amount in the text
-- (lignes_non_lues « lecture incertaine : sous-total … ») are reported as lecture_incertaine.
with levels as (
    select * from {{ ref('int_thematiques_territoires') }}
),

by_territory as (
    select
        doc_id,
        tableau,
        territoire,
        sum(montant_eur) as somme,
        string_agg(
            'T' || thematique || ' ' || {{ fr_eur('montant_eur') }}
            || case when imprime then ' (l.' || ligne || ')' else ' (somme des lignes)' end, ' + ' order by thematique
        ) as detail,
        flatten(list(lignes order by thematique)) as lignes
    from levels
    where portee = 'thematique'
    group by doc_id, tableau, territoire
),

territoire_vs_thematiques as (
    select
        'territoire_vs_thematiques' as controle,
        'erreur' as gravite,
        p.doc_id,
        p.ligne,
        p.montant_eur as valeur_declaree,
        b.somme as valeur_calculee,
        p.montant_eur - b.somme as ecart,
        p.libelle || ' (l.' || p.ligne || ') imprimé ' || {{ fr_eur('p.montant_eur') }}
        || ' ≠ somme de ses thématiques ' || {{ fr_eur('b.somme') }} || ' : ' || b.detail as message,
        list_sort(list_distinct(list_prepend(p.ligne, b.lignes))) as lignes
    from levels as p
    inner join by_territory as b on p.doc_id = b.doc_id and p.tableau = b.tableau and p.territoire = b.territoire
    where p.portee = 'territoire' and p.montant_eur <> b.somme
),

-- « lecture incertaine : sous-total 248 200,00 ≠ somme des 6 montants lus (l.436–441) 216 840,00 ; … »
doubtful as (
    select
        doc_id,
        ligne,
        texte,
        raison,
        regexp_extract(raison, 'sous-total ([0-9  ]+,[0-9]{2})', 1) as declare_txt,
        regexp_extract(raison, '\(l\.([0-9]+)[–-]([0-9]+)\) ([0-9  ]+,[0-9]{2})', ['debut', 'fin', 'somme']) as lus
    from {{ ref('stg_lignes_non_lues') }}
    where raison like 'lecture incertaine : sous-total %'
),

sous_total_incertain as (
    select
        'sous_total_incertain' as controle,
        'lecture_incertaine' as gravite,
        doubtful.doc_id,
        doubtful.ligne,
        cast(replace(replace(replace(doubtful.declare_txt, ' ', ''), ' ', ''), ',', '.') as decimal(18, 2)) as valeur_declaree,
        cast(replace(replace(replace(lus.somme, ' ', ''), ' ', ''), ',', '.') as decimal(18, 2)) as valeur_calculee,
        cast(replace(replace(replace(doubtful.declare_txt, ' ', ''), ' ', ''), ',', '.') as decimal(18, 2))
        - cast(replace(replace(replace(lus.somme, ' ', ''), ' ', ''), ',', '.') as decimal(18, 2)) as ecart,
        'Sous-total de la ligne ' || doubtful.ligne || ' : ' || doubtful.raison
        || ' (l.' || lus.debut || '–' || lus.fin || ') — montant probablement perdu à l''extraction, à vérifier sur l''original' as message,
        list_prepend(doubtful.ligne, range(cast(lus.debut as bigint), cast(lus.fin as bigint) + 1)) as lignes
    from doubtful
    where doubtful.declare_txt <> '' and lus.somme <> ''
)

select * from territoire_vs_thematiques
union all by name
select * from sous_total_incertain
