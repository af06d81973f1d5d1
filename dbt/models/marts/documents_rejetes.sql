-- Documents refused at ingestion (raw.documents_rejetes) and documents quarantined by dbt
-- because an earlier file has the same numero (int_documents_quarantaine).
select
    fichier,
    sha256,
    taille_octets,
    raison
from {{ ref('stg_documents_rejetes') }}
union all
select
    fichier,
    sha256,
    taille_octets,
    raison
from {{ ref('int_documents_quarantaine') }}
