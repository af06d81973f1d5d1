-- Consistency checks of the financing rows (marts.subventions) against the totals the
-- deliberation prints: per table, per thématique (annex and article), overall, and against
-- the imputation table; plus rows that look duplicated, sub-totals printed on a structure's
-- row, amounts off the table's unit rate and numbers written with a misplaced separator.
-- One row per failed check; "faute de frappe probable" when the two figures differ by one digit only.
with rows as (
    select * from {{ ref('stg_subventions') }}
),

totals as (
    select * from {{ ref('stg_totaux_imprimes') }}
),

by_table as (
    select
        doc_id,
        tableau,
        sum(montant_eur) as somme,
        count(*) as n
    from rows
    where source = 'tableau'
    group by doc_id, tableau
),

-- the level just below an article: in a pivot table (it prints territory totals), each
-- territory's printed thématique total (or the sum of its rows when it is not printed); elsewhere
-- the rows. A row missing from a territory total is then flagged where it is, not at the article.
levels as (
    select * from {{ ref('int_thematiques_territoires') }}
),

pivots as (
    select distinct
        doc_id,
        tableau
    from levels
),

by_theme as (
    select
        doc_id,
        thematique,
        sum(somme) as somme,
        sum(n) as n
    from (
        select
            doc_id,
            thematique,
            montant_eur as somme,
            1 as n
        from levels
        where portee = 'thematique'
        union all
        select
            r.doc_id,
            r.thematique,
            r.montant_eur,
            1
        from rows as r
        where not exists (
                select 1 from pivots as p
                where p.doc_id = r.doc_id and p.tableau = r.tableau
            )
    )
    group by doc_id, thematique
),

-- amounts written in sentences (e.g. a fund's endowment paid to the CAF): an article whose
-- thématique has no row read may be paid that way
prose_amounts as (
    select
        doc_id,
        montant_eur,
        min(ligne) as ligne
    from {{ ref('cofinancements_texte') }}
    group by doc_id, montant_eur
),

articles as (
    select
        doc_id,
        sum(montant_eur) as somme,
        count(*) as n
    from totals
    where portee = 'article'
    group by doc_id
),

total_tableau as (
    select
        'total_tableau' as controle,
        'erreur' as gravite,
        t.doc_id,
        t.ligne,
        t.montant_eur as valeur_declaree,
        coalesce(b.somme, 0) as valeur_calculee,
        'Tableau de la ligne ' || t.tableau || ' : TOTAL imprimé ' || {{ fr_eur('t.montant_eur') }}
        || ' ≠ somme des ' || coalesce(b.n, 0) || ' lignes lues ' || {{ fr_eur('coalesce(b.somme, 0)') }} as message
    from totals as t
    left join by_table as b on t.doc_id = b.doc_id and t.tableau = b.tableau
    where t.portee = 'tableau' and t.montant_eur <> coalesce(b.somme, 0)
),

-- thématique totals of the tables (a TOTAL after a TOTAL) against their rows
total_thematique_annexe as (
    select
        'total_thematique' as controle,
        'erreur' as gravite,
        t.doc_id,
        t.ligne,
        t.montant_eur,
        coalesce(b.somme, 0),
        'Thématique ' || t.thematique || ' : total imprimé dans l''annexe ' || {{ fr_eur('t.montant_eur') }}
        || ' ≠ somme des subventions lues ' || {{ fr_eur('coalesce(b.somme, 0)') }}
    from totals as t
    left join by_theme as b on t.doc_id = b.doc_id and t.thematique = b.thematique
    where t.portee = 'thematique' and t.tableau is null and t.montant_eur <> coalesce(b.somme, 0)
),

-- the article's total of each thématique against the rows read (and against the annex total)
total_thematique_article as (
    select
        'total_thematique' as controle,
        case when b.n is null then 'lecture_incertaine' else 'erreur' end as gravite,
        t.doc_id,
        t.ligne,
        t.montant_eur,
        coalesce(b.somme, 0),
        t.libelle || ' : total décidé ' || {{ fr_eur('t.montant_eur') }}
        || case when b.n is null
                then ' : aucune subvention ni montant écrit dans le texte n''est lu pour la thématique ' || t.thematique
            else ' ≠ somme des ' || b.n || ' montants du niveau inférieur (totaux de territoire imprimés ou subventions lues) pour la thématique ' || t.thematique
                || ' ' || {{ fr_eur('b.somme') }}
        end
        || coalesce(' ; total imprimé dans l''annexe : ' || {{ fr_eur('a.montant_eur') }} || ' (l.' || a.ligne || ')', '')
    from totals as t
    left join by_theme as b on t.doc_id = b.doc_id and t.thematique = b.thematique
    left join totals as a on t.doc_id = a.doc_id and t.thematique = a.thematique and a.portee = 'thematique' and a.tableau is null
    where t.portee = 'article' and t.montant_eur <> coalesce(b.somme, 0)
        and exists (
            select 1 from rows as r
            where r.doc_id = t.doc_id
        )
        -- nothing read for the thématique, but the amount is written in a sentence: it holds
        and not (b.n is null and exists (
            select 1 from prose_amounts as p
            where p.doc_id = t.doc_id and p.montant_eur = t.montant_eur
        ))
),

-- the Total général against the level just below: the articles when the deliberation prints
-- them (each article is checked against its own parts), else the rows
total_general as (
    select
        'total_general' as controle,
        'erreur' as gravite,
        t.doc_id,
        t.ligne,
        t.montant_eur,
        coalesce(a.somme, s.somme),
        t.libelle || ' imprimé ' || {{ fr_eur('t.montant_eur') }}
        || case when a.somme is not null then ' ≠ somme des ' || a.n || ' articles ' || {{ fr_eur('a.somme') }}
            else ' ≠ somme des subventions lues ' || {{ fr_eur('s.somme') }}
        end
    from totals as t
    inner join (select
        doc_id,
        sum(montant_eur) as somme
    from rows
    group by doc_id) as s on t.doc_id = s.doc_id
    left join articles as a on t.doc_id = a.doc_id
    where t.portee = 'general' and t.montant_eur <> coalesce(a.somme, s.somme)
),

-- all the financing read for a deliberation against the expense of its imputation table, when
-- the deliberation prints no article totals (otherwise the imputation is checked against the
-- articles by articles_vs_imputation, and each article against its parts)
subventions_imputation as (
    select
        'subventions_vs_imputation' as controle,
        'erreur' as gravite,
        i.doc_id,
        i.ligne,
        i.somme,
        s.somme,
        'Dépense du tableau d''imputation ' || {{ fr_eur('i.somme') }} || ' ≠ somme des subventions lues '
        || {{ fr_eur('s.somme') }}
    from (
        select
            doc_id,
            min(ligne) as ligne,
            sum(montant_eur) as somme
        from {{ ref('stg_lignes_budgetaires') }}
        where tableau = 'deliberation' and sens = 'depense'
        group by doc_id
    ) as i
    inner join (select
        doc_id,
        sum(montant_eur) as somme
    from rows
    group by doc_id) as s on i.doc_id = s.doc_id
    where i.somme <> s.somme
        and not exists (
            select 1 from articles as a
            where a.doc_id = i.doc_id
        )
),

doublons as (
    select
        'subvention_doublon' as controle,
        'avertissement' as gravite,
        r.doc_id,
        r.ligne,
        r.montant_eur,
        cast(null as decimal(18, 2)),
        'Même structure, même complément et même montant qu''à la ligne ' || d.ligne || ' : « ' || r.structure
        || ' » ' || {{ fr_eur('r.montant_eur') }} || ' (doublon ou montant recopié)'
    from rows as r
    inner join rows as d on r.doc_id = d.doc_id and r.structure = d.structure and r.montant_eur = d.montant_eur
        and coalesce(d.complement, '') = coalesce(r.complement, '') and r.ligne > d.ligne
),

-- a structure's amount equal to the sum of the next rows of its table: a sub-total printed
-- on the row (the amounts of the table are then one row off their structures). Not in a pivot
-- table whose nesting the reader placed by arithmetic (it prints territory totals): its
-- sub-totals are already set apart from the rows, and an equality left there is a coincidence.
ordered as (
    select
        *,
        row_number() over (partition by doc_id, tableau order by ligne) as rang,
        sum(montant_eur) over (partition by doc_id, tableau order by ligne) as cumul
    from rows
    where source = 'tableau'
),

sous_totaux as (
    select
        'sous_total_en_ligne' as controle,
        'avertissement' as gravite,
        a.doc_id,
        a.ligne,
        a.montant_eur,
        b.cumul - a.cumul,
        '« ' || a.structure || ' » : montant ' || {{ fr_eur('a.montant_eur') }} || ' = somme des '
        || (
            b.rang - a.rang) || ' lignes suivantes (l.' || (
            select min(ligne) from ordered as o
            where o.doc_id = a.doc_id and o.tableau = a.tableau and o.rang = a.rang + 1
        )
        || '–' || b.ligne || ') : sous-total imprimé sur la ligne d''une structure, montants décalés'
    from ordered as a
    inner join
        ordered
            as b
        on a.doc_id = b.doc_id and a.tableau = b.tableau and b.rang >= a.rang + 3
            and b.cumul - a.cumul = a.montant_eur
    where a.montant_eur > 0
        and not exists (
            select 1 from totals as t
            where t.doc_id = a.doc_id and t.tableau = a.tableau and t.portee = 'territoire'
        )
    qualify row_number() over (partition by a.doc_id, a.ligne order by b.rang) = 1
),

-- amount per unit (place, poste) against the most frequent rate of the table
rates as (
    select
        doc_id,
        tableau,
        unite,
        montant_eur / quantite as taux,
        count(*) as n,
        sum(count(*)) over (partition by doc_id, tableau, unite) as total_n
    from rows
    where quantite > 0 and unite in ('places', 'postes')
    group by doc_id, tableau, unite, montant_eur / quantite
),

modal as (
    select * from rates
    qualify row_number() over (partition by doc_id, tableau, unite order by n desc, taux asc) = 1
        and n * 2 > total_n
),

hors_taux as (
    select
        'montant_hors_taux' as controle,
        'avertissement' as gravite,
        r.doc_id,
        r.ligne,
        r.montant_eur,
        cast(r.quantite * m.taux as decimal(18, 2)),
        '« ' || r.structure || ' » : ' || cast(cast(r.quantite as integer) as varchar) || ' ' || r.unite || ' pour '
        || {{ fr_eur('r.montant_eur') }} || ', alors que ' || m.n || ' lignes sur ' || m.total_n || ' du tableau sont à '
        || {{ fr_eur('m.taux') }} || ' par ' || rtrim(r.unite, 's') || ' (' || {{ fr_eur('r.quantite * m.taux') }}
        || ') : chiffre à vérifier'
    from rows as r
    inner join modal as m on r.doc_id = m.doc_id and r.tableau = m.tableau and r.unite = m.unite
    where r.quantite > 0 and r.montant_eur / r.quantite <> m.taux
),

mal_formes as (
    select
        'chiffre_mal_forme' as controle,
        'avertissement' as gravite,
        doc_id,
        ligne,
        cast(null as decimal(18, 2)),
        cast(null as decimal(18, 2)),
        raison || ' : « ' || texte || ' »'
    from {{ ref('stg_lignes_non_lues') }}
    where raison like '%nombre mal formé%'
),

checks as (
    select * from total_tableau
    union all
    select * from total_thematique_annexe
    union all
    select * from total_thematique_article
    union all
    select * from total_general
    union all
    select * from subventions_imputation
    union all
    select * from doublons
    union all
    select * from sous_totaux
    union all
    select * from hors_taux
    union all
    select * from mal_formes
)

select
    controle,
    gravite,
    doc_id,
    ligne,
    valeur_declaree,
    valeur_calculee,
    valeur_declaree - valeur_calculee as ecart,
    message || case
        -- same number of digits, exactly one position differs (785 000 / 385 000)
        when valeur_calculee <> 0
            and length(cast(abs(valeur_declaree) as varchar)) = length(cast(abs(valeur_calculee) as varchar))
            and len(list_filter(
                range(1, length(cast(abs(valeur_declaree) as varchar)) + 1),
                lambda i: substr(cast(abs(valeur_declaree) as varchar), i, 1) <> substr(cast(abs(valeur_calculee) as varchar), i, 1)
            )) = 1
            then ' — un seul chiffre diffère : faute de frappe probable'
        else ''
    end as message
from checks
