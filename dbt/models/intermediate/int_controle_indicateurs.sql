-- The same indicator (same wording, accents, case and punctuation aside) printed in two
-- places of a document with different targets for a year (cibles_divergentes).
with targets as (
    select
        *,
        trim(regexp_replace(lower(strip_accents(replace(replace(indicateur, '’', ''''), '«', '"'))), '[^a-z0-9]+', ' ', 'g')) as cle
    from {{ ref('stg_indicateurs_valeurs') }}
    where type_valeur = 'cible'
),

divergent as (
    select doc_id, cle, annee
    from targets
    group by doc_id, cle, annee
    having count(distinct valeur) > 1
),

first_year as (
    select doc_id, cle, min(annee) as annee from divergent group by doc_id, cle
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
        || string_agg(coalesce('action ' || t.action_code, 'tableau national') || ' (' || t.source || ', l.'
            || t.ligne_indicateur || ') : ' || cast(t.valeur as bigint), ' ; ' order by t.ligne_indicateur) as message
from targets as t
inner join first_year as f on f.doc_id = t.doc_id and f.cle = t.cle and f.annee = t.annee
group by t.doc_id, t.cle, f.annee
