-- Failed checks counted per document and check (marts.anomalies_qualite), with the label of the
-- document the quality chart shows (numero and short title, never the file hash) and its order.
select
    d.doc_id,
    d.libelle_court,
    d.ordre,
    a.controle,
    cast(count(*) as bigint) as anomalies,
    cast(count(*) filter (where a.gravite = 'erreur') as bigint) as erreurs
from {{ ref('anomalies_qualite') }} as a
inner join {{ ref('sources_documents') }} as d on a.doc_id = d.doc_id
group by d.doc_id, d.libelle_court, d.ordre, a.controle
