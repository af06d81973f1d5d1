-- A document cut short: what the parsers saw announced or opened and never shown
-- (pipelines/extract/completeness.py writes one line of raw.lignes_non_lues per finding, its
-- reason starting with « document incomplet : »). Severity `avertissement`: the figures read
-- do not disagree, a part of the document is missing — like a missing counterpart.
select
    'document_incomplet' as controle,
    'avertissement' as gravite,
    doc_id,
    ligne,
    cast(null as decimal(18, 2)) as valeur_declaree,
    cast(null as decimal(18, 2)) as valeur_calculee,
    cast(null as decimal(18, 2)) as ecart,
    'Document incomplet : ' || trim(substr(raison, length('document incomplet :') + 1)) as message
from {{ ref('stg_lignes_non_lues') }}
where raison like 'document incomplet :%'
