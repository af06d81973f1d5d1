-- Quantities announced in the report's text vs the table's rows: a sentence total « 26
-- structures, correspondant à 527 postes et un montant de 1 233 180 € » is matched with the
-- table whose printed TOTAL is that amount; the posts (or places) announced are compared with
-- the sum of the quantities of that table's rows. When no single table has that TOTAL, two
-- consecutive tables whose TOTALs add up to it are taken together (avertissement: the pairing is
-- deduced from the figures).
with prose as (
    select
        doc_id,
        ligne,
        montant_eur,
        libelle,
        cast(replace(replace(regexp_extract(libelle, '([0-9][0-9  ]*) (postes|places)', 1), ' ', ''), ' ', '') as decimal(18, 2)) as quantite,
        regexp_extract(libelle, '([0-9][0-9  ]*) (postes|places)', 2) as unite
    from {{ ref('totaux_imprimes') }}
    where portee = 'texte' and regexp_matches(libelle, '[0-9] (postes|places)')
),

single as (
    select
        doc_id,
        tableau,
        montant_eur,
        ligne
    from {{ ref('totaux_imprimes') }}
    where portee = 'tableau'
),

-- a table alone, or two consecutive tables together (their two TOTALs)
tables as (
    select
        doc_id,
        [tableau] as tableaux,
        montant_eur,
        ligne,
        false as deux
    from single
    union all
    select
        doc_id,
        [tableau, suivant],
        montant_eur + montant_suivant,
        ligne_suivante,
        true
    from (
        select
            *,
            lead(tableau) over w as suivant,
            lead(montant_eur) over w as montant_suivant,
            lead(ligne) over w as ligne_suivante
        from single
        window w as (partition by doc_id order by ligne)
    )
    where suivant is not null
),

rows as (
    select
        doc_id,
        tableau,
        unite,
        sum(quantite) as quantite,
        count(*) as n,
        min(ligne) as premiere,
        max(ligne) as derniere,
        list(ligne order by ligne) as lignes_lignes
    from {{ ref('stg_subventions') }}
    where quantite is not null and source = 'tableau'
    group by doc_id, tableau, unite
),

joined as (
    select
        p.doc_id,
        p.ligne,
        p.montant_eur,
        p.libelle,
        p.quantite,
        p.unite,
        t.tableaux,
        t.deux,
        t.ligne as ligne_total,
        sum(r.quantite) as quantite_lignes,
        sum(r.n) as n,
        min(r.premiere) as premiere,
        max(r.derniere) as derniere,
        flatten(list(r.lignes_lignes)) as lignes_lignes
    from prose as p
    inner join tables as t on p.doc_id = t.doc_id and p.montant_eur = t.montant_eur
    inner join rows as r on t.doc_id = r.doc_id and list_contains(t.tableaux, r.tableau) and p.unite = r.unite
    group by p.doc_id, p.ligne, p.montant_eur, p.libelle, p.quantite, p.unite, t.tableaux, t.deux, t.ligne
),

matched as (
    select
        j.*,
        -- the line where the quantity is printed (the sentence may run over two lines)
        coalesce((
            select max(s.ligne) from {{ ref('stg_lignes_source') }} as s
            where s.doc_id = j.doc_id and s.ligne between j.ligne - 2 and j.ligne
                and s.texte like '%' || cast(cast(j.quantite as bigint) as varchar) || ' ' || j.unite || '%'
        ), j.ligne) as ligne_quantite
    from joined as j
    -- one table (else one pair of tables) only for the amount
    qualify count(*) over (partition by j.doc_id, j.ligne, j.deux) = 1
        and j.deux = min(j.deux) over (partition by j.doc_id, j.ligne)
)

select
    'quantite_texte_vs_tableau' as controle,
    case when deux then 'avertissement' else 'erreur' end as gravite,
    doc_id,
    ligne_quantite as ligne,
    quantite as valeur_declaree,
    quantite_lignes as valeur_calculee,
    quantite - quantite_lignes as ecart,
    'Le texte annonce ' || cast(cast(quantite as bigint) as varchar) || ' ' || unite || ' (l.' || ligne_quantite || ', pour '
    || {{ fr_eur('montant_eur') }} || ') ; les ' || n || ' lignes ' || case when deux then 'des deux tableaux consécutifs dont les TOTAUX font ce montant (dernier TOTAL l.' else 'du tableau de même TOTAL (l.' end || ligne_total
    || ') en comptent ' || cast(cast(quantite_lignes as bigint) as varchar) || ' (l.' || premiere || '–' || derniere || ')' as message,
    list_sort(list_distinct(list_concat([ligne_quantite, ligne, ligne_total], lignes_lignes))) as lignes
from matched
where quantite <> quantite_lignes
