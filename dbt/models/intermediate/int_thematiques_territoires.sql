-- One figure per territory and thématique of a pivot table (a table that prints territory
-- totals, e.g. 004 Annexe 6): the printed territorial thématique total, or, when that total is
-- not printed, the sum of the rows read for it. This is the level just below a territory total
-- and just below an article. The territory of a printed total is named by its label
-- (« Total THEMATIQUE 1 – BOULONNAIS », « Total BOULONNAIS »); an unnamed one (« Total
-- THEMATIQUE 1 », « Total du territoire ») belongs to the next territory total of the table,
-- and an unnamed territory total to the territory of the rows nearest to it that no label names.
-- The printed territory totals are given too (portee territoire), for the level above.
with totals as (
    select * from {{ ref('stg_totaux_imprimes') }}
    where tableau is not null and portee in ('thematique', 'territoire')
),

pivots as (
    select distinct
        doc_id,
        tableau
    from totals
    where portee = 'territoire'
),

row_lines as (
    select
        r.doc_id,
        r.tableau,
        upper(trim(r.territoire)) as territoire,
        r.thematique,
        r.montant_eur,
        r.ligne
    from {{ ref('stg_subventions') }} as r
    inner join pivots as p on r.doc_id = p.doc_id and r.tableau = p.tableau
    where r.source = 'tableau' and r.territoire is not null
),

named as (
    select
        doc_id,
        tableau,
        upper(trim(coalesce(
            nullif(regexp_extract(libelle, ' – (.+)$', 1), ''),
            regexp_extract(libelle, '^Total (.+)$', 1)
        ))) as territoire
    from totals
),

territory_totals as (
    select
        t.doc_id,
        t.tableau,
        t.ligne,
        t.libelle,
        t.montant_eur,
        coalesce(
            nullif(upper(trim(regexp_extract(t.libelle, '^Total (.+)$', 1))), 'DU TERRITOIRE'),
            (
                select arg_min(r.territoire, abs(r.ligne - t.ligne)) from row_lines as r
                where r.doc_id = t.doc_id and r.tableau = t.tableau
                    and r.territoire not in (
                        select n.territoire from named as n
                        where n.doc_id = t.doc_id and n.tableau = t.tableau and n.territoire is not null
                    )
            ),
            'l.' || t.ligne
        ) as territoire
    from totals as t
    where t.portee = 'territoire'
),

theme_totals as (
    select
        t.doc_id,
        t.tableau,
        t.thematique,
        t.montant_eur,
        t.ligne,
        coalesce(
            nullif(upper(trim(regexp_extract(t.libelle, ' – (.+)$', 1))), ''),
            (
                select arg_min(tt.territoire, tt.ligne) from territory_totals as tt
                where tt.doc_id = t.doc_id and tt.tableau = t.tableau and tt.ligne >= t.ligne
            )
        ) as territoire
    from totals as t
    inner join pivots as p on t.doc_id = p.doc_id and t.tableau = p.tableau
    where t.portee = 'thematique'
),

rows as (
    select
        doc_id,
        tableau,
        territoire,
        thematique,
        sum(montant_eur) as montant_eur,
        list(ligne order by ligne) as lignes
    from row_lines
    group by all
)

select
    'thematique' as portee,
    doc_id,
    tableau,
    territoire,
    thematique,
    montant_eur,
    [ligne] as lignes,
    true as imprime,
    ligne,
    cast(null as varchar) as libelle
from theme_totals
union all
select
    'thematique',
    r.doc_id,
    r.tableau,
    r.territoire,
    r.thematique,
    r.montant_eur,
    r.lignes,
    false,
    r.lignes[1],
    null
from rows as r
where not exists (
        select 1 from theme_totals as t
        where t.doc_id = r.doc_id and t.tableau = r.tableau and t.territoire = r.territoire and t.thematique = r.thematique
    )
union all
-- the printed territory totals themselves, the level above
select
    'territoire',
    doc_id,
    tableau,
    territoire,
    null,
    montant_eur,
    [ligne],
    true,
    ligne,
    libelle
from territory_totals
