-- Dispositifs: codes of the dispositifs table (bilans) and of the report's operations.
with seen as (
    select
        dispositif_code as code,
        dispositif as libelle,
        doc_id,
        1 as priorite
    from {{ ref('stg_bilans') }}
    where {{ hors_quarantaine() }}
    union all
    select
        dispositif_code,
        operation,
        doc_id,
        2
    from {{ ref('stg_subventions') }}
    where dispositif_code is not null and {{ hors_quarantaine() }}
)

select
    code,
    libelle,
    split_part(code, '.', 1) as thematique,
    doc_id
from seen
qualify row_number() over (partition by code order by priorite asc, length(libelle) desc, libelle asc, doc_id asc) = 1
