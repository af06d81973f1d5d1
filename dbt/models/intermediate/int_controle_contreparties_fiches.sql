-- A fiche's text vs the contract's recap table: the Département's counterpart written in a
-- fiche (« à hauteur de 139 700 € ») against the Département's column of the table for the
-- same action. A fiche is recognised by the State share its budget sentence prints (« dont
-- part Etat ») when exactly one action of the table has that State amount; its counterpart is
-- the Département figure written before the next fiche's budget sentence. When every action of
-- the table has its fiche counterpart, their sum is also compared with the table's total of the
-- Département column (avertissement: it follows from the actions' gaps, flagged above).
with prose as (
    select * from {{ ref('cofinancements_texte') }}
),

anchors as (
    select
        doc_id,
        ligne,
        montant_eur as etat_eur,
        lead(ligne) over (partition by doc_id order by ligne) as ligne_suivante
    from prose
    where part = 'etat' and regle = 'budget_dont_part'
),

table_parts as (
    select
        doc_id,
        action_code,
        part,
        sum(montant_eur) as montant_eur,
        min(ligne) as ligne
    from {{ ref('int_cofinancements') }}
    where source = 'tableau_financier' and part in ('etat', 'departement')
    group by doc_id, action_code, part
),

-- the action of each fiche: the only one whose State amount in the table is the fiche's
fiches as (
    select
        a.doc_id,
        a.ligne as ligne_fiche,
        a.ligne_suivante,
        any_value(t.action_code) as action_code
    from anchors as a
    inner join table_parts as t on a.doc_id = t.doc_id and t.part = 'etat' and a.etat_eur = t.montant_eur
    group by a.doc_id, a.ligne, a.ligne_suivante
    having count(distinct t.action_code) = 1
),

counterparts as (
    select
        f.doc_id,
        f.action_code,
        f.ligne_fiche,
        p.montant_eur,
        p.ligne
    from fiches as f
    inner join
        prose
            as p
        on f.doc_id = p.doc_id and p.part = 'departement'
            and f.ligne_fiche < p.ligne and (f.ligne_suivante is null or f.ligne_suivante > p.ligne)
    -- one counterpart figure per fiche, else the fiche is not compared
    qualify count(*) over (partition by f.doc_id, f.ligne_fiche) = 1
),

by_action as (
    select
        'contrepartie_fiche_vs_tableau' as controle,
        'erreur' as gravite,
        c.doc_id,
        c.ligne,
        c.montant_eur as valeur_declaree,
        t.montant_eur as valeur_calculee,
        c.montant_eur - t.montant_eur as ecart,
        'Action ' || c.action_code || ' : contrepartie du Département écrite dans la fiche ' || {{ fr_eur('c.montant_eur') }}
        || ' (l.' || c.ligne || ') ≠ part du Département dans le tableau financier ' || {{ fr_eur('t.montant_eur') }}
        || ' (l.' || t.ligne || ')' as message,
        list_sort([c.ligne, t.ligne]) as lignes
    from counterparts as c
    inner join table_parts as t on c.doc_id = t.doc_id and c.action_code = t.action_code and t.part = 'departement'
    where c.montant_eur <> t.montant_eur
),

table_total as (
    select
        doc_id,
        max(departement_eur) as departement_eur,
        max(ligne) as ligne
    from {{ ref('stg_plans_financiers') }}
    where type_ligne = 'total' and departement_eur is not null
    group by doc_id
    having count(*) = 1
),

sums as (
    select
        c.doc_id,
        sum(c.montant_eur) as somme,
        count(distinct c.action_code) as n,
        list(c.ligne order by c.ligne) as lignes
    from counterparts as c
    group by c.doc_id
    having count(distinct c.action_code) = (
            select count(distinct t.action_code) from table_parts as t
            where t.doc_id = c.doc_id and t.part = 'departement'
        )
),

total as (
    select
        'contreparties_fiches_vs_total' as controle,
        'avertissement' as gravite,
        t.doc_id,
        t.ligne,
        t.departement_eur as valeur_declaree,
        s.somme as valeur_calculee,
        t.departement_eur - s.somme as ecart,
        'Total du Département dans le tableau financier ' || {{ fr_eur('t.departement_eur') }} || ' (l.' || t.ligne
        || ') ≠ somme des contreparties écrites dans les ' || s.n || ' fiches ' || {{ fr_eur('s.somme') }}
        || ' (l.' || array_to_string(s.lignes, ', ') || ') : conséquence des écarts par action' as message,
        list_sort(list_prepend(t.ligne, s.lignes)) as lignes
    from table_total as t
    inner join sums as s on t.doc_id = s.doc_id
    where t.departement_eur <> s.somme
)

select * from by_action
union all
select * from total
