-- A total's label printed on an amount that is not that total (the reader lists it in
-- lignes_non_lues: « libellé « Total THEMATIQUE 4 … » sur un montant qui n'est pas ce total
-- (289 400,01) »): the amount under the label against the real total of that thématique for the
-- territory, i.e. the printed total found within two lines, or the sum of its rows when the
-- reader notes on the same line that the total is not printed. A label one line off its total
-- (the amount under it is itself a printed total nearby) or printed on a financing row is the
-- table's layout, not flagged, unless the thématique's total is printed nowhere.
-- avertissement: the layout of the document is wrong; the figures of the table still add up.
with unread as (
    select * from {{ ref('stg_lignes_non_lues') }}
),

labels as (
    select
        doc_id,
        ligne,
        regexp_extract(raison, '^libellé « Total THEMATIQUE ([0-9]+)', 1) as thematique,
        cast(replace(replace(replace(regexp_extract(raison, '\(([0-9  ]+,[0-9]{2})\)\s*$', 1), ' ', ''), ' ', ''), ',', '.') as decimal(18, 2)) as montant_eur,
        regexp_extract(raison, '^libellé (« [^»]+ »)', 1) as libelle
    from unread
    where raison like 'libellé « Total THEMATIQUE %' and regexp_matches(raison, '\([0-9  ]+,[0-9]{2}\)\s*$')
),

not_printed as (
    select
        doc_id,
        ligne,
        regexp_extract(raison, '^total de la thématique ([0-9]+)', 1) as thematique,
        cast(replace(replace(replace(regexp_extract(raison, '([0-9  ]+,[0-9]{2})\s*$', 1), ' ', ''), ' ', ''), ',', '.') as decimal(18, 2)) as somme
    from unread
    where raison like 'total de la thématique % non imprimé%'
),

printed as (
    select
        doc_id,
        thematique,
        montant_eur,
        ligne
    from {{ ref('int_thematiques_territoires') }}
    where portee = 'thematique' and imprime
),

matched as (
    select
        l.doc_id,
        l.ligne,
        l.thematique,
        l.libelle,
        l.montant_eur,
        coalesce(n.somme, p.montant_eur) as total_eur,
        p.ligne as ligne_total,
        n.somme is not null as non_imprime
    from labels as l
    left join not_printed as n on l.doc_id = n.doc_id and l.ligne = n.ligne and l.thematique = n.thematique
    left join
        printed
            as p
        on l.doc_id = p.doc_id and l.thematique = p.thematique
            and l.ligne <> p.ligne and abs(p.ligne - l.ligne) <= 2 and n.somme is null
    qualify row_number() over (partition by l.doc_id, l.ligne order by abs(coalesce(p.ligne, l.ligne) - l.ligne)) = 1
)

select
    'libelle_total_deplace' as controle,
    'avertissement' as gravite,
    doc_id,
    ligne,
    montant_eur as valeur_declaree,
    total_eur as valeur_calculee,
    montant_eur - total_eur as ecart,
    'Libellé ' || libelle || ' imprimé sur ' || {{ fr_eur('montant_eur') }} || ' (l.' || ligne || '), qui n''est pas ce total : '
    || case when non_imprime
            then 'le total de la thématique ' || thematique || ' du territoire n''est imprimé nulle part, la somme de ses lignes est '
        else 'le total de la thématique ' || thematique || ' du territoire est '
    end
    || {{ fr_eur('total_eur') }} || coalesce(' (l.' || ligne_total || ')', '') as message,
    list_sort(list_distinct([ligne, coalesce(ligne_total, ligne)])) as lignes
from matched as m
where total_eur is not null and montant_eur <> total_eur
    and (
        non_imprime
        or (
            not exists (
                select 1 from {{ ref('stg_totaux_imprimes') }} as t
                where t.doc_id = m.doc_id and t.montant_eur = m.montant_eur and abs(t.ligne - m.ligne) <= 3
                    and t.portee in ('thematique', 'territoire', 'general')
            )
            and not exists (
                select 1 from {{ ref('stg_subventions') }} as r
                where r.doc_id = m.doc_id and r.ligne = m.ligne and r.montant_eur = m.montant_eur
            )
        )
    )
