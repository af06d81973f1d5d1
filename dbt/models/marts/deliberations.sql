select
    d.doc_id,
    d.numero,
    d.instance,
    d.date_seance,
    d.titre,
    doc.fichier as fichier_source,
    doc.sha256,
    d.votes_pour,
    d.votes_contre,
    d.abstentions,
    d.numero_ligne as ligne
from {{ ref('stg_deliberations') }} as d
inner join {{ ref('stg_documents') }} as doc on d.doc_id = doc.doc_id
-- a document in quarantine (same numero as an earlier file) is listed in documents_rejetes
where {{ hors_quarantaine('d.doc_id') }}
