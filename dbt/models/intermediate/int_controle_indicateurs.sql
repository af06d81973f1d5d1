-- The same indicator (same wording, accents, case and punctuation aside) printed in two
-- places of a document with different targets for a year (cibles_divergentes). A target of
-- the national table that is exactly the sum of the fiches' targets for that year is their
-- total, not a divergence (the targets are parts of a sum).
with targets as (
    select
        *,
        trim(regexp_replace(lower(strip_accents(replace(replace(indicateur, '’', ''''), '«', '"'))), '[^a-z0-9]+', ' ', 'g')) as cle
    from {{ ref('stg_indicateurs_valeurs') }}
    where type_valeur = 'cible'
),

-- one target per fiche and year (a fiche may print it twice), and the national one
per_place as (
    select
        doc_id,
        cle,
        annee,
        action_code,
        max(valeur) as valeur,
        count(distinct valeur) as n
    from targets
    group by doc_id, cle, annee, action_code
),

sums as (
    select
        doc_id,
        cle,
        annee,
        max(valeur) filter (where action_code is null) as nationale,
        sum(valeur) filter (where action_code is not null) as somme_fiches,
        count(*) filter (where action_code is not null) as n_fiches,
        max(n) as n_max
    from per_place
    group by doc_id, cle, annee
),

divergent as (
    select
        t.doc_id,
        t.cle,
        t.annee
    from targets as t
    inner join sums as s on t.doc_id = s.doc_id and t.cle = s.cle and t.annee = s.annee
    group by t.doc_id, t.cle, t.annee
    having count(distinct t.valeur) > 1
        and not coalesce(
            any_value(s.n_max) = 1 and any_value(s.n_fiches) > 1 and any_value(s.nationale) = any_value(s.somme_fiches),
            false
        )
),

first_year as (
    select
        doc_id,
        cle,
        min(annee) as annee
    from divergent
    group by doc_id, cle
)

select
    'cibles_divergentes' as controle,
    'avertissement' as gravite,
    t.doc_id,
    min(t.ligne_indicateur) as ligne,
    max(t.valeur) as valeur_declaree,
    min(t.valeur) as valeur_calculee,
    max(t.valeur) - min(t.valeur) as ecart,
    'Indicateur « ' || any_value(t.indicateur) || ' » : cibles ' || f.annee || ' différentes selon l''endroit — '
    || string_agg(
        coalesce('action ' || t.action_code, 'tableau national') || ' (' || t.source || ', l.'
        || t.ligne_indicateur || ') : ' || cast(t.valeur as bigint), ' ; ' order by t.ligne_indicateur
    ) as message
from targets as t
inner join first_year as f on t.doc_id = f.doc_id and t.cle = f.cle and t.annee = f.annee
group by t.doc_id, t.cle, f.annee
