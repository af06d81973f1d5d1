-- Realised figures: the "Bilan YYYY" column of the dispositifs' table (source `tableau`) and the
-- realised figures of past years written in sentences (source `texte`, pipelines/extract/prose).
-- Documents in quarantine (int_documents_quarantaine) are left out.
select
    doc_id,
    annee,
    dispositif_code,
    dispositif,
    indicateur,
    valeur,
    unite,
    'tableau' as source,
    ligne,
    extrait
from {{ ref('stg_bilans') }}
where {{ hors_quarantaine() }}

union all

select
    doc_id,
    annee,
    cast(null as varchar) as dispositif_code,
    section as dispositif,
    objet as indicateur,
    valeur,
    unite,
    'texte' as source,
    ligne,
    phrase as extrait
from {{ ref('int_chiffres_texte') }}
where categorie = 'realise'
