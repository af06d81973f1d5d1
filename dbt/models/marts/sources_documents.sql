-- One row per document read: how the reports name it (never by its file hash). `reference` is
-- the start of every citation ("Délib. n° 2024-176 du 15 avril 2024"), `libelle_court` the label
-- of charts ("n° 2024-176 · CONTRACTUALISATION AVEC L'ÉTAT…"), `ordre` the order of the reports
-- (by date of the sitting).
with documents as (
    select
        doc.doc_id,
        d.numero,
        d.date_seance,
        d.instance,
        d.titre,
        doc.fichier as fichier_source,
        doc.sha256,
        doc.nb_lignes
    from {{ ref('documents') }} as doc
    left join {{ ref('deliberations') }} as d on doc.doc_id = d.doc_id
),

titres as (
    select
        *,
        case
            when titre is null then null
            when length(titre) <= 60 then titre
            else rtrim(regexp_replace(left(titre, 60), '\s+\S*$', ''), ' ,;:-–') || '…'
        end as titre_court
    from documents
)

select
    doc_id,
    numero,
    date_seance,
    case when date_seance is not null then {{ date_fr('date_seance') }} end as date_seance_fr,
    instance,
    titre,
    titre_court,
    case
        when numero is null then 'Document ' || fichier_source
        when date_seance is null then 'Délib. n° ' || numero
        else 'Délib. n° ' || numero || ' du ' || {{ date_fr('date_seance') }}
    end as reference,
    case
        when numero is null then fichier_source
        else 'n° ' || numero || coalesce(' · ' || titre_court, '')
    end as libelle_court,
    fichier_source,
    sha256,
    nb_lignes,
    cast(row_number() over (order by date_seance nulls last, numero, doc_id) as integer) as ordre
from titres
