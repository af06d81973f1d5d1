-- Parts vs whole over the years of a contract: the State's yearly amounts written in the
-- convention (« un montant de 3 342 548 € au titre de l'année 2024 », one per year, at least three
-- consecutive years, each within ten lines of the year before) summed, against the State shares (Etat, Etat (ERBM)...) of the fiches whose
-- budget runs over at least three of those years and no other year.
with amounts as (
    select
        doc_id,
        annee,
        montant_eur,
        ligne,
        lag(annee) over (partition by doc_id order by ligne) as annee_avant,
        lag(ligne) over (partition by doc_id order by ligne) as ligne_avant
    from {{ ref('cofinancements_texte') }}
    where part = 'etat' and regle = 'soutien_financeur' and annee is not null and beneficiaire is null
),

-- a series: one amount per year, each year written within ten lines of the year before
series as (
    select
        *,
        sum(case when annee_avant = annee - 1 and ligne - ligne_avant <= 10 then 0 else 1 end)
            over (partition by doc_id order by ligne) as serie
    from amounts
),

contract as (
    select
        doc_id,
        serie,
        sum(montant_eur) as somme,
        count(*) as n,
        min(annee) as debut,
        max(annee) as fin,
        list(ligne order by annee) as lignes,
        min(ligne) as ligne
    from series
    group by doc_id, serie
    having count(*) >= 3
    -- the first series of the document: the convention's commitment
    qualify row_number() over (partition by doc_id order by min(ligne)) = 1
),

fiches as (
    select
        doc_id,
        action_code,
        min(annee) filter (where annee is not null) as debut,
        max(annee) as fin,
        count(distinct annee) filter (where annee is not null) as n_annees,
        sum(montant_eur) filter (where annee is null and part = 'etat') as etat_eur,
        max(ligne) filter (where annee is null) as ligne_total
    from {{ ref('int_budgets_actions_parts') }}
    group by doc_id, action_code
),

shares as (
    select
        c.doc_id,
        sum(f.etat_eur) as somme,
        count(*) as n,
        list(f.ligne_total order by f.ligne_total) as lignes
    from contract as c
    inner join
        fiches
            as f
        on c.doc_id = f.doc_id and c.debut <= f.debut and c.fin >= f.fin and f.n_annees >= 3
            and f.etat_eur is not null
    group by c.doc_id
)

select
    'etat_pluriannuel_vs_fiches' as controle,
    'erreur' as gravite,
    c.doc_id,
    c.ligne,
    c.somme as valeur_declaree,
    s.somme as valeur_calculee,
    c.somme - s.somme as ecart,
    'Soutien de l''État écrit dans la convention pour ' || c.debut || '–' || c.fin || ' : ' || c.n || ' montants annuels (l.'
    || array_to_string(c.lignes, ', ') || '), soit ' || {{ fr_eur('c.somme') }} || ' ≠ somme des parts État des '
    || s.n || ' fiches pluriannuelles ' || {{ fr_eur('s.somme') }} || ' (lignes Total l.' || array_to_string(s.lignes, ', ') || ')' as message,
    list_sort(list_concat(c.lignes, s.lignes)) as lignes
from contract as c
inner join shares as s on c.doc_id = s.doc_id
where c.somme <> s.somme
