-- Other financiers of a financing row. No table of the corpus has a co-funder column (004's
-- annex 6 has none; 000 splits an operation between ERBM and Département without per-structure
-- figures): the table is empty, typed, ready for documents that give them.
select
    cast(doc_id as varchar) as doc_id,
    cast(ligne as bigint) as ligne,
    cast(null as varchar) as financeur,
    cast(null as decimal(18, 2)) as montant_eur
from {{ ref('stg_subventions') }}
where false and {{ hors_quarantaine() }}
